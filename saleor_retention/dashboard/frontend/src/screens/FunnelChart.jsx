// One chain's funnel on the Overview: its stages drawn as bars, with the chain's and each
// step's numbers in a table beside them.
import { Box, Text, vars } from "@saleor/macaw-ui";
import { Bar, BarChart, LabelList, ResponsiveContainer, XAxis, YAxis } from "recharts";

import { enumWords, formatMoney, withShare } from "../format.js";
import { Cell } from "./tables.jsx";

const STAGES = [["eligible", "Checkouts"], ["sent", "Emails sent"], ["opened", "Opened"],
  ["clicked", "Clicked"], ["ordered", "Orders"]];
const COLUMNS = ["", "Checkouts", "Emails sent", "Opened", "Clicked", "Orders", "Revenue"];

function revenueOf(row, locale) {
  return row.revenue.map((money) => formatMoney(money.amount, money.currency, locale))
    .join(" + ") || "—";
}

function Figures({ row, name, testId, locale, strong = false }) {
  return (
    <tr data-testid={testId}>
      <Cell>{strong ? <strong>{name}</strong> : name}</Cell>
      <Cell align="right">{row.eligible}</Cell>
      <Cell align="right">{row.sent}</Cell>
      <Cell align="right">{withShare(row.opened, row.sent)}</Cell>
      <Cell align="right">{withShare(row.clicked, row.sent)}</Cell>
      <Cell align="right">{row.ordered}</Cell>
      <Cell align="right">{revenueOf(row, locale)}</Cell>
    </tr>
  );
}

function StageBars({ chain }) {
  const data = STAGES.map(([key, label]) => ({ label, value: chain[key] }));
  return (
    <Box role="img" data-testid="funnel-chart" __width="300px" __height="180px" flexShrink="0"
      aria-label={`${chain.chainName}: ` +
        data.map(({ label, value }) => `${label} ${value}`).join(", ")}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 0, right: 40, bottom: 0,
          left: 0 }}>
          <XAxis type="number" hide domain={[0, Math.max(1, chain.eligible, chain.sent)]} />
          <YAxis type="category" dataKey="label" width={90} tickLine={false} axisLine={false}
            tick={{ fill: vars.colors.text.default2, fontSize: 12 }} />
          <Bar dataKey="value" fill={vars.colors.background.accent1} radius={[0, 3, 3, 0]}
            minPointSize={2} isAnimationActive={false}>
            <LabelList dataKey="value" position="right"
              style={{ fill: vars.colors.text.default1, fontSize: 12 }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </Box>
  );
}

export function FunnelChart({ chain, locale }) {
  return (
    <Box data-testid="funnel" padding={4} borderRadius={4} borderStyle="solid" borderWidth={1}
      borderColor="default1" display="flex" gap={6} flexWrap="wrap" alignItems="flex-start">
      <StageBars chain={chain} />
      <Box as="table" flexGrow="1" borderCollapse="collapse">
        <thead>
          <tr>{COLUMNS.map((name, index) => (
            <Cell key={name || "name"} header align={index ? "right" : "left"}>{name}</Cell>))}
          </tr>
        </thead>
        <tbody>
          <Figures row={chain} name={chain.chainName} testId="funnel-row" locale={locale}
            strong />
          {chain.steps.map((step) => (
            <Figures key={step.position} row={step} testId="funnel-step-row" locale={locale}
              name={`Step ${step.position}: ${enumWords(step.template)}`} />
          ))}
        </tbody>
      </Box>
    </Box>
  );
}
