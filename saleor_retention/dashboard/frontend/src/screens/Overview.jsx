// The app page's first tab: what the reminders brought back in a period (totals and a chart
// over time) and each chain's funnel, step by step.
import { Box, Skeleton, Text } from "@saleor/macaw-ui";
import { useState } from "react";
import { defineMessages, useIntl } from "react-intl";

import { formatMoney } from "../format.js";
import OVERVIEW from "../graphql/Overview.graphql";
import { OVERVIEW_PERIODS, periodVariables } from "../periods.js";
import { useApiQuery } from "../queries.js";
import { AccessProblem } from "./AccessProblem.jsx";
import { FunnelChart } from "./FunnelChart.jsx";
import { ORDER_COUNT, RevenueChart } from "./RevenueChart.jsx";
import { FIELD_STYLE } from "./tables.jsx";

const MESSAGES = defineMessages({
  noRevenue: { id: "overview.noRevenue",
    defaultMessage: "No orders recovered in this period yet. Orders placed after a reminder will show here, by the day they were placed." },
  emptyTitle: { id: "overview.empty.title", defaultMessage: "No abandoned checkouts yet" },
  emptyText: { id: "overview.empty.text",
    defaultMessage: "When a shopper leaves a checkout that has an email address and items, Cart Recovery starts a reminder chain. The checkouts it follows, the emails sent, opened and clicked, and the orders and revenue they bring back will appear here." },
  heading: { id: "overview.heading", defaultMessage: "Cart recovery" },
  period: { id: "overview.period", defaultMessage: "Period" },
  noChainEnabled: { id: "overview.noChainEnabled",
    defaultMessage: "No reminder chain is switched on, so abandoned checkouts get no reminders. Switch one on under Chains." },
  chainsHeading: { id: "overview.chains.heading", defaultMessage: "Reminder chains" },
  chainsText: { id: "overview.chains.text",
    defaultMessage: "Checkouts that entered each chain in this period, followed to their end: how many got each step's email, opened it, clicked it, and ordered after it." },
  quietPeriod: { id: "overview.quietPeriod",
    defaultMessage: "No checkout entered a chain in this period: choose a longer period, or see the carts that are waiting under Abandoned checkouts." },
});

const DEFAULT_PERIOD = "30d";

function RevenueCard({ data, variables, title }) {
  const intl = useIntl();
  const revenue = data.recoveredRevenue;
  return (
    <Box data-testid="recovered-revenue" padding={6} borderRadius={4} borderStyle="solid"
      borderWidth={1} borderColor="default1" display="flex" flexDirection="column" gap={4}>
      <Text size={3} color="default2">{intl.formatMessage(title)}</Text>
      {revenue.length === 0 ? (
        <Text data-testid="no-revenue">{intl.formatMessage(MESSAGES.noRevenue)}</Text>
      ) : (
        <>
          <Box display="flex" gap={8} flexWrap="wrap">
            {revenue.map((row) => (
              <Box key={row.currency} display="flex" alignItems="baseline" gap={3}
                data-testid="revenue-total">
                <Text size={10} fontWeight="bold">
                  {formatMoney(row.amount, row.currency, intl.locale)}
                </Text>
                <Text color="default2">
                  {intl.formatMessage(ORDER_COUNT, { count: row.orders })}
                </Text>
              </Box>
            ))}
          </Box>
          <RevenueChart points={data.recoveredRevenueOverTime} revenue={revenue}
            variables={variables} />
        </>
      )}
    </Box>
  );
}

function EmptyState() {
  const intl = useIntl();
  return (
    <Box data-testid="empty-state" padding={6} borderRadius={4} borderStyle="solid"
      borderWidth={1} borderColor="default1" display="flex" flexDirection="column" gap={2}>
      <Text as="h2" size={6} fontWeight="bold">{intl.formatMessage(MESSAGES.emptyTitle)}</Text>
      <Text as="p" color="default2">{intl.formatMessage(MESSAGES.emptyText)}</Text>
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
  const intl = useIntl();
  const [period, setPeriod] = useState(DEFAULT_PERIOD);
  // Fixed when the period is chosen, so that a re-render does not move the window.
  const [variables, setVariables] = useState(() => periodVariables(DEFAULT_PERIOD));
  const { loading, data, error } = useApiQuery(page, state, OVERVIEW, { variables });
  const choosePeriod = (key) => {
    setVariables(periodVariables(key));
    setPeriod(key);
  };
  // Store-wide, not for the period: a store that has carts says what the period holds.
  const isEmpty = data && data.abandonedCheckouts.totalCount === 0 &&
    data.recoveredRevenue.length === 0;
  const noneEnabled = data && !data.retentionChains.some((chain) => chain.enabled);
  const quietPeriod = data && data.retentionFunnel.every((chain) => chain.eligible === 0);
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="overview">
      <Box display="flex" justifyContent="space-between" alignItems="flex-end" gap={4}
        flexWrap="wrap">
        <Box display="flex" flexDirection="column" gap={1}>
          <Text as="h1" size={8} fontWeight="bold">
            {intl.formatMessage(MESSAGES.heading)}
          </Text>
          {data && <Text color="default2" data-testid="shop-name">
            {data.retentionSettings.shopName}</Text>}
        </Box>
        {!error && (
          <Box as="label" display="flex" flexDirection="column" gap={1}>
            <Text size={2} color="default2">{intl.formatMessage(MESSAGES.period)}</Text>
            <Box as="select" data-testid="period" value={period} borderColor="default1"
              style={FIELD_STYLE} onChange={(event) => choosePeriod(event.target.value)}>
              {Object.entries(OVERVIEW_PERIODS).map(([key, option]) => (
                <option key={key} value={key}>{intl.formatMessage(option.label)}</option>))}
            </Box>
          </Box>
        )}
      </Box>
      {loading && <Loading />}
      {error && <AccessProblem error={error} appName={page.appName} />}
      {!loading && noneEnabled && (
        <Text data-testid="no-chain-enabled" color="critical1">
          {intl.formatMessage(MESSAGES.noChainEnabled)}
        </Text>)}
      {!loading && isEmpty && <EmptyState />}
      {!loading && data && !isEmpty && (
        <>
          <RevenueCard data={data} variables={variables}
            title={OVERVIEW_PERIODS[period].revenueTitle} />
          <Box display="flex" flexDirection="column" gap={3}>
            <Text as="h2" size={6} fontWeight="bold">
              {intl.formatMessage(MESSAGES.chainsHeading)}
            </Text>
            <Text size={2} color="default2">{intl.formatMessage(MESSAGES.chainsText)}</Text>
            {quietPeriod && (
              <Text data-testid="quiet-period">{intl.formatMessage(MESSAGES.quietPeriod)}</Text>)}
            {data.retentionFunnel.map((chain, index) => (
              <FunnelChart key={chain.chainId ?? `deleted-${index}`} chain={chain} />
            ))}
          </Box>
        </>
      )}
    </Box>
  );
}
