// The "Recovered orders" tab of the app page: the orders the reminders brought back, newest
// first, a page at a time; an order's number opens it in the Dashboard, and "Export CSV"
// downloads every order of the shown period.
import { Box, Button, Skeleton, Text } from "@saleor/macaw-ui";
import { useEffect, useRef, useState } from "react";
import { defineMessages, FormattedMessage, useIntl } from "react-intl";

import { AccessDenied, callApi } from "../api.js";
import { redirectInDashboard } from "../bridge.js";
import { enumLabel } from "../enums.js";
import { formatDateTime, formatMoney } from "../format.js";
import RECOVERED_ORDERS from "../graphql/RecoveredOrders.graphql";
import { useLatest } from "../queries.js";
import { AccessProblem } from "./AccessProblem.jsx";
import { appendPage, usePagedConnection } from "./paging.js";
import { Cell, EmptyPanel, FIELD_STYLE, LoadMore } from "./tables.jsx";

// One page of the table; the API allows up to 100, the table never asks for everything.
const PAGE_SIZE = 20;
// The export's page: the API's largest.
const EXPORT_PAGE_SIZE = 100;

const DAY_MS = 24 * 60 * 60 * 1000;

const PERIOD_LABELS = defineMessages({
  all: { id: "orders.periodAllTime", defaultMessage: "All time" },
  days30: { id: "orders.periodLast30Days", defaultMessage: "Last 30 days" },
  days90: { id: "orders.periodLast90Days", defaultMessage: "Last 90 days" },
  months12: { id: "orders.periodLast12Months", defaultMessage: "Last 12 months" },
});

// The period control; "all" (no filter) by default.
export const PERIODS = {
  all: { label: PERIOD_LABELS.all, days: null },
  30: { label: PERIOD_LABELS.days30, days: 30 },
  90: { label: PERIOD_LABELS.days90, days: 90 },
  365: { label: PERIOD_LABELS.months12, days: 365 },
};

/** Returns the API filter of `period`: `from` that many days before now, or none. */
function filterOf(period) {
  const { days } = PERIODS[period];
  return days === null ? {} : { from: new Date(Date.now() - days * DAY_MS).toISOString() };
}

function useRecoveredOrders(page, state, period, filter) {
  return usePagedConnection(page, state, RECOVERED_ORDERS, "recoveredOrders",
    (after) => ({ first: PAGE_SIZE, after, filter }), period);
}

export const CSV_COLUMNS = ["number", "ordered_at", "total", "currency", "matched_by", "step",
  "code", "cancelled"];

function csvField(value) {
  const text = value == null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Returns the CSV of `orders`, a header line and one line per order, CRLF-separated. */
export function csvOf(orders) {
  const lines = [CSV_COLUMNS, ...orders.map((order) => [
    order.orderNumber, order.orderedAt, order.total.toFixed(2), order.currency,
    order.matchedBy, order.step?.position ?? "", order.voucherCode ?? "",
    order.cancelled ? "yes" : "no",
  ])];
  return lines.map((line) => line.map(csvField).join(",")).join("\r\n") + "\r\n";
}

// How long an export waits for the Dashboard to replace a token that expired under it.
const TOKEN_WAIT_MS = 60 * 1000;

/** Returns the Dashboard's next token after `expired`, from `latest` (useLatest's ref);
 * throws `error` when none came in TOKEN_WAIT_MS. */
async function newTokenAfter(latest, expired, error) {
  for (let waited = 0; waited < TOKEN_WAIT_MS; waited += 500) {
    if (latest.current.token !== expired) return;
    await new Promise((resolve) => { window.setTimeout(resolve, 500); });
  }
  throw error;
}

/** Runs one export call with the latest token; once again after the Dashboard replaced a
 * token that expired meanwhile (a long export outlives the 5-minute token). */
async function exportCall(page, latest, variables) {
  const { token } = latest.current;
  try {
    return await callApi(page.apiUrl, latest.current, RECOVERED_ORDERS, variables);
  } catch (error) {
    if (!(error instanceof AccessDenied && error.reason === "expired")) throw error;
    await newTokenAfter(latest, token, error);
    return callApi(page.apiUrl, latest.current, RECOVERED_ORDERS, variables);
  }
}

/** Fetches every recovered order of `filter`, EXPORT_PAGE_SIZE at a time, until done or
 * `stopped()`. */
async function allOrders(page, latest, filter, stopped) {
  let rows = [];
  let after = null;
  for (;;) {
    const data = await exportCall(page, latest, { first: EXPORT_PAGE_SIZE, after, filter });
    if (stopped()) throw new Error("The export stopped: the tab was closed.");
    const next = appendPage(data.recoveredOrders, rows);
    rows = next.rows;
    if (!next.pageInfo.hasNextPage) return rows;
    after = next.pageInfo.endCursor;
  }
}

function download(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function ExportButton({ page, state, period, filter }) {
  const intl = useIntl();
  const [exporting, setExporting] = useState(false);
  const [problem, setProblem] = useState(null);
  const latest = useLatest(state);
  // Set when the tab goes, so an export running then neither downloads nor sets state.
  const gone = useRef(false);
  useEffect(() => () => { gone.current = true; }, []);
  const exportCsv = () => {
    setExporting(true);
    setProblem(null);
    const name = period === "all" ? "all-time" : `last-${period}-days`;
    allOrders(page, latest, filter, () => gone.current)
      .then((orders) => download(`recovered-orders-${name}.csv`, csvOf(orders)))
      .catch((error) => !gone.current && setProblem(error.message))
      .finally(() => !gone.current && setExporting(false));
  };
  return (
    <Box display="flex" gap={3} alignItems="center">
      <Button variant="secondary" data-testid="export-csv" disabled={exporting}
        onClick={exportCsv}>
        {exporting
          ? intl.formatMessage({ id: "orders.exporting", defaultMessage: "Exporting…" })
          : intl.formatMessage({ id: "orders.exportCsv", defaultMessage: "Export CSV" })}
      </Button>
      {problem && <Text color="critical1" data-testid="export-problem">{problem}</Text>}
    </Box>
  );
}

const COLUMNS = defineMessages({
  order: { id: "orders.columnOrder", defaultMessage: "Order" },
  orderedAt: { id: "orders.columnOrderedAt", defaultMessage: "Ordered at" },
  total: { id: "orders.columnTotal", defaultMessage: "Total" },
  matchedBy: { id: "orders.columnMatchedBy", defaultMessage: "Matched by" },
  step: { id: "orders.columnStep", defaultMessage: "Step" },
  code: { id: "orders.columnCode", defaultMessage: "Code" },
  cancelled: { id: "orders.columnCancelled", defaultMessage: "Cancelled" },
});

function OrderLink({ order }) {
  const open = (event) => {
    event.preventDefault();
    redirectInDashboard(`/orders/${order.orderId}`);
  };
  return (
    <a href={`#order-${order.orderId}`} data-testid="order-link" onClick={open}
      style={{ color: "inherit", textDecoration: "underline" }}>
      {order.orderNumber}
    </a>
  );
}

function OrderTable({ rows, locale }) {
  const intl = useIntl();
  return (
    <Box as="table" width="100%" borderCollapse="collapse" data-testid="recovered-orders">
      <thead>
        <tr>{Object.entries(COLUMNS).map(([key, message]) => (
          <Cell key={key} header align={key === "total" ? "right" : "left"}>
            {intl.formatMessage(message)}
          </Cell>))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.orderId} data-testid="order-row" data-cancelled={row.cancelled}>
            <Cell><OrderLink order={row} /></Cell>
            <Cell>{formatDateTime(row.orderedAt, locale)}</Cell>
            <Cell align="right">{formatMoney(row.total, row.currency, locale)}</Cell>
            <Cell>{enumLabel(intl, row.matchedBy)}</Cell>
            <Cell>{row.step ? row.step.position : "—"}</Cell>
            <Cell>{row.voucherCode ?? "—"}</Cell>
            <Cell>
              {row.cancelled
                ? intl.formatMessage({ id: "orders.cancelled", defaultMessage: "Cancelled" })
                : intl.formatMessage({ id: "orders.notCancelled", defaultMessage: "No" })}
            </Cell>
          </tr>
        ))}
      </tbody>
    </Box>
  );
}

function EmptyState({ filtered }) {
  const intl = useIntl();
  if (filtered) {
    return (
      <EmptyPanel testId="orders-empty" title={intl.formatMessage({
        id: "orders.noneInPeriod", defaultMessage: "No recovered orders in this period" })} />);
  }
  return (
    <EmptyPanel testId="orders-empty" title={intl.formatMessage({
      id: "orders.emptyTitle", defaultMessage: "No recovered orders yet" })}>
      <FormattedMessage id="orders.emptyText"
        defaultMessage="When a shopper orders after a reminder — from the reminded checkout, with the discount code a reminder showed, or from the same address within a week — the order appears here with the reminder it is credited to." />
    </EmptyPanel>
  );
}

export function RecoveredOrders({ page, state }) {
  const intl = useIntl();
  const [period, setPeriod] = useState("all");
  // The period's `from` is fixed when the period is chosen, so the list and its export agree.
  const [filter, setFilter] = useState(() => filterOf("all"));
  const { loading, rows, totalCount, pageInfo, error, loadMore } =
    useRecoveredOrders(page, state, period, filter);
  const locale = state.locale || "en";
  const choosePeriod = (value) => {
    setFilter(filterOf(value));
    setPeriod(value);
  };
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="recovered-orders-section">
      <Box display="flex" flexDirection="column" gap={1}>
        <Text as="h1" size={8} fontWeight="bold">
          <FormattedMessage id="orders.title" defaultMessage="Recovered orders" />
        </Text>
        {totalCount != null && (
          <Text color="default2" data-testid="orders-count">
            <FormattedMessage id="orders.count"
              defaultMessage="{count, plural, one {# order} other {# orders}}"
              values={{ count: totalCount }} />
          </Text>)}
      </Box>
      <Box display="flex" gap={4} flexWrap="wrap" alignItems="flex-end"
        justifyContent="space-between">
        <Box as="label" display="flex" flexDirection="column" gap={1}>
          <Text size={2} color="default2">
            <FormattedMessage id="orders.period" defaultMessage="Period" />
          </Text>
          <Box as="select" data-testid="period" value={period} borderColor="default1"
            style={FIELD_STYLE} onChange={(event) => choosePeriod(event.target.value)}>
            {Object.entries(PERIODS).map(([value, { label }]) => (
              <option key={value} value={value}>{intl.formatMessage(label)}</option>))}
          </Box>
        </Box>
        {rows.length > 0 && (
          <ExportButton page={page} state={state} period={period} filter={filter} />)}
      </Box>
      {error && <AccessProblem error={error} appName={page.appName} />}
      {rows.length > 0 && <OrderTable rows={rows} locale={locale} />}
      {loading && <Skeleton __height="120px" data-testid="loading" />}
      {!loading && !error && rows.length === 0 && <EmptyState filtered={period !== "all"} />}
      <LoadMore loading={loading} pageInfo={pageInfo} pageSize={PAGE_SIZE}
        onClick={loadMore} />
    </Box>
  );
}
