// The app page ("Cart recovery" in the Dashboard's Apps): what the reminders brought back in
// the last 30 days, and each chain's funnel.
import { Box, Skeleton, Text } from "@saleor/macaw-ui";
import { useEffect, useState } from "react";

import { AccessDenied, callApi } from "../api.js";
import { countOf, formatMoney, withShare } from "../format.js";
import OVERVIEW from "../graphql/Overview.graphql";
import { AccessProblem } from "./AccessProblem.jsx";

const PERIOD_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

function lastDays(days) {
  const to = new Date();
  return { from: new Date(to.getTime() - days * DAY_MS).toISOString(), to: to.toISOString() };
}

/** Loads the overview with the Dashboard's token; loads again when the Dashboard refreshes
 * the token after the one used expired. */
function useOverview(page, state) {
  const [result, setResult] = useState({ loading: true, token: state.token });
  const expired = result.error instanceof AccessDenied && result.error.reason === "expired";
  const token = expired ? state.token : result.token;
  useEffect(() => {
    let current = true;
    setResult({ loading: true, token });
    callApi(page.apiUrl, { ...state, token }, OVERVIEW, lastDays(PERIOD_DAYS))
      .then((data) => current && setResult({ data, token }))
      .catch((error) => current && setResult({ error, token }));
    return () => { current = false; };
    // Only a new token after an expiry reloads; the rest of the state is read at the start.
  }, [page.apiUrl, token]); // eslint-disable-line react-hooks/exhaustive-deps
  return result;
}

function RevenueCard({ revenue, locale }) {
  return (
    <Box data-testid="recovered-revenue" padding={6} borderRadius={4} borderStyle="solid"
      borderWidth={1} borderColor="default1" display="flex" flexDirection="column" gap={2}>
      <Text size={3} color="default2">Recovered revenue, last {PERIOD_DAYS} days</Text>
      {revenue.map((row) => (
        <Box key={row.currency} display="flex" alignItems="baseline" gap={3}>
          <Text size={10} fontWeight="bold">{formatMoney(row.amount, row.currency, locale)}</Text>
          <Text color="default2">{countOf(row.orders, "order", "orders", locale)}</Text>
        </Box>
      ))}
    </Box>
  );
}

const COLUMNS = ["Chain", "Checkouts", "Emails sent", "Opened", "Clicked", "Orders", "Revenue"];

function Cell({ children, header = false, align = "right" }) {
  return (
    <Box as={header ? "th" : "td"} paddingY={2} paddingX={3} textAlign={align}
      borderBottomStyle="solid" borderBottomWidth={1} borderColor="default1">
      <Text size={header ? 2 : 3} color={header ? "default2" : "default1"}
        fontWeight={header ? "medium" : "regular"}>
        {children}
      </Text>
    </Box>
  );
}

function FunnelTable({ funnel, locale }) {
  return (
    <Box as="table" width="100%" borderCollapse="collapse" data-testid="funnel">
      <thead>
        <tr>{COLUMNS.map((name, index) => (
          <Cell key={name} header align={index ? "right" : "left"}>{name}</Cell>))}
        </tr>
      </thead>
      <tbody>
        {funnel.map((chain) => (
          <tr key={chain.chainId ?? chain.chainName} data-testid="funnel-row">
            <Cell align="left">{chain.chainName}</Cell>
            <Cell>{chain.eligible}</Cell>
            <Cell>{chain.sent}</Cell>
            <Cell>{withShare(chain.opened, chain.sent)}</Cell>
            <Cell>{withShare(chain.clicked, chain.sent)}</Cell>
            <Cell>{chain.ordered}</Cell>
            <Cell>{chain.revenue.map((row) => formatMoney(row.amount, row.currency, locale))
              .join(" + ") || "—"}</Cell>
          </tr>
        ))}
      </tbody>
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
  const { loading, data, error } = useOverview(page, state);
  const locale = state.locale || "en";
  const isEmpty = data && data.recoveredRevenue.length === 0 &&
    data.retentionFunnel.every((chain) => chain.eligible === 0);
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="overview">
      <Box display="flex" flexDirection="column" gap={1}>
        <Text as="h1" size={8} fontWeight="bold">Cart recovery</Text>
        {data && <Text color="default2" data-testid="shop-name">
          {data.retentionSettings.shopName}</Text>}
      </Box>
      {loading && <Loading />}
      {error && <AccessProblem error={error} appName={page.appName} />}
      {isEmpty && <EmptyState />}
      {data && !isEmpty && (
        <>
          {data.recoveredRevenue.length > 0 ? (
            <RevenueCard revenue={data.recoveredRevenue} locale={locale} />
          ) : (
            <Text data-testid="recovered-revenue">
              No orders recovered in the last {PERIOD_DAYS} days yet.
            </Text>
          )}
          <Box display="flex" flexDirection="column" gap={2}>
            <Text as="h2" size={6} fontWeight="bold">Reminder chains</Text>
            <Text size={2} color="default2">
              Checkouts that entered each chain in the last {PERIOD_DAYS} days, followed to
              their end.
            </Text>
            <FunnelTable funnel={data.retentionFunnel} locale={locale} />
          </Box>
        </>
      )}
    </Box>
  );
}
