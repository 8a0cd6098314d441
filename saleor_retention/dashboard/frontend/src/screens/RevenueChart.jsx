// The Overview's chart of recovered revenue over the chosen period: one bar per day, week
// or month in one currency (amounts of different currencies never share an axis).
import { Box, Text, vars } from "@saleor/macaw-ui";
import { useState } from "react";
import { defineMessage, defineMessages, useIntl } from "react-intl";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis }
  from "recharts";

import { chartBars } from "../periods.js";
import { formatMoney } from "../format.js";
import { FIELD_STYLE } from "./tables.jsx";

/** "1 order", "2 orders": `{count}` recovered orders. */
export const ORDER_COUNT = defineMessage({ id: "overview.orderCount",
  defaultMessage: "{count, plural, one {# order} other {# orders}}" });

const MESSAGES = defineMessages({
  weekOf: { id: "overview.chart.weekOf", defaultMessage: "Week of {date}" },
  currency: { id: "overview.chart.currency", defaultMessage: "Currency" },
  bar: { id: "overview.chart.bar", defaultMessage: "{date}: {amount} ({orders})" },
  noBars: { id: "overview.chart.noBars", defaultMessage: "none" },
});

// What the chart shows, for screen readers; `bars` lists the intervals that brought
// something back.
const CHART_LABELS = defineMessages({
  DAY: { id: "overview.chart.perDay",
    defaultMessage: "Recovered revenue in {currency} per day: {bars}" },
  WEEK: { id: "overview.chart.perWeek",
    defaultMessage: "Recovered revenue in {currency} per week: {bars}" },
  MONTH: { id: "overview.chart.perMonth",
    defaultMessage: "Recovered revenue in {currency} per month: {bars}" },
});

const LABEL_FORMAT = {
  DAY: { month: "short", day: "numeric" },
  WEEK: { month: "short", day: "numeric" },
  MONTH: { month: "short", year: "numeric" },
};

function labelOf(start, interval, locale) {
  try {
    return new Intl.DateTimeFormat(locale, LABEL_FORMAT[interval]).format(start);
  } catch {
    return start.toDateString();
  }
}

/** The currency with the most recovered orders first, so the chart opens on it. */
function busiestCurrency(revenue) {
  return [...revenue].sort((a, b) => b.orders - a.orders)[0].currency;
}

function BarTooltip({ active, payload, interval, currency }) {
  const intl = useIntl();
  if (!active || !payload?.length) return null;
  const bar = payload[0].payload;
  const date = labelOf(bar.start, interval, intl.locale);
  return (
    <Box padding={2} borderRadius={3} borderStyle="solid" borderWidth={1}
      borderColor="default1" backgroundColor="default1">
      <Text size={2} color="default2">
        {interval === "WEEK" ? intl.formatMessage(MESSAGES.weekOf, { date }) : date}
      </Text>
      <Text as="p" size={3} fontWeight="bold">
        {formatMoney(bar.amount, currency, intl.locale)}
      </Text>
      <Text size={2} color="default2">
        {intl.formatMessage(ORDER_COUNT, { count: bar.orders })}
      </Text>
    </Box>
  );
}

/** `points` are the API's recoveredRevenueOverTime, `revenue` its totals of the period. */
export function RevenueChart({ points, revenue, variables }) {
  const intl = useIntl();
  const { locale } = intl;
  const [chosen, setChosen] = useState(null);
  const currencies = revenue.map((row) => row.currency);
  const currency = currencies.includes(chosen) ? chosen : busiestCurrency(revenue);
  const bars = chartBars(points, currency, variables).map((bar) => ({
    ...bar, label: labelOf(bar.start, variables.interval, locale),
  }));
  const summary = bars.filter((bar) => bar.orders > 0)
    .map((bar) => intl.formatMessage(MESSAGES.bar, { date: bar.label,
      amount: formatMoney(bar.amount, currency, locale),
      orders: intl.formatMessage(ORDER_COUNT, { count: bar.orders }) })).join("; ");
  return (
    <Box display="flex" flexDirection="column" gap={2}>
      {currencies.length > 1 && (
        <Box as="label" display="flex" alignItems="center" gap={2}>
          <Text size={2} color="default2">{intl.formatMessage(MESSAGES.currency)}</Text>
          <Box as="select" data-testid="chart-currency" value={currency}
            borderColor="default1" style={{ ...FIELD_STYLE, minWidth: "90px" }}
            onChange={(event) => setChosen(event.target.value)}>
            {currencies.map((code) => <option key={code} value={code}>{code}</option>)}
          </Box>
        </Box>
      )}
      <Box role="img" data-testid="revenue-chart" data-bars={bars.length}
        aria-label={intl.formatMessage(CHART_LABELS[variables.interval],
          { currency, bars: summary || intl.formatMessage(MESSAGES.noBars) })}
        __height="220px" width="100%">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={bars} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid vertical={false} stroke={vars.colors.border.default1} />
            <XAxis dataKey="label" tickLine={false} minTickGap={12}
              tick={{ fill: vars.colors.text.default2, fontSize: 12 }}
              stroke={vars.colors.border.default1} />
            <YAxis width={72} tickLine={false} axisLine={false} allowDecimals={false}
              tick={{ fill: vars.colors.text.default2, fontSize: 12 }}
              tickFormatter={(amount) => formatMoney(amount, currency, locale)} />
            <Tooltip cursor={{ fill: vars.colors.background.default2 }}
              content={<BarTooltip interval={variables.interval} currency={currency} />} />
            <Bar dataKey="amount" fill={vars.colors.background.accent1} radius={[3, 3, 0, 0]}
              isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Box>
    </Box>
  );
}
