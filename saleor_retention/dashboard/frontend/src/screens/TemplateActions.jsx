// The actions under the "Templates" tab's editor: save the draft, delete the store's version
// (after a confirmation), and send the saved email as a test; each shows what the API
// answered next to it.
import { Box, Button, Text } from "@saleor/macaw-ui";
import { useId, useState } from "react";

import { notifyDashboard } from "../bridge.js";
import TEMPLATES from "../graphql/Templates.graphql";
import { ConfirmButton, SaveOutcome as Outcome, runAction } from "./forms.jsx";
import { FIELD_STYLE } from "./tables.jsx";

/** Runs one operation of Templates.graphql; see runAction. */
function run(page, state, operationName, variables) {
  return runAction(page, state, TEMPLATES, operationName, variables);
}

/** Returns "first_reminder (en, every channel)", as the messages name a template. */
export function nameAndPlace(name, language, channel) {
  return `${name} (${language}, ${channel ? `channel ${channel}` : "every channel"})`;
}

function SaveButton({ page, state, name, language, channel, draft, edited, onSaveProblem,
  onChanged }) {
  const [outcome, setOutcome] = useState(null);
  const save = async () => {
    setOutcome({ status: "running" });
    const isPartial = name.startsWith("partials/");
    const answer = await run(page, state, "DashboardTemplateSave", { input: {
      name, language, channel, subject: isPartial ? null : draft.subject, body: draft.body,
    } });
    // A refusal of the subject or MJML shows next to that field; any other one here.
    const [error] = answer.errors;
    if (error) {
      const besideField = ["subject", "body", "name", "language"].includes(error.field);
      onSaveProblem(besideField ? error : null);
      setOutcome({ status: "error", message: besideField ? "Not saved: see the message " +
        "next to the field." : answer.errors.map((each) => each.message).join(" ") });
      return;
    }
    const message = `Saved ${nameAndPlace(name, language, channel)} as version ` +
      `${answer.template.version}: the next emails use it.`;
    setOutcome({ status: "success", message });
    notifyDashboard({ status: "success", title: "Template saved", text: message });
    onChanged();
  };
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Box display="flex" gap={3} alignItems="center">
        <Button variant="primary" data-testid="save" onClick={save}
          disabled={outcome?.status === "running"}>Save</Button>
        {edited && <Text size={2} color="default2" data-testid="unsaved">Unsaved changes</Text>}
      </Box>
      <Outcome testId="save-outcome" outcome={outcome} />
    </Box>
  );
}

// What comes back when the store's version is deleted (`resetTo`): the button's label, the
// end of its question and of the message.
const RESET_WORDS = {
  shipped: { label: "Reset to shipped", text: "the shipped text" },
  "every-channel": { label: "Reset to the every-channel text",
    text: "the store's version for every channel" },
};

// The outcome is the parent's: the button goes once the store's version is deleted.
function ResetButton({ page, state, name, language, channel, resetTo, outcome, setOutcome,
  onChanged }) {
  const words = RESET_WORDS[resetTo];
  const reset = async () => {
    setOutcome({ status: "running" });
    const answer = await run(page, state, "DashboardTemplateDelete",
      { name, language, channel });
    if (answer.errors.length) {
      setOutcome({ status: "error",
        message: answer.errors.map((error) => error.message).join(" ") });
      return;
    }
    const message = `Deleted the store's ${nameAndPlace(name, language, channel)}: ` +
      `${words.text} applies again.`;
    setOutcome({ status: "success", message });
    notifyDashboard({ status: "success", title: "Template reset", text: message });
    onChanged();
  };
  return (
    <Box>
      <ConfirmButton label={words.label} testId="reset" onConfirm={reset}
        question={`Delete the store's version? Its text is lost and ${words.text} ` +
          "applies again."} confirmLabel="Delete and reset"
        cancelLabel="Keep it" disabled={outcome?.status === "running"} />
    </Box>
  );
}

function SendTest({ page, state, step, language, channel, currency, edited }) {
  const [to, setTo] = useState("");
  const [outcome, setOutcome] = useState(null);
  const id = useId();
  const send = async () => {
    setOutcome({ status: "running" });
    const address = to.trim();
    const answer = await run(page, state, "DashboardTemplateSendTest", {
      to: address, template: step.toUpperCase(), language, currency, channel,
    });
    if (answer.errors.length) {
      setOutcome({ status: "error",
        message: answer.errors.map((error) => error.message).join(" ") });
      return;
    }
    setOutcome({ status: "success",
      message: `Sent to ${address} with the sample cart (Message-ID ${answer.messageId}).` });
  };
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Text as="label" htmlFor={id} size={2} color="default2">
        Send a test of the saved email
      </Text>
      <Box display="flex" gap={2}>
        <Box as="input" type="email" id={id} data-testid="test-address" value={to}
          placeholder="you@example.com" borderColor="default1" style={FIELD_STYLE}
          onChange={(event) => setTo(event.target.value)} />
        <Button variant="secondary" data-testid="send-test" onClick={send}
          disabled={!to.trim() || outcome?.status === "running"}>Send test</Button>
      </Box>
      {edited && (
        <Text size={2} color="default2">
          The test uses the saved text: save to send your edits.
        </Text>
      )}
      <Outcome testId="send-test-outcome" outcome={outcome} />
    </Box>
  );
}

/** The actions of one template in one language and channel; the parent gives it a new
 * `key` when those change, so no outcome of another template lingers. `own`: the store's
 * version there, if any; `resetTo`: what deleting it brings back ("shipped" or
 * "every-channel"). */
export function TemplateActions({ page, state, name, language, channel, draft, edited, own,
  resetTo, step, currency, onSaveProblem, onChanged }) {
  const [resetOutcome, setResetOutcome] = useState(null);
  return (
    <Box display="flex" flexDirection="column" gap={4} data-testid="template-actions">
      <Box display="flex" gap={6} flexWrap="wrap" alignItems="flex-start">
        <SaveButton page={page} state={state} name={name} language={language}
          channel={channel} draft={draft} edited={edited} onSaveProblem={onSaveProblem}
          onChanged={onChanged} />
        {own && (
          <ResetButton page={page} state={state} name={name} language={language}
            channel={channel} resetTo={resetTo} outcome={resetOutcome}
            setOutcome={setResetOutcome}
            onChanged={onChanged} />)}
      </Box>
      <Outcome testId="reset-outcome" outcome={resetOutcome} />
      <SendTest page={page} state={state} step={step} language={language} channel={channel}
        currency={currency} edited={edited} />
    </Box>
  );
}
