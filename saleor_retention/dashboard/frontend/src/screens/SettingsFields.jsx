// Form pieces the Settings and Discounts tabs share: loading a screen's document once, fields
// that show the API's message for them, lists of keyed rows, and what a save answered.
import { Box, Button, Checkbox, Input, Text, Textarea } from "@saleor/macaw-ui";
import { useEffect, useRef, useState } from "react";

import { AccessDenied, callApi } from "../api.js";

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

/** Runs the query `operationName` of `document` when the screen opens and on `reload()`;
 * again when the Dashboard refreshes the token after the one used expired. */
export function useScreenData(page, state, document, operationName) {
  const [result, setResult] = useState({ loading: true });
  const [generation, setGeneration] = useState(0);
  const stateRef = useRef(state);
  stateRef.current = state;
  const expired = result.error instanceof AccessDenied && result.error.reason === "expired";
  const retryToken = expired ? state.token : null;
  useEffect(() => {
    let current = true;
    // A reload keeps what is shown until the new answer arrives.
    setResult((previous) => ({ ...previous, loading: true }));
    callApi(page.apiUrl, stateRef.current, document, {}, operationName)
      .then((data) => current && setResult({ data }))
      .catch((error) => current && setResult({ error }));
    return () => { current = false; };
  }, [page.apiUrl, document, operationName, retryToken, generation]);
  return { ...result, reload: () => setGeneration((count) => count + 1) };
}

/** Runs a mutation; returns `{payload}` (its `errors` may be non-empty) or `{problem}`, a
 * sentence for a call the API refused or could not answer. */
export async function runMutation(page, state, document, operationName, variables, field,
  what) {
  try {
    const data = await callApi(page.apiUrl, state, document, variables, operationName);
    return { payload: data[field] };
  } catch (error) {
    if (!(error instanceof AccessDenied)) return { problem: `${error.message} Try again.` };
    if (error.reason === "expired") {
      // The Dashboard sends a new token soon; a reload would lose what was typed.
      return { problem: "Your session expired: save again once the Dashboard has renewed " +
        "it, or reload the page (what you typed is lost then)." };
    }
    if (error.reason === "permission") {
      return { problem: `You need the ${error.permissions.join(", ")} permission to ${what}.` };
    }
    return { problem: "This page belongs to another app installation: nothing was saved." };
  }
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
            Remove
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
