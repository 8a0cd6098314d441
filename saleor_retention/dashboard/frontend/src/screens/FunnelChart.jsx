// One chain's funnel on the Overview: each step's stages drawn as bars, with the chain's and
// each step's numbers in a table beside them.
import { Box, Text, vars } from "@saleor/macaw-ui";
import { defineMessages, useIntl } from "react-intl";
import { Bar, BarChart, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

import { enumLabel } from "../enums.js";
import { formatCount, formatMoney, withShare } from "../format.js";
import { Cell } from "./tables.jsx";

// The stages in funnel order, each named as the chart's legend and the table's column say.
const STAGES = defineMessages({
  eligible: { id: "overview.funnel.eligible", defaultMessage: "Checkouts" },
  sent: { id: "overview.funnel.sent", defaultMessage: "Emails sent" },
  opened: { id: "overview.funnel.opened", defaultMessage: "Opened" },
  clicked: { id: "overview.funnel.clicked", defaultMessage: "Clicked" },
  ordered: { id: "overview.funnel.ordered", defaultMessage: "Orders" },
});

const MESSAGES = defineMessages({
  revenue: { id: "overview.funnel.revenue", defaultMessage: "Revenue" },
  step: { id: "overview.funnel.step", defaultMessage: "Step {position}" },
  stepRow: { id: "overview.funnel.stepRow", defaultMessage: "Step {position}: {template}" },
  stage: { id: "overview.funnel.stage", defaultMessage: "{stage} {count}" },
  chartLabel: { id: "overview.funnel.chartLabel",
    defaultMessage: "{chain}, per step: {steps}" },
  noSteps: { id: "overview.funnel.noSteps", defaultMessage: "no steps" },
});

function revenueOf(row, locale) {
  return row.revenue.map((money) => formatMoney(money.amount, money.currency, locale))
    .join(" + ") || "—";
}

function Figures({ row, name, testId, locale, strong = false }) {
  return (
    <tr data-testid={testId}>
      <Cell>{strong ? <strong>{name}</strong> : name}</Cell>
      <Cell align="right">{formatCount(row.eligible, locale)}</Cell>
      <Cell align="right">{formatCount(row.sent, locale)}</Cell>
      <Cell align="right">{withShare(row.opened, row.sent, locale)}</Cell>
      <Cell align="right">{withShare(row.clicked, row.sent, locale)}</Cell>
      <Cell align="right">{formatCount(row.ordered, locale)}</Cell>
      <Cell align="right">{revenueOf(row, locale)}</Cell>
    </tr>
  );
}

// Each stage's colour: the Dashboard's own text colours, so both themes draw them.
const STAGE_COLOURS = {
  eligible: vars.colors.text.default2, sent: vars.colors.text.accent1,
  opened: vars.colors.text.info1, clicked: vars.colors.text.warning1,
  ordered: vars.colors.text.success1,
};

/** The chain's steps side by side, each with a bar per stage. */
function StepBars({ chain }) {
  const intl = useIntl();
  const stages = Object.entries(STAGES).map(([key, message]) => [key,
    intl.formatMessage(message)]);
  const steps = chain.steps.map((step) => ({
    label: intl.formatMessage(MESSAGES.step, { position: step.position }),
    ...Object.fromEntries(stages.map(([key]) => [key, step[key]])),
  }));
  const summary = steps.map((step) => `${step.label}: ` + stages.map(([key, stage]) =>
    intl.formatMessage(MESSAGES.stage, { stage, count: step[key] })).join(", ")).join("; ");
  return (
    <Box role="img" data-testid="funnel-chart" __width="360px" __height="200px" flexShrink="0"
      aria-label={intl.formatMessage(MESSAGES.chartLabel, { chain: chain.chainName,
        steps: summary || intl.formatMessage(MESSAGES.noSteps) })}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={steps} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          barGap={1}>
          <XAxis dataKey="label" tickLine={false} stroke={vars.colors.border.default1}
            tick={{ fill: vars.colors.text.default2, fontSize: 12 }} />
          <YAxis width={32} tickLine={false} axisLine={false} allowDecimals={false}
            tick={{ fill: vars.colors.text.default2, fontSize: 12 }}
            tickFormatter={(count) => intl.formatNumber(count)} />
          <Tooltip cursor={{ fill: vars.colors.background.default2 }}
            formatter={(count) => intl.formatNumber(count)}
            contentStyle={{ background: vars.colors.background.default1,
              borderColor: vars.colors.border.default1 }} />
          <Legend iconSize={10} wrapperStyle={{ fontSize: 12 }} />
          {stages.map(([key, label]) => (
            <Bar key={key} dataKey={key} name={label} fill={STAGE_COLOURS[key]}
              isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}

export function FunnelChart({ chain }) {
  const intl = useIntl();
  const columns = ["", ...Object.values(STAGES), MESSAGES.revenue].map((message) => (
    message && intl.formatMessage(message)));
  return (
    <Box data-testid="funnel" padding={4} borderRadius={4} borderStyle="solid" borderWidth={1}
      borderColor="default1" display="flex" gap={6} flexWrap="wrap" alignItems="flex-start">
      <StepBars chain={chain} />
      <Box as="table" flexGrow="1" borderCollapse="collapse">
        <thead>
          <tr>{columns.map((name, index) => (
            <Cell key={name || "name"} header align={index ? "right" : "left"}>{name}</Cell>))}
          </tr>
        </thead>
        <tbody>
          <Figures row={chain} name={chain.chainName} testId="funnel-row"
            locale={intl.locale} strong />
          {chain.steps.map((step) => (
            <Figures key={step.position} row={step} testId="funnel-step-row"
              locale={intl.locale} name={intl.formatMessage(MESSAGES.stepRow,
                { position: step.position, template: enumLabel(intl, step.template) })} />
          ))}
        </tbody>
      </Box>
    </Box>
  );
}
