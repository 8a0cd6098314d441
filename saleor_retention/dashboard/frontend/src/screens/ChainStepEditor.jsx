// One step of a chain in its editor: when its email goes (hours from abandonment or from the
// previous step), which email, and which discount it offers. The same form adds a step.
import { Box, Button, Text } from "@saleor/macaw-ui";
import { useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";

import {
  DELAY_FROM, TEMPLATES, discountWords, notifySaved, runChainAction, templateWords,
} from "./ChainParts.jsx";
import { ConfirmButton, Field, Outcome, otherMessages } from "./forms.jsx";
import { FIELD_STYLE } from "./tables.jsx";

const STEP_FIELDS = ["delayMinutes", "delayFrom", "template", "discountPolicyId"];

function hoursOf(minutes) {
  return String(Math.round((minutes / 60) * 100) / 100);
}

/** Returns the form's values for `step`. */
function stepForm(step) {
  return {
    delayHours: hoursOf(step.delayMinutes),
    delayFrom: step.delayFrom,
    template: step.template,
    discountPolicyId: step.discountPolicy?.id ?? "",
  };
}

/** Returns the values of a step added after `steps`: the first reminder an hour after
 * abandonment, or a follow-up a day after the last step. */
export function newStepForm(steps) {
  const last = steps[steps.length - 1];
  if (!last) {
    return { delayHours: "1", delayFrom: "TRIGGER", template: "FIRST_REMINDER", discountPolicyId: "" };
  }
  const hours = last.delayFrom === "TRIGGER" ? Number(hoursOf(last.delayMinutes)) + 24 : 24;
  return { delayHours: String(hours), delayFrom: last.delayFrom, template: "FOLLOW_UP",
    discountPolicyId: "" };
}

/** Returns the API input for the form's values. The delay goes in minutes; one left as it
 * was keeps its exact minutes, and an empty one goes as null for the API to refuse. */
function stepInput(form, step) {
  let delayMinutes = null;
  if (step && form.delayHours === hoursOf(step.delayMinutes)) {
    delayMinutes = step.delayMinutes;
  } else if (form.delayHours.trim() !== "" && Number.isFinite(Number(form.delayHours))) {
    delayMinutes = Math.round(Number(form.delayHours) * 60);
  }
  return { delayMinutes, delayFrom: form.delayFrom, template: form.template,
    discountPolicyId: form.discountPolicyId || null };
}

function StepFields({ form, setForm, errors, policies }) {
  const intl = useIntl();
  const set = (key) => (event) => setForm({ ...form, [key]: event.target.value });
  return (
    <Box display="flex" gap={4} flexWrap="wrap" alignItems="flex-start">
      <Field label={intl.formatMessage({ id: "chains.delayHours", defaultMessage: "Delay (hours)" })}
        hint={intl.formatMessage({ id: "chains.delayHoursHint",
          defaultMessage: "0 to 2160 hours (90 days)" })}
        field="delayMinutes" errors={errors}>
        <Box as="input" type="number" step="any" data-testid="step-delay"
          value={form.delayHours} borderColor="default1"
          style={{ ...FIELD_STYLE, minWidth: "100px", width: "120px" }}
          onChange={set("delayHours")} />
      </Field>
      <Field label={intl.formatMessage({ id: "chains.delayCounted", defaultMessage: "Counted" })}
        field="delayFrom" errors={errors}>
        <Box as="select" data-testid="step-delay-from" value={form.delayFrom}
          borderColor="default1" style={FIELD_STYLE} onChange={set("delayFrom")}>
          {Object.entries(DELAY_FROM).map(([value, label]) => (
            <option key={value} value={value}>{intl.formatMessage(label)}</option>))}
        </Box>
      </Field>
      <Field label={intl.formatMessage({ id: "chains.email", defaultMessage: "Email" })}
        field="template" errors={errors}>
        <Box as="select" data-testid="step-template" value={form.template}
          borderColor="default1" style={FIELD_STYLE} onChange={set("template")}>
          {TEMPLATES.map((value) => (
            <option key={value} value={value}>{templateWords(intl, value)}</option>))}
        </Box>
      </Field>
      <Field label={intl.formatMessage({ id: "chains.discount", defaultMessage: "Discount" })}
        field="discountPolicyId" errors={errors}>
        <Box as="select" data-testid="step-discount" value={form.discountPolicyId}
          borderColor="default1" style={FIELD_STYLE} onChange={set("discountPolicyId")}>
          <option value="">
            {intl.formatMessage({ id: "chains.noDiscount", defaultMessage: "No discount" })}
          </option>
          {policies.map((policy) => (
            <option key={policy.id} value={policy.id}>
              {intl.formatMessage({ id: "chains.policyOption", defaultMessage: "{name} ({discount})" },
                { name: policy.name, discount: discountWords(intl, policy) })}
            </option>))}
        </Box>
      </Field>
    </Box>
  );
}

function StepBox({ testId, position, title, children }) {
  return (
    <Box data-testid={testId} data-position={position} display="flex" flexDirection="column"
      gap={3} padding={4} borderRadius={4} borderStyle="solid" borderWidth={1}
      borderColor="default1">
      <Text size={4} fontWeight="bold">{title}</Text>
      {children}
    </Box>
  );
}

/** A stored step: "Save step" changes it, "Delete step" asks first. `onChange` gets the
 * chain as stored after either. */
export function StepEditor({ page, state, step, number, policies, onChange }) {
  const intl = useIntl();
  const [form, setForm] = useState(() => stepForm(step));
  const [errors, setErrors] = useState([]);
  const [outcome, setOutcome] = useState(null);
  const [running, setRunning] = useState(false);

  const act = async (operation, variables, success) => {
    setRunning(true);
    setOutcome(null);
    const answer = await runChainAction(page, state, operation, variables);
    setRunning(false);
    setErrors(answer.errors);
    if (answer.errors.length) {
      setOutcome({ status: "error", messages: otherMessages(answer.errors, STEP_FIELDS) });
      return;
    }
    notifySaved(success.title, success.text);
    onChange(answer.chain);
    return answer.chain;
  };
  const save = async () => {
    const chain = await act("DashboardChainStepUpdate", { id: step.id, input: stepInput(form, step) },
      { title: intl.formatMessage({ id: "chains.stepSaved", defaultMessage: "Step saved" }),
        text: intl.formatMessage({ id: "chains.stepSavedText",
          defaultMessage: "Step {number} is saved; its planned reminders follow." }, { number }) });
    const saved = chain?.steps.find((one) => one.id === step.id);
    if (saved) {
      setForm(stepForm(saved));
      setOutcome({ status: "success",
        messages: [intl.formatMessage({ id: "chains.saved", defaultMessage: "Saved." })] });
    }
  };
  const remove = () => act("DashboardChainStepDelete", { id: step.id },
    { title: intl.formatMessage({ id: "chains.stepDeleted", defaultMessage: "Step deleted" }),
      text: intl.formatMessage({ id: "chains.stepDeletedText",
        defaultMessage: "Step {number} is deleted; its planned reminders are skipped." },
      { number }) });

  return (
    <StepBox testId="step" position={step.position} title={intl.formatMessage({ id: "chains.stepTitle", defaultMessage: "Step {number}" },
      { number })}>
      <StepFields form={form} setForm={setForm} errors={errors} policies={policies} />
      <Box display="flex" gap={2} alignItems="center" flexWrap="wrap">
        <Button variant="primary" data-testid="save-step" disabled={running} onClick={save}>
          <FormattedMessage id="chains.saveStep" defaultMessage="Save step" />
        </Button>
        <ConfirmButton testId="delete-step" disabled={running} onConfirm={remove}
          label={intl.formatMessage({ id: "chains.deleteStep", defaultMessage: "Delete step" })}
          question={intl.formatMessage({ id: "chains.deleteStepQuestion",
            defaultMessage: "Delete step {number}? Its planned reminders are skipped." },
          { number })}
          confirmLabel={intl.formatMessage({ id: "chains.delete", defaultMessage: "Delete" })}
          cancelLabel={intl.formatMessage({ id: "chains.cancel", defaultMessage: "Cancel" })} />
      </Box>
      <Outcome outcome={outcome} testId="step-outcome" />
    </StepBox>
  );
}

/** The form that adds a step at the end of `chain`; `onAdded` gets the chain as stored. */
export function NewStep({ page, state, chain, policies, onAdded, onCancel }) {
  const intl = useIntl();
  const [form, setForm] = useState(() => newStepForm(chain.steps));
  const [errors, setErrors] = useState([]);
  const [running, setRunning] = useState(false);
  const add = async () => {
    setRunning(true);
    const answer = await runChainAction(page, state, "DashboardChainStepCreate",
      { chainId: chain.id, input: stepInput(form, null) });
    setRunning(false);
    setErrors(answer.errors);
    if (answer.errors.length) return;
    notifySaved(intl.formatMessage({ id: "chains.stepAdded", defaultMessage: "Step added" }),
      intl.formatMessage({ id: "chains.stepAddedText",
        defaultMessage: "“{name}” now sends {count, plural, one {# email} other {# emails}}." },
      { name: chain.name, count: answer.chain.steps.length }));
    onAdded(answer.chain);
  };
  return (
    <StepBox testId="new-step" title={intl.formatMessage({ id: "chains.newStep", defaultMessage: "New step" })}>
      <StepFields form={form} setForm={setForm} errors={errors} policies={policies} />
      <Box display="flex" gap={2}>
        <Button variant="primary" data-testid="add-step-save" disabled={running} onClick={add}>
          <FormattedMessage id="chains.addStep" defaultMessage="Add step" />
        </Button>
        <Button variant="tertiary" data-testid="add-step-cancel" onClick={onCancel}>
          <FormattedMessage id="chains.cancel" defaultMessage="Cancel" />
        </Button>
      </Box>
      <Outcome outcome={{ status: "error", messages: otherMessages(errors, STEP_FIELDS) }}
        testId="step-outcome" />
    </StepBox>
  );
}
