// The app page's first tab: what the reminders brought back in a period (totals and a chart
// over time) and each chain's funnel, step by step.
import { Box, Skeleton, Text } from "@saleor/macaw-ui";
import { useState } from "react";

import { countOf, formatMoney } from "../format.js";
import OVERVIEW from "../graphql/Overview.graphql";
import { OVERVIEW_PERIODS, periodVariables } from "../periods.js";
import { useApiQuery } from "../queries.js";
import { AccessProblem } from "./AccessProblem.jsx";
import { FunnelChart } from "./FunnelChart.jsx";
import { RevenueChart } from "./RevenueChart.jsx";
import { FIELD_STYLE } from "./tables.jsx";

const DEFAULT_PERIOD = "30d";

function RevenueCard({ data, variables, periodLabel, locale }) {
  const revenue = data.recoveredRevenue;
  return (
    <Box data-testid="recovered-revenue" padding={6} borderRadius={4} borderStyle="solid"
      borderWidth={1} borderColor="default1" display="flex" flexDirection="column" gap={4}>
      <Text size={3} color="default2">Recovered revenue, {periodLabel.toLowerCase()}</Text>
      {revenue.length === 0 ? (
        <Text data-testid="no-revenue">
          No orders recovered in this period yet. Orders placed after a reminder will show
          here, by the day they were placed.
        </Text>
      ) : (
        <>
          <Box display="flex" gap={8} flexWrap="wrap">
            {revenue.map((row) => (
              <Box key={row.currency} display="flex" alignItems="baseline" gap={3}>
                <Text size={10} fontWeight="bold">
                  {formatMoney(row.amount, row.currency, locale)}
                </Text>
                <Text color="default2">{countOf(row.orders, "order", "orders", locale)}</Text>
              </Box>
            ))}
          </Box>
          <RevenueChart points={data.recoveredRevenueOverTime} revenue={revenue}
            variables={variables} locale={locale} />
        </>
      )}
    </Box>
  );
}

function EmptyState() {
  return (
    <Box data-testid="empty-state" padding={6} borderRadius={4} borderStyle="solid"
      borderWidth={1} borderColor="default1" display="flex" flexDirection="column" gap={2}>
      <Text as="h2" size={6} fontWeight="bold">No abandoned checkouts yet</Text>
      <Text as="p" color="default2">
        When a shopper leaves a checkout that has an email address and items, Cart Recovery
        starts a reminder chain. The checkouts it follows, the emails sent, opened and
        clicked, and the orders and revenue they bring back will appear here.
      </Text>
    </Box>
  );
}

function Loading() {
  return (
    <Box display="flex" flexDirection="column" gap={4} data-testid="loading">
      <Skeleton __height="96px" />
      <Skeleton __height="160px" />
    </Box>
  );
}

export function Overview({ page, state }) {
  const [period, setPeriod] = useState(DEFAULT_PERIOD);
  // Fixed when the period is chosen, so that a re-render does not move the window.
  const [variables, setVariables] = useState(() => periodVariables(DEFAULT_PERIOD));
  const { loading, data, error } = useApiQuery(page, state, OVERVIEW, { variables });
  const locale = state.locale || "en";
  const choosePeriod = (key) => {
    setVariables(periodVariables(key));
    setPeriod(key);
  };
  // Store-wide, not for the period: a store that has carts says what the period holds.
  const isEmpty = data && data.abandonedCheckouts.totalCount === 0 &&
    data.recoveredRevenue.length === 0;
  const noneEnabled = data && !data.retentionChains.some((chain) => chain.enabled);
  const quietPeriod = data && data.retentionFunnel.every((chain) => chain.eligible === 0);
  const { label } = OVERVIEW_PERIODS[period];
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="overview">
      <Box display="flex" justifyContent="space-between" alignItems="flex-end" gap={4}
        flexWrap="wrap">
        <Box display="flex" flexDirection="column" gap={1}>
          <Text as="h1" size={8} fontWeight="bold">Cart recovery</Text>
          {data && <Text color="default2" data-testid="shop-name">
            {data.retentionSettings.shopName}</Text>}
        </Box>
        {!error && (
          <Box as="label" display="flex" flexDirection="column" gap={1}>
            <Text size={2} color="default2">Period</Text>
            <Box as="select" data-testid="period" value={period} borderColor="default1"
              style={FIELD_STYLE} onChange={(event) => choosePeriod(event.target.value)}>
              {Object.entries(OVERVIEW_PERIODS).map(([key, option]) => (
                <option key={key} value={key}>{option.label}</option>))}
            </Box>
          </Box>
        )}
      </Box>
      {loading && <Loading />}
      {error && <AccessProblem error={error} appName={page.appName} />}
      {!loading && noneEnabled && (
        <Text data-testid="no-chain-enabled" color="critical1">
          No reminder chain is switched on, so abandoned checkouts get no reminders. Switch
          one on under Chains.
        </Text>)}
      {!loading && isEmpty && <EmptyState />}
      {!loading && data && !isEmpty && (
        <>
          <RevenueCard data={data} variables={variables} periodLabel={label}
            locale={locale} />
          <Box display="flex" flexDirection="column" gap={3}>
            <Text as="h2" size={6} fontWeight="bold">Reminder chains</Text>
            <Text size={2} color="default2">
              Checkouts that entered each chain in this period, followed to their end: how
              many got each step's email, opened it, clicked it, and ordered after it.
            </Text>
            {quietPeriod && (
              <Text data-testid="quiet-period">
                No checkout entered a chain in this period: choose a longer period, or see
                the carts that are waiting under Abandoned checkouts.
              </Text>)}
            {data.retentionFunnel.map((chain, index) => (
              <FunnelChart key={chain.chainId ?? `deleted-${index}`} chain={chain}
                locale={locale} />
            ))}
          </Box>
        </>
      )}
    </Box>
  );
}
