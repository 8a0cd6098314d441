// One chain of the "Chains" tab: its name, channels, idle time and conditions (saved
// together), whether it is on and its priority (changed at once), and its steps. Without a
// chain it is the form that creates one.
import { Box, Button, Text } from "@saleor/macaw-ui";
import { useState } from "react";
import { FormattedMessage, useIntl } from "react-intl";

import { ConditionsFields, conditionsForm, conditionsInput } from "./ChainConditions.jsx";
import { EnabledSwitch, notifySaved, runChainAction } from "./ChainParts.jsx";
import { ConfirmButton, Field, FieldMessages, Outcome, otherMessages } from "./forms.jsx";
import { NewStep, StepEditor } from "./ChainStepEditor.jsx";
import { FIELD_STYLE } from "./tables.jsx";

const CHAIN_FIELDS = ["name", "channels", "abandonAfterMinutes", "conditions"];

function chainForm(chain) {
  return {
    name: chain?.name ?? "",
    channels: (chain?.channels ?? []).join(", "),
    abandonAfterMinutes: String(chain?.abandonAfterMinutes ?? 60),
    conditions: conditionsForm(chain?.conditions),
  };
}

/** Returns the API input for the form's values; an idle time that is not a whole number
 * goes as null for the API to refuse. */
function chainInput(form) {
  const minutes = Number(form.abandonAfterMinutes);
  return {
    name: form.name,
    channels: form.channels.split(/[\s,]+/).filter(Boolean),
    abandonAfterMinutes: form.abandonAfterMinutes.trim() !== "" && Number.isInteger(minutes)
      ? minutes : null,
    conditions: conditionsInput(form.conditions),
  };
}

function ChainForm({ page, state, chain, onSaved }) {
  const intl = useIntl();
  const [form, setForm] = useState(() => chainForm(chain));
  const [errors, setErrors] = useState([]);
  const [outcome, setOutcome] = useState(null);
  const [running, setRunning] = useState(false);
  const set = (key) => (event) => setForm({ ...form, [key]: event.target.value });

  const save = async () => {
    setRunning(true);
    setOutcome(null);
    const answer = chain
      ? await runChainAction(page, state, "DashboardChainUpdate",
        { id: chain.id, input: chainInput(form) })
      : await runChainAction(page, state, "DashboardChainCreate", { input: chainInput(form) });
    setRunning(false);
    setErrors(answer.errors);
    if (answer.errors.length) {
      setOutcome({ status: "error", messages: otherMessages(answer.errors, CHAIN_FIELDS) });
      return;
    }
    if (chain) {
      setForm(chainForm(answer.chain));
      setOutcome({ status: "success",
        messages: [intl.formatMessage({ id: "chains.saved", defaultMessage: "Saved." })] });
    }
    const name = answer.chain.name;
    if (chain) {
      notifySaved(intl.formatMessage({ id: "chains.chainSaved", defaultMessage: "Chain saved" }),
        intl.formatMessage({ id: "chains.chainSavedText",
          defaultMessage: "“{name}” is saved; its planned reminders follow." }, { name }));
    } else {
      notifySaved(
        intl.formatMessage({ id: "chains.chainCreated", defaultMessage: "Chain created" }),
        intl.formatMessage({ id: "chains.chainCreatedText",
          defaultMessage: "“{name}” is created, switched off: add its emails, then switch it on." },
        { name }));
    }
    onSaved(answer.chain);
  };

  return (
    <Box display="flex" flexDirection="column" gap={4} data-testid="chain-form">
      <Box display="flex" gap={4} flexWrap="wrap" alignItems="flex-start">
        <Field label={intl.formatMessage({ id: "chains.name", defaultMessage: "Name" })}
          field="name" errors={errors}>
          <Box as="input" type="text" data-testid="chain-name" value={form.name}
            borderColor="default1" style={{ ...FIELD_STYLE, minWidth: "260px" }}
            onChange={set("name")} />
        </Field>
        <Field label={intl.formatMessage({ id: "chains.channels", defaultMessage: "Channels" })}
          hint={intl.formatMessage({ id: "chains.channelsHint",
            defaultMessage: "Channel slugs, separated by commas; empty: every channel" })}
          field="channels" errors={errors}>
          <Box as="input" type="text" data-testid="chain-channels" value={form.channels}
            placeholder={intl.formatMessage({ id: "chains.everyChannel",
              defaultMessage: "Every channel" })}
            borderColor="default1" style={FIELD_STYLE}
            onChange={set("channels")} />
        </Field>
        <Field label={intl.formatMessage({ id: "chains.abandonAfter",
          defaultMessage: "Abandoned after (minutes idle)" })}
          hint={intl.formatMessage({ id: "chains.abandonAfterHint",
            defaultMessage: "1 to 43200 minutes (30 days)" })}
          field="abandonAfterMinutes" errors={errors}>
          <Box as="input" type="number" data-testid="chain-abandon-after"
            value={form.abandonAfterMinutes} borderColor="default1"
            style={{ ...FIELD_STYLE, minWidth: "100px", width: "120px" }}
            onChange={set("abandonAfterMinutes")} />
        </Field>
      </Box>
      <ConditionsFields form={form.conditions} errors={errors}
        setForm={(conditions) => setForm({ ...form, conditions })} />
      <Box display="flex" gap={3} alignItems="center">
        <Button variant="primary" data-testid="save-chain" disabled={running} onClick={save}>
          {chain
            ? <FormattedMessage id="chains.saveChain" defaultMessage="Save chain" />
            : <FormattedMessage id="chains.createChain" defaultMessage="Create chain" />}
        </Button>
        <Outcome outcome={outcome} testId="chain-outcome" />
      </Box>
    </Box>
  );
}

/** Move up / Move down: sends the chains in their new order (retentionChainsReorder). */
function Priority({ page, state, chain, chains, onChains }) {
  const intl = useIntl();
  const [messages, setMessages] = useState([]);
  const index = chains.findIndex((one) => one.id === chain.id);
  const move = async (offset) => {
    const ids = chains.map((one) => one.id);
    [ids[index], ids[index + offset]] = [ids[index + offset], ids[index]];
    const answer = await runChainAction(page, state, "DashboardChainsReorder", { ids });
    setMessages(answer.errors.map((error) => error.message));
    if (answer.errors.length) return;
    notifySaved(
      intl.formatMessage({ id: "chains.reordered", defaultMessage: "Chains reordered" }),
      index + offset === 0
        ? intl.formatMessage({ id: "chains.reorderedFirst",
          defaultMessage: "“{name}” is now tried first." }, { name: chain.name })
        : intl.formatMessage({ id: "chains.reorderedPlace",
          defaultMessage: "“{name}” is now tried in place {place}." },
        { name: chain.name, place: index + offset + 1 }));
    onChains(answer.chains);
  };
  return (
    <Box display="flex" flexDirection="column" gap={1}>
      <Text size={2} color="default2">
        <FormattedMessage id="chains.priority" defaultMessage="Priority" />
      </Text>
      <Box display="flex" alignItems="center" gap={2}>
        <Text data-testid="chain-priority">
          <FormattedMessage id="chains.priorityPlace" defaultMessage="{place} of {count}"
            values={{ place: index + 1, count: chains.length }} />
        </Text>
        <Button variant="secondary" size="small" data-testid="move-up" disabled={index === 0}
          onClick={() => move(-1)}>
          <FormattedMessage id="chains.moveUp" defaultMessage="Move up" />
        </Button>
        <Button variant="secondary" size="small" data-testid="move-down"
          disabled={index === chains.length - 1} onClick={() => move(1)}>
          <FormattedMessage id="chains.moveDown" defaultMessage="Move down" />
        </Button>
      </Box>
      <FieldMessages field="priority" messages={messages} />
    </Box>
  );
}

function Steps({ page, state, chain, policies, onChange, adding, setAdding }) {
  return (
    <Box display="flex" flexDirection="column" gap={3} data-testid="steps">
      <Text as="h2" size={6} fontWeight="bold">
        <FormattedMessage id="chains.emails" defaultMessage="Emails" />
      </Text>
      {chain.steps.length === 0 && !adding && (
        <Text color="default2" data-testid="no-steps">
          <FormattedMessage id="chains.noStepsYet" defaultMessage="This chain sends nothing yet: add its first email, then switch the chain on." />
        </Text>)}
      {chain.steps.map((step) => (
        // Numbered by the stored position, as the timeline, the funnel and the order
        // widget show it (a deleted step leaves its number unused).
        <StepEditor key={step.id} page={page} state={state} step={step} number={step.position}
          policies={policies} onChange={onChange} />
      ))}
      {adding ? (
        <NewStep key={chain.steps.length} page={page} state={state} chain={chain}
          policies={policies} onCancel={() => setAdding(false)}
          onAdded={(changed) => { setAdding(false); onChange(changed); }} />
      ) : (
        <Box>
          <Button variant="secondary" data-testid="add-step" onClick={() => setAdding(true)}>
            <FormattedMessage id="chains.addStep" defaultMessage="Add step" />
          </Button>
        </Box>
      )}
    </Box>
  );
}

/**
 * The editor of `chain` (one of `chains`, by priority), or the form that creates a chain
 * when `chain` is null. `onChange` gets a chain as stored, `onChains` every chain,
 * `onDeleted` the id of the deleted chain; `onCreated` the new chain.
 */
export function ChainEditor({ page, state, chain, chains, policies, addingStep = false,
  onChange, onChains, onCreated, onDeleted, onClose }) {
  const intl = useIntl();
  const [adding, setAdding] = useState(addingStep);
  const [deleteMessages, setDeleteMessages] = useState([]);
  const remove = async () => {
    const answer = await runChainAction(page, state, "DashboardChainDelete", { id: chain.id });
    setDeleteMessages(answer.errors.map((error) => error.message));
    if (answer.errors.length) return;
    notifySaved(
      intl.formatMessage({ id: "chains.chainDeleted", defaultMessage: "Chain deleted" }),
      intl.formatMessage({ id: "chains.chainDeletedText",
        defaultMessage: "“{name}” is deleted; its running checkouts stop." }, { name: chain.name }));
    onDeleted(chain.id);
  };
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="chain-editor">
      <Box>
        <Button variant="tertiary" data-testid="back-to-chains" onClick={onClose}>
          <FormattedMessage id="chains.allChains" defaultMessage="← All chains" />
        </Button>
      </Box>
      <Box display="flex" justifyContent="space-between" alignItems="flex-start" gap={4}
        flexWrap="wrap">
        <Text as="h1" size={8} fontWeight="bold" data-testid="chain-title">
          {chain
            ? chain.name : <FormattedMessage id="chains.newChain" defaultMessage="New chain" />}
        </Text>
        {chain && (
          <Box display="flex" flexDirection="column" gap={1} alignItems="flex-end">
            <ConfirmButton testId="delete-chain" onConfirm={remove}
              label={intl.formatMessage({ id: "chains.deleteChain",
                defaultMessage: "Delete chain" })}
              question={intl.formatMessage({ id: "chains.deleteChainQuestion",
                defaultMessage: "Delete “{name}” and its steps? Its running checkouts stop; sent reminders and recovered orders stay in the reports." },
              { name: chain.name })}
              confirmLabel={intl.formatMessage({ id: "chains.delete", defaultMessage: "Delete" })}
              cancelLabel={intl.formatMessage({ id: "chains.cancel", defaultMessage: "Cancel" })} />
            <FieldMessages field="id" messages={deleteMessages} />
          </Box>
        )}
      </Box>
      {chain ? (
        <Box display="flex" gap={8} flexWrap="wrap">
          <Box display="flex" flexDirection="column" gap={1}>
            <Text size={2} color="default2">
              <FormattedMessage id="chains.takesNewCheckouts"
                defaultMessage="Takes new checkouts" />
            </Text>
            <EnabledSwitch page={page} state={state} chain={chain} onChange={onChange} />
          </Box>
          <Priority page={page} state={state} chain={chain} chains={chains} onChains={onChains} />
        </Box>
      ) : (
        <Text color="default2">
          <FormattedMessage id="chains.newChainIntro" defaultMessage="A new chain starts switched off. Create it, add its emails, then switch it on." />
        </Text>
      )}
      <ChainForm key={chain?.id ?? "new"} page={page} state={state} chain={chain}
        onSaved={chain ? onChange : onCreated} />
      {chain && (
        <Steps page={page} state={state} chain={chain} policies={policies}
          onChange={onChange} adding={adding} setAdding={setAdding} />)}
    </Box>
  );
}
