// One checkout of the "Abandoned checkouts" tab: what the app did about it (its timeline)
// and the staff actions on its reminders, each showing what the API answered.
import { Box, Button, Text } from "@saleor/macaw-ui";
import { useState } from "react";
import { defineMessages, FormattedMessage, useIntl } from "react-intl";

import { callApi } from "../api.js";
import { notifyDashboard } from "../bridge.js";
import { enumLabel } from "../enums.js";
import { formatDateTime, formatMoney } from "../format.js";
import ABANDONED_CHECKOUTS from "../graphql/AbandonedCheckouts.graphql";
import { ConfirmButton } from "./forms.jsx";
import { Cell } from "./tables.jsx";

const MESSAGES = defineMessages({
  sendNext: { id: "checkouts.sendNextReminder", defaultMessage: "Send next reminder now" },
  sendNextDone: {
    id: "checkouts.sendNextReminderDone",
    defaultMessage: "Step {step} is due now: it goes at the scheduler's next pass, after the usual checks.",
  },
  stop: { id: "checkouts.stopReminders", defaultMessage: "Stop reminders" },
  stopDone: {
    id: "checkouts.stopRemindersDone",
    defaultMessage: "Reminders stopped: {count, plural, one {# planned reminder} other {# planned reminders}} skipped.",
  },
  suppress: { id: "checkouts.suppressAddress", defaultMessage: "Suppress address" },
  suppressDone: {
    id: "checkouts.suppressAddressDone",
    defaultMessage: "{email} is suppressed: no reminder goes to it, and its running chains stop at their next step.",
  },
  suppressQuestion: {
    id: "checkouts.suppressAddressQuestion",
    defaultMessage: "Send no more reminders to {email}, from any chain?",
  },
  suppressConfirm: { id: "checkouts.suppressConfirm", defaultMessage: "Suppress" },
  cancel: { id: "checkouts.cancel", defaultMessage: "Cancel" },
});

/** Each action: its operation in AbandonedCheckouts.graphql, and what its answer means. */
const ACTIONS = [
  {
    id: "send-next",
    label: MESSAGES.sendNext,
    operation: "DashboardSendNextReminderNow",
    variables: (checkout) => ({ checkoutId: checkout.id }),
    result: (data) => data.retentionSendNextReminderNow,
    success: (intl, answer) => intl.formatMessage(MESSAGES.sendNextDone, { step: answer.step }),
  },
  {
    id: "stop",
    label: MESSAGES.stop,
    operation: "DashboardStopReminders",
    variables: (checkout) => ({ checkoutId: checkout.id }),
    result: (data) => data.retentionStopReminders,
    success: (intl, answer) => intl.formatMessage(MESSAGES.stopDone,
      { count: answer.skippedReminders }),
  },
  {
    id: "suppress",
    label: MESSAGES.suppress,
    operation: "DashboardSuppressAddress",
    variables: (checkout) => ({ email: checkout.email }),
    result: (data) => data.retentionSuppressAddress,
    success: (intl, answer) => intl.formatMessage(MESSAGES.suppressDone,
      { email: answer.address.email }),
    // Every chain of every checkout of the address stops: staff confirm first.
    question: (intl, checkout) => intl.formatMessage(MESSAGES.suppressQuestion,
      { email: checkout.email }),
    confirmLabel: MESSAGES.suppressConfirm,
  },
];

function ActionButton({ action, page, state, checkout, onChange }) {
  const intl = useIntl();
  const label = intl.formatMessage(action.label);
  const [outcome, setOutcome] = useState(null);
  const run = async () => {
    setOutcome({ status: "running" });
    let answer;
    try {
      const data = await callApi(page.apiUrl, state, ABANDONED_CHECKOUTS,
        action.variables(checkout), action.operation);
      answer = action.result(data);
    } catch (error) {
      setOutcome({ status: "error", message: error.message });
      return;
    }
    if (answer.errors.length) {
      setOutcome({ status: "error",
        message: answer.errors.map((error) => error.message).join(" ") });
      return;
    }
    const message = action.success(intl, answer);
    setOutcome({ status: "success", message });
    notifyDashboard({ status: "success", title: label, text: message });
    if (answer.checkout) onChange(answer.checkout);
  };
  return (
    <Box display="flex" flexDirection="column" gap={1} __maxWidth="320px">
      <Box>
        {action.question ? (
          <ConfirmButton label={label} question={action.question(intl, checkout)}
            confirmLabel={intl.formatMessage(action.confirmLabel)}
            cancelLabel={intl.formatMessage(MESSAGES.cancel)} testId={`action-${action.id}`}
            disabled={outcome?.status === "running"} onConfirm={run} />
        ) : (
          <Button variant={action.id === "send-next" ? "primary" : "secondary"}
            data-testid={`action-${action.id}`} disabled={outcome?.status === "running"}
            onClick={run}>
            {label}
          </Button>
        )}
      </Box>
      {outcome?.message && (
        <Text size={2} data-testid={`outcome-${action.id}`} data-status={outcome.status}
          color={outcome.status === "error" ? "critical1" : "success1"}>
          {outcome.message}
        </Text>
      )}
    </Box>
  );
}

function Fact({ label, children, testId }) {
  return (
    <Box display="flex" flexDirection="column" gap={0.5}>
      <Text size={2} color="default2">{label}</Text>
      <Text data-testid={testId}>{children}</Text>
    </Box>
  );
}

/** A checkout's timeline, oldest first, as the API gives it (`AbandonedCheckout.timeline`). */
export function Timeline({ entries, locale }) {
  const intl = useIntl();
  const columns = [
    ["what", intl.formatMessage({ id: "checkouts.timelineWhat", defaultMessage: "What" })],
    ["when", intl.formatMessage({ id: "checkouts.timelineWhen", defaultMessage: "When" })],
    ["step", intl.formatMessage({ id: "checkouts.timelineStep", defaultMessage: "Step" })],
    ["detail", intl.formatMessage({ id: "checkouts.timelineDetail",
      defaultMessage: "Detail" })],
  ];
  return (
    <Box as="table" width="100%" borderCollapse="collapse" data-testid="timeline">
      <thead>
        <tr>{columns.map(([key, name]) => <Cell key={key} header>{name}</Cell>)}
        </tr>
      </thead>
      <tbody>
        {entries.map((entry, index) => (
          <tr key={`${entry.at}-${entry.kind}-${index}`} data-testid="timeline-entry"
            data-kind={entry.kind}>
            <Cell>{enumLabel(intl, entry.kind)}</Cell>
            <Cell>{formatDateTime(entry.at, locale)}</Cell>
            <Cell>{entry.step ?? "—"}</Cell>
            <Cell>{entry.detail || "—"}</Cell>
          </tr>
        ))}
      </tbody>
    </Box>
  );
}

// A checkout list's open row: returns [its detail screen, or null when none is open, and
// the setter a list's rows call with a checkout id]. Actions in the detail replace the row.
export function useOpenCheckout(page, state, rows, replaceRow) {
  const [openId, setOpenId] = useState(null);
  const open = rows.find((row) => row.id === openId);
  const detail = open ? (
    <CheckoutDetail page={page} state={state} checkout={open} locale={state.locale || "en"}
      onChange={replaceRow} onClose={() => setOpenId(null)} />
  ) : null;
  return [detail, setOpenId];
}

export function CheckoutDetail({ page, state, checkout, locale, onChange, onClose }) {
  const intl = useIntl();
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="checkout-detail">
      <Box>
        <Button variant="tertiary" data-testid="back-to-list" onClick={onClose}>
          <FormattedMessage id="checkouts.backToList" defaultMessage="← All checkouts" />
        </Button>
      </Box>
      <Box display="flex" flexDirection="column" gap={1}>
        <Text as="h1" size={8} fontWeight="bold" data-testid="checkout-email">
          {checkout.email}
        </Text>
        {checkout.customerName && <Text color="default2">{checkout.customerName}</Text>}
      </Box>
      <Box display="flex" gap={8} flexWrap="wrap">
        <Fact label={intl.formatMessage({ id: "checkouts.value", defaultMessage: "Value" })}
          testId="checkout-value">
          <FormattedMessage id="checkouts.valueWithLines"
            defaultMessage="{total} · {count, plural, one {# line} other {# lines}}"
            values={{ total: formatMoney(checkout.total, checkout.currency, locale),
              count: checkout.lineCount }} />
        </Fact>
        <Fact label={intl.formatMessage({ id: "checkouts.state", defaultMessage: "State" })}
          testId="checkout-state">
          <span data-state={checkout.state}>{enumLabel(intl, checkout.state)}</span>
        </Fact>
        <Fact label={intl.formatMessage({ id: "checkouts.channel", defaultMessage: "Channel" })}>
          {checkout.channel}
        </Fact>
        <Fact label={intl.formatMessage({ id: "checkouts.chain", defaultMessage: "Chain" })}>
          {checkout.chainName ?? "—"}
        </Fact>
        <Fact label={intl.formatMessage({ id: "checkouts.nextReminder",
          defaultMessage: "Next reminder" })} testId="next-reminder">
          {checkout.nextReminderAt ? formatDateTime(checkout.nextReminderAt, locale)
            : intl.formatMessage({ id: "checkouts.nonePlanned", defaultMessage: "None planned" })}
        </Fact>
      </Box>
      <Box display="flex" gap={4} flexWrap="wrap" data-testid="checkout-actions">
        {ACTIONS.map((action) => (
          <ActionButton key={action.id} action={action} page={page} state={state}
            checkout={checkout} onChange={onChange} />
        ))}
      </Box>
      <Box display="flex" flexDirection="column" gap={2}>
        <Text as="h2" size={6} fontWeight="bold">
          <FormattedMessage id="checkouts.timeline" defaultMessage="Timeline" />
        </Text>
        <Timeline entries={checkout.timeline} locale={locale} />
      </Box>
    </Box>
  );
}
