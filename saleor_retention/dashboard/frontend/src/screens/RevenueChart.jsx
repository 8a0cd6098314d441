// The Overview's chart of recovered revenue over the chosen period: one bar per day, week
// or month in one currency (amounts of different currencies never share an axis).
import { Box, Text, vars } from "@saleor/macaw-ui";
import { useState } from "react";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis }
  from "recharts";

import { chartBars } from "../periods.js";
import { countOf, formatMoney } from "../format.js";
import { FIELD_STYLE } from "./tables.jsx";

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

function BarTooltip({ active, payload, interval, locale, currency }) {
  if (!active || !payload?.length) return null;
  const bar = payload[0].payload;
  return (
    <Box padding={2} borderRadius={3} borderStyle="solid" borderWidth={1}
      borderColor="default1" backgroundColor="default1">
      <Text size={2} color="default2">
        {interval === "WEEK" ? "Week of " : ""}{labelOf(bar.start, interval, locale)}
      </Text>
      <Text as="p" size={3} fontWeight="bold">
        {formatMoney(bar.amount, currency, locale)}
      </Text>
      <Text size={2} color="default2">{countOf(bar.orders, "order", "orders", locale)}</Text>
    </Box>
  );
}

/** `points` are the API's recoveredRevenueOverTime, `revenue` its totals of the period. */
export function RevenueChart({ points, revenue, variables, locale }) {
  const [chosen, setChosen] = useState(null);
  const currencies = revenue.map((row) => row.currency);
  const currency = currencies.includes(chosen) ? chosen : busiestCurrency(revenue);
  const bars = chartBars(points, currency, variables).map((bar) => ({
    ...bar, label: labelOf(bar.start, variables.interval, locale),
  }));
  // What the bars show, for screen readers: the intervals that brought something back.
  const summary = bars.filter((bar) => bar.orders > 0)
    .map((bar) => `${bar.label}: ${formatMoney(bar.amount, currency, locale)} ` +
      `(${countOf(bar.orders, "order", "orders", locale)})`).join("; ");
  return (
    <Box display="flex" flexDirection="column" gap={2}>
      {currencies.length > 1 && (
        <Box as="label" display="flex" alignItems="center" gap={2}>
          <Text size={2} color="default2">Currency</Text>
          <Box as="select" data-testid="chart-currency" value={currency}
            borderColor="default1" style={{ ...FIELD_STYLE, minWidth: "90px" }}
            onChange={(event) => setChosen(event.target.value)}>
            {currencies.map((code) => <option key={code} value={code}>{code}</option>)}
          </Box>
        </Box>
      )}
      <Box role="img" data-testid="revenue-chart" data-bars={bars.length}
        aria-label={`Recovered revenue in ${currency} per ${variables.interval.toLowerCase()}`
          + (summary ? `: ${summary}` : ": none")}
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
              content={<BarTooltip interval={variables.interval} locale={locale}
                currency={currency} />} />
            <Bar dataKey="amount" fill={vars.colors.background.accent1} radius={[3, 3, 0, 0]}
              isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Box>
    </Box>
  );
}
