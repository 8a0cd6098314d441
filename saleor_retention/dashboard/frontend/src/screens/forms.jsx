// The form pieces of the configuration screens: running a mutation, fields that show the
// API's message about them, lists of keyed rows, what a save answered, and a button that
// asks before it acts.
import { Box, Button, Checkbox, Input, Text, Textarea } from "@saleor/macaw-ui";
import { useState } from "react";
import { defineMessages, useIntl } from "react-intl";

import { AccessDenied, callApi } from "../api.js";
import { translate, translateList } from "../i18n.jsx";

const MESSAGES = defineMessages({
  unavailable: { id: "common.form.unavailable", defaultMessage: "{problem} Try again." },
  expired: { id: "common.form.expired",
    defaultMessage: "Your session expired: save again once the Dashboard has renewed it, or reload the page (what you typed is lost then)." },
  permission: { id: "common.form.permission",
    defaultMessage: "You need the {permissions} permission to {action}." },
  installation: { id: "common.form.installation",
    defaultMessage: "This page belongs to another app installation: nothing was saved." },
  invalid: { id: "common.form.invalid",
    defaultMessage: "Nothing was saved: correct the fields marked." },
  remove: { id: "common.form.remove", defaultMessage: "Remove" },
  delete: { id: "common.form.delete", defaultMessage: "Delete" },
  cancel: { id: "common.form.cancel", defaultMessage: "Cancel" },
});

// Speaks for a caller that passes no `intl`: the English texts.

// Plain fields' look. The border colour comes from the Box's `borderColor`, so that an error
// can turn it red (tables.jsx FIELD_STYLE's `border` shorthand would override it).
const ROW_INPUT_STYLE = {
  padding: "6px 8px", borderRadius: "4px", borderWidth: "1px", borderStyle: "solid",
  font: "inherit", fontSize: "14px", background: "transparent", color: "inherit",
  minWidth: "120px",
};
// A native select as tall as macaw-ui's inputs.
const SELECT_STYLE = { ...ROW_INPUT_STYLE, padding: "0 8px", height: "52px",
  borderRadius: "8px", minWidth: "180px" };

/**
 * Runs the operation `operationName` of `document` (one root field) and returns its payload
 * (`errors` and what it answers). A call the API could not answer, or a refused token, comes
 * back as one error without a field, so it shows where the action was asked.
 */
export async function runAction(page, state, document, operationName, variables) {
  try {
    const data = await callApi(page.apiUrl, state, document, variables, operationName);
    return Object.values(data)[0];
  } catch (error) {
    return { errors: [{ field: null, code: "UNAVAILABLE", message: refusalOf(error) }] };
  }
}

/** Returns why an action was not done, in the page's language: a refused token in the
 * pages' own words, anything else as the API or api.js said it. */
function refusalOf(error) {
  if (!(error instanceof AccessDenied)) return error.message;
  if (error.reason === "expired") {
    return translate({ id: "common.action.expired",
      defaultMessage: "Your session expired: try again once the Dashboard has renewed it." });
  }
  if (error.reason === "permission") {
    return translate({ id: "common.action.permission",
      defaultMessage: "You need the {permissions} permission for this." },
    { permissions: translateList(error.permissions) });
  }
  return translate({ id: "common.action.installation",
    defaultMessage: "This page belongs to another app installation: nothing was changed." });
}

/** Runs a mutation; returns `{payload}` (its `errors` may be non-empty) or `{problem}`, a
 * sentence in the language of `intl` (react-intl's, English without it) for a call the API
 * refused or could not answer. `what` says, in that language, what the call would have done
 * ("save the settings"), for a missing permission. */
export async function runMutation(page, state, document, operationName, variables, field,
  what, intl) {
  try {
    const data = await callApi(page.apiUrl, state, document, variables, operationName);
    return { payload: data[field] };
  } catch (error) {
    if (!(error instanceof AccessDenied)) {
      return { problem: intl.formatMessage(MESSAGES.unavailable, { problem: error.message }) };
    }
    if (error.reason === "expired") {
      // The Dashboard sends a new token soon; a reload would lose what was typed.
      return { problem: intl.formatMessage(MESSAGES.expired) };
    }
    if (error.reason === "permission") {
      return { problem: intl.formatMessage(MESSAGES.permission,
        { permissions: intl.formatList(error.permissions), action: what }) };
    }
    return { problem: intl.formatMessage(MESSAGES.installation) };
  }
}

/** Returns the props that tie a field of `form` to its value, its change and the API's
 * message about it: `<TextField {...bindField(form, set, errors, "name")} label=… />`;
 * `checked` instead of `value` for a CheckField. */
export function bindField(form, set, errors, name, { checked = false } = {}) {
  return { name, [checked ? "checked" : "value"]: form[name], onChange: set(name),
    error: errors[name] };
}

/**
 * The state of a form the API validates: its `errors` by field (`fields`; others under ""),
 * the last `outcome`, and `submit(document, operationName, variables, field, what)`, which
 * runs the mutation (see runMutation) and returns its payload, or null when nothing was
 * saved; the messages are then shown, in the page's language.
 */
export function useFormSubmit(page, state, fields) {
  const intl = useIntl();
  const [errors, setErrors] = useState({});
  const [outcome, setOutcome] = useState(null);
  const submit = async (document, operationName, variables, field, what) => {
    setOutcome({ status: "running" });
    const { payload, problem } = await runMutation(page, state, document, operationName,
      variables, field, what, intl);
    if (problem) {
      setOutcome({ status: "error", message: problem });
      return null;
    }
    const messages = messagesByField(payload.errors, fields);
    setErrors(messages);
    if (payload.errors.length) {
      setOutcome({ status: "error",
        message: messages[""] ?? intl.formatMessage(MESSAGES.invalid) });
      return null;
    }
    return payload;
  };
  return { errors, setErrors, outcome, setOutcome, submit };
}

/** Returns the API's `errors` as {field: message}; errors without a known field under "". */
export function messagesByField(errors, knownFields) {
  const messages = {};
  for (const error of errors) {
    const field = knownFields.includes(error.field) ? error.field : "";
    messages[field] = messages[field] ? `${messages[field]} ${error.message}` : error.message;
  }
  return messages;
}

function Message({ name, error, hint }) {
  if (error) {
    return <Text size={2} color="critical1" data-testid={`error-${name}`}>{error}</Text>;
  }
  return hint ? <Text size={2} color="default2">{hint}</Text> : null;
}

/** A text, number or time field (`multiline`: a text area); `error` (the API's message)
 * shows under it instead of `hint`. The input carries data-testid `field-<name>`, the
 * message `error-<name>`. */
export function TextField({ name, label, value, onChange, error, hint, type = "text",
  multiline = false, ...rest }) {
  const Field = multiline ? Textarea : Input;
  return (
    <Box display="flex" flexDirection="column" gap={1} __minWidth="220px" __flex="1 1 220px">
      <Field label={label} type={multiline ? undefined : type} value={value}
        error={Boolean(error)}
        data-testid={`field-${name}`} aria-invalid={Boolean(error)}
        onChange={(event) => onChange(event.target.value)} {...rest} />
      <Message name={name} error={error} hint={hint} />
    </Box>
  );
}

export function CheckField({ name, label, checked, onChange, error, hint }) {
  return (
    <Box display="flex" flexDirection="column" gap={1} __flex="1 1 100%">
      <Checkbox data-testid={`field-${name}`} checked={checked} error={Boolean(error)}
        onCheckedChange={(value) => onChange(value === true)}>
        <Text>{label}</Text>
      </Checkbox>
      <Message name={name} error={error} hint={hint} />
    </Box>
  );
}

/** A native select: `options` is [{value, label}]. */
export function SelectField({ name, label, value, onChange, options, error, hint }) {
  return (
    <Box display="flex" flexDirection="column" gap={1} __minWidth="220px" __flex="1 1 220px">
      <Box as="label" display="flex" flexDirection="column" gap={1}>
        <Text size={2} color="default2">{label}</Text>
        <Box as="select" data-testid={`field-${name}`} value={value} style={SELECT_STYLE}
          borderColor={error ? "critical1" : "default1"}
          onChange={(event) => onChange(event.target.value)}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>{option.label}</option>))}
        </Box>
      </Box>
      <Message name={name} error={error} hint={hint} />
    </Box>
  );
}

/** Rows of small inputs (a channel and its terms, a channel and its URL). `columns` is
 * [{key, label, placeholder, type}]; each input carries `field-<name>-<row>-<key>`. */
export function RowsField({ name, label, rows, columns, onChange, addLabel, error, hint }) {
  const intl = useIntl();
  const blank = Object.fromEntries(columns.map((column) => [column.key, ""]));
  const change = (index, key, value) => onChange(rows.map((row, at) => (
    at === index ? { ...row, [key]: value } : row)));
  return (
    <Box display="flex" flexDirection="column" gap={2} __flex="1 1 100%"
      data-testid={`rows-${name}`}>
      <Text size={3} fontWeight="medium">{label}</Text>
      {rows.map((row, index) => (
        // The rows have no id of their own; their place is what the staff member edits.
        // eslint-disable-next-line react/no-array-index-key
        <Box key={index} display="flex" gap={2} alignItems="flex-end" flexWrap="wrap">
          {columns.map((column) => (
            <Box key={column.key} as="label" display="flex" flexDirection="column" gap={1}
              __flex={column.flex ?? "1 1 160px"}>
              <Text size={2} color="default2">{column.label}</Text>
              <Box as="input" type={column.type ?? "text"} value={row[column.key]}
                placeholder={column.placeholder} style={ROW_INPUT_STYLE}
                borderColor={error ? "critical1" : "default1"}
                data-testid={`field-${name}-${index}-${column.key}`}
                onChange={(event) => change(index, column.key, event.target.value)} />
            </Box>
          ))}
          <Button variant="tertiary" size="small" data-testid={`remove-${name}-${index}`}
            onClick={() => onChange(rows.filter((_, at) => at !== index))}>
            {intl.formatMessage(MESSAGES.remove)}
          </Button>
        </Box>
      ))}
      <Box>
        <Button variant="secondary" size="small" data-testid={`add-${name}`}
          onClick={() => onChange([...rows, blank])}>
          {addLabel}
        </Button>
      </Box>
      <Message name={name} error={error} hint={hint} />
    </Box>
  );
}

/** A titled group of fields. */
export function FieldGroup({ title, description, children, testId }) {
  return (
    <Box as="fieldset" data-testid={testId} margin={0} padding={6} borderRadius={4}
      borderStyle="solid" borderWidth={1} borderColor="default1" display="flex"
      flexDirection="column" gap={4}>
      <Box display="flex" flexDirection="column" gap={1}>
        <Text as="h2" size={6} fontWeight="bold">{title}</Text>
        {description && <Text color="default2">{description}</Text>}
      </Box>
      <Box display="flex" gap={4} flexWrap="wrap" alignItems="flex-start">{children}</Box>
    </Box>
  );
}

/** What the last save answered: an error for the whole form, or the success. */
export function SaveOutcome({ outcome, testId }) {
  if (!outcome?.message) return null;
  return (
    <Text size={3} data-testid={testId} data-status={outcome.status}
      color={outcome.status === "error" ? "critical1" : "success1"}>
      {outcome.message}
    </Text>
  );
}

/** Returns the messages of `errors` about `field`. */
export function messagesOf(errors, field) {
  return errors.filter((error) => error.field === field).map((error) => error.message);
}

/** Returns the messages of `errors` about none of `fields`, to show by the save button. */
export function otherMessages(errors, fields) {
  return errors.filter((error) => !fields.includes(error.field)).map((error) => error.message);
}

/** The API's messages about one field (or part of the form), in red. */
export function FieldMessages({ field, messages }) {
  return messages.map((message, index) => (
    // Two messages may read the same.
    <Text key={index} size={2} color="critical1" data-testid="field-error" data-field={field}>
      {message}
    </Text>
  ));
}

/** A labelled control with a hint and the API's messages about `field` under it. */
export function Field({ label, hint, field, errors = [], children, grow = false }) {
  const messages = messagesOf(errors, field);
  return (
    <Box as="label" display="flex" flexDirection="column" gap={1}
      flexGrow={grow ? "1" : undefined}>
      <Text size={2} color="default2">{label}</Text>
      {children}
      {hint && <Text size={1} color="default2">{hint}</Text>}
      <FieldMessages field={field} messages={messages} />
    </Box>
  );
}

/** The outcome of the last save: the API's other messages, or what was saved. */
export function Outcome({ outcome, testId }) {
  if (!outcome?.messages?.length) return null;
  const failed = outcome.status === "error";
  return outcome.messages.map((message, index) => (
    <Text key={index} size={2} color={failed ? "critical1" : "success1"}
      data-testid={testId} data-status={outcome.status}>
      {message}
    </Text>
  ));
}

/** A button that asks first: `question` with `confirmLabel` ("Delete" unless given) and
 * `cancelLabel` ("Cancel"), in the caller's words; `onConfirm` runs on `confirmLabel`.
 * Test ids: `testId`, then `<testId>-question`, `-confirm`, `-cancel`. */
export function ConfirmButton({ label, question, testId, onConfirm, disabled = false,
  confirmLabel, cancelLabel }) {
  const intl = useIntl();
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <Button variant="secondary" data-testid={testId} disabled={disabled}
        onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <Box display="flex" alignItems="center" gap={2} flexWrap="wrap"
      data-testid={`${testId}-question`}>
      <Text size={2}>{question}</Text>
      <Button variant="error" data-testid={`${testId}-confirm`}
        onClick={() => { setAsking(false); onConfirm(); }}>
        {confirmLabel ?? intl.formatMessage(MESSAGES.delete)}
      </Button>
      <Button variant="tertiary" data-testid={`${testId}-cancel`}
        onClick={() => setAsking(false)}>
        {cancelLabel ?? intl.formatMessage(MESSAGES.cancel)}
      </Button>
    </Box>
  );
}
