// One checkout of the "Abandoned checkouts" tab: what the app did about it (its timeline)
// and the staff actions on its reminders, each showing what the API answered.
import { Box, Button, Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { callApi } from "../api.js";
import { notifyDashboard } from "../bridge.js";
import { enumWords, formatDateTime, formatMoney } from "../format.js";
import ABANDONED_CHECKOUTS from "../graphql/AbandonedCheckouts.graphql";
import { ConfirmButton } from "./forms.jsx";
import { Cell } from "./tables.jsx";

/** Each action: its operation in AbandonedCheckouts.graphql, and what its answer means. */
const ACTIONS = [
  {
    id: "send-next",
    label: "Send next reminder now",
    operation: "DashboardSendNextReminderNow",
    variables: (checkout) => ({ checkoutId: checkout.id }),
    result: (data) => data.retentionSendNextReminderNow,
    success: (answer) => `Step ${answer.step} is due now: it goes at the scheduler's next ` +
      "pass, after the usual checks.",
  },
  {
    id: "stop",
    label: "Stop reminders",
    operation: "DashboardStopReminders",
    variables: (checkout) => ({ checkoutId: checkout.id }),
    result: (data) => data.retentionStopReminders,
    success: (answer) => `Reminders stopped: ${answer.skippedReminders} planned ` +
      `${answer.skippedReminders === 1 ? "reminder" : "reminders"} skipped.`,
  },
  {
    id: "suppress",
    label: "Suppress address",
    operation: "DashboardSuppressAddress",
    variables: (checkout) => ({ email: checkout.email }),
    result: (data) => data.retentionSuppressAddress,
    success: (answer) => `${answer.address.email} is suppressed: no reminder goes to it, ` +
      "and its running chains stop at their next step.",
    // Every chain of every checkout of the address stops: staff confirm first.
    question: (checkout) => `Send no more reminders to ${checkout.email}, from any chain?`,
    confirmLabel: "Suppress",
  },
];

function ActionButton({ action, page, state, checkout, onChange }) {
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
    const message = action.success(answer);
    setOutcome({ status: "success", message });
    notifyDashboard({ status: "success", title: action.label, text: message });
    if (answer.checkout) onChange(answer.checkout);
  };
  return (
    <Box display="flex" flexDirection="column" gap={1} __maxWidth="320px">
      <Box>
        {action.question ? (
          <ConfirmButton label={action.label} question={action.question(checkout)}
            confirmLabel={action.confirmLabel} testId={`action-${action.id}`}
            disabled={outcome?.status === "running"} onConfirm={run} />
        ) : (
          <Button variant={action.id === "send-next" ? "primary" : "secondary"}
            data-testid={`action-${action.id}`} disabled={outcome?.status === "running"}
            onClick={run}>
            {action.label}
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
  return (
    <Box as="table" width="100%" borderCollapse="collapse" data-testid="timeline">
      <thead>
        <tr>{["What", "When", "Step", "Detail"].map((name) => (
          <Cell key={name} header>{name}</Cell>))}
        </tr>
      </thead>
      <tbody>
        {entries.map((entry, index) => (
          <tr key={`${entry.at}-${entry.kind}-${index}`} data-testid="timeline-entry"
            data-kind={entry.kind}>
            <Cell>{enumWords(entry.kind)}</Cell>
            <Cell>{formatDateTime(entry.at, locale)}</Cell>
            <Cell>{entry.step ?? "—"}</Cell>
            <Cell>{entry.detail || "—"}</Cell>
          </tr>
        ))}
      </tbody>
    </Box>
  );
}

export function CheckoutDetail({ page, state, checkout, locale, onChange, onClose }) {
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="checkout-detail">
      <Box>
        <Button variant="tertiary" data-testid="back-to-list" onClick={onClose}>
          ← All checkouts
        </Button>
      </Box>
      <Box display="flex" flexDirection="column" gap={1}>
        <Text as="h1" size={8} fontWeight="bold" data-testid="checkout-email">
          {checkout.email}
        </Text>
        {checkout.customerName && <Text color="default2">{checkout.customerName}</Text>}
      </Box>
      <Box display="flex" gap={8} flexWrap="wrap">
        <Fact label="Value" testId="checkout-value">
          {formatMoney(checkout.total, checkout.currency, locale)}
          {` · ${checkout.lineCount} ${checkout.lineCount === 1 ? "line" : "lines"}`}
        </Fact>
        <Fact label="State" testId="checkout-state">
          <span data-state={checkout.state}>{enumWords(checkout.state)}</span>
        </Fact>
        <Fact label="Channel">{checkout.channel}</Fact>
        <Fact label="Chain">{checkout.chainName ?? "—"}</Fact>
        <Fact label="Next reminder" testId="next-reminder">
          {checkout.nextReminderAt ? formatDateTime(checkout.nextReminderAt, locale) : "None planned"}
        </Fact>
      </Box>
      <Box display="flex" gap={4} flexWrap="wrap" data-testid="checkout-actions">
        {ACTIONS.map((action) => (
          <ActionButton key={action.id} action={action} page={page} state={state}
            checkout={checkout} onChange={onChange} />
        ))}
      </Box>
      <Box display="flex" flexDirection="column" gap={2}>
        <Text as="h2" size={6} fontWeight="bold">Timeline</Text>
        <Timeline entries={checkout.timeline} locale={locale} />
      </Box>
    </Box>
  );
}
