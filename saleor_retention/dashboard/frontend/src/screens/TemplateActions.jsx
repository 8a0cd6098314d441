// The actions under the "Templates" tab's editor: save the draft, delete the store's version
// (after a confirmation), and send the saved email as a test; each shows what the API
// answered next to it.
import { Box, Button, Text } from "@saleor/macaw-ui";
import { useId, useState } from "react";
import { defineMessages, FormattedMessage, useIntl } from "react-intl";

import { notifyDashboard } from "../bridge.js";
import TEMPLATES from "../graphql/Templates.graphql";
import { ConfirmButton, SaveOutcome as Outcome, runAction } from "./forms.jsx";
import { FIELD_STYLE } from "./tables.jsx";

/** Runs one operation of Templates.graphql; see runAction. */
function run(page, state, operationName, variables) {
  return runAction(page, state, TEMPLATES, operationName, variables);
}

/** Returns "first_reminder (en, every channel)", as the messages name a template. */
export function nameAndPlace(intl, name, language, channel) {
  return channel
    ? intl.formatMessage({ id: "templates.nameInChannel", defaultMessage: "{name} ({language}, channel {channel})" },
      { name, language, channel })
    : intl.formatMessage({ id: "templates.nameEveryChannel", defaultMessage: "{name} ({language}, every channel)" },
      { name, language });
}

function SaveButton({ page, state, name, language, channel, draft, edited, onSaveProblem,
  onChanged }) {
  const [outcome, setOutcome] = useState(null);
  const intl = useIntl();
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
      setOutcome({ status: "error", message: besideField
        ? intl.formatMessage({ id: "templates.notSavedSeeField", defaultMessage: "Not saved: see the message next to the field." })
        : answer.errors.map((each) => each.message).join(" ") });
      return;
    }
    const message = intl.formatMessage({ id: "templates.savedAsVersion", defaultMessage: "Saved {template} as version {version}: the next emails use it." },
      { template: nameAndPlace(intl, name, language, channel), version: answer.template.version });
    setOutcome({ status: "success", message });
    notifyDashboard({ status: "success",
      title: intl.formatMessage({ id: "templates.templateSaved", defaultMessage: "Template saved" }),
      text: message });
    onChanged();
  };
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Box display="flex" gap={3} alignItems="center">
        <Button variant="primary" data-testid="save" onClick={save}
          disabled={outcome?.status === "running"}>
          <FormattedMessage id="templates.save" defaultMessage="Save" />
        </Button>
        {edited && (
          <Text size={2} color="default2" data-testid="unsaved">
            <FormattedMessage id="templates.unsavedChanges" defaultMessage="Unsaved changes" />
          </Text>)}
      </Box>
      <Outcome testId="save-outcome" outcome={outcome} />
    </Box>
  );
}

// What comes back when the store's version is deleted (`resetTo`): the button's label, its
// question and the message.
const RESET_WORDS = {
  shipped: defineMessages({
    label: { id: "templates.resetToShipped", defaultMessage: "Reset to shipped" },
    question: { id: "templates.resetToShippedQuestion", defaultMessage: "Delete the store's version? Its text is lost and the shipped text applies again." },
    done: { id: "templates.resetToShippedDone", defaultMessage: "Deleted the store's {template}: the shipped text applies again." },
  }),
  "every-channel": defineMessages({
    label: { id: "templates.resetToEveryChannel", defaultMessage: "Reset to the every-channel text" },
    question: { id: "templates.resetToEveryChannelQuestion", defaultMessage: "Delete the store's version? Its text is lost and the store's version for every channel applies again." },
    done: { id: "templates.resetToEveryChannelDone", defaultMessage: "Deleted the store's {template}: the store's version for every channel applies again." },
  }),
};

// The outcome is the parent's: the button goes once the store's version is deleted.
function ResetButton({ page, state, name, language, channel, resetTo, outcome, setOutcome,
  onChanged }) {
  const words = RESET_WORDS[resetTo];
  const intl = useIntl();
  const reset = async () => {
    setOutcome({ status: "running" });
    const answer = await run(page, state, "DashboardTemplateDelete",
      { name, language, channel });
    if (answer.errors.length) {
      setOutcome({ status: "error",
        message: answer.errors.map((error) => error.message).join(" ") });
      return;
    }
    const message = intl.formatMessage(words.done,
      { template: nameAndPlace(intl, name, language, channel) });
    setOutcome({ status: "success", message });
    notifyDashboard({ status: "success",
      title: intl.formatMessage({ id: "templates.templateReset", defaultMessage: "Template reset" }),
      text: message });
    onChanged();
  };
  return (
    <Box>
      <ConfirmButton label={intl.formatMessage(words.label)} testId="reset" onConfirm={reset}
        question={intl.formatMessage(words.question)}
        confirmLabel={intl.formatMessage({ id: "templates.deleteAndReset", defaultMessage: "Delete and reset" })}
        cancelLabel={intl.formatMessage({ id: "templates.keepIt", defaultMessage: "Keep it" })}
        disabled={outcome?.status === "running"} />
    </Box>
  );
}

function SendTest({ page, state, step, language, channel, currency, edited }) {
  const [to, setTo] = useState("");
  const [outcome, setOutcome] = useState(null);
  const id = useId();
  const intl = useIntl();
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
      message: intl.formatMessage({ id: "templates.testSent", defaultMessage: "Sent to {address} with the sample cart (Message-ID {messageId})." },
        { address, messageId: answer.messageId }) });
  };
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Text as="label" htmlFor={id} size={2} color="default2">
        <FormattedMessage id="templates.sendTestLabel" defaultMessage="Send a test of the saved email" />
      </Text>
      <Box display="flex" gap={2}>
        <Box as="input" type="email" id={id} data-testid="test-address" value={to}
          placeholder="you@example.com" borderColor="default1" style={FIELD_STYLE}
          onChange={(event) => setTo(event.target.value)} />
        <Button variant="secondary" data-testid="send-test" onClick={send}
          disabled={!to.trim() || outcome?.status === "running"}>
          <FormattedMessage id="templates.sendTest" defaultMessage="Send test" />
        </Button>
      </Box>
      {edited && (
        <Text size={2} color="default2">
          <FormattedMessage id="templates.testUsesSavedText" defaultMessage="The test uses the saved text: save to send your edits." />
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
