// The "Abandoned checkouts" tab of the app page: the store's checkouts a page at a time,
// sorted and filtered by the controls above the table; a row opens its detail.
import { Box, Skeleton, Text } from "@saleor/macaw-ui";
import { useEffect, useState } from "react";
import { defineMessages, FormattedMessage, useIntl } from "react-intl";

import { enumLabel } from "../enums.js";
import { formatDateTime, formatMoney } from "../format.js";
import ABANDONED_CHECKOUTS from "../graphql/AbandonedCheckouts.graphql";
import { AccessProblem } from "./AccessProblem.jsx";
import { usePagedConnection } from "./paging.js";
import { Cell, EmptyPanel, FIELD_STYLE, LoadMore } from "./tables.jsx";
import { useOpenCheckout } from "./CheckoutDetail.jsx";

// One page of the table; the API allows up to 100, the page never asks for everything.
const PAGE_SIZE = 20;

const SORT_LABELS = defineMessages({
  recencyDesc: { id: "checkouts.sortRecencyDesc", defaultMessage: "Most recent first" },
  recencyAsc: { id: "checkouts.sortRecencyAsc", defaultMessage: "Oldest first" },
  valueDesc: { id: "checkouts.sortValueDesc", defaultMessage: "Highest value first" },
  valueAsc: { id: "checkouts.sortValueAsc", defaultMessage: "Lowest value first" },
});

export const SORTS = {
  "recency-desc": { label: SORT_LABELS.recencyDesc, field: "RECENCY", direction: "DESC" },
  "recency-asc": { label: SORT_LABELS.recencyAsc, field: "RECENCY", direction: "ASC" },
  "value-desc": { label: SORT_LABELS.valueDesc, field: "VALUE", direction: "DESC" },
  "value-asc": { label: SORT_LABELS.valueAsc, field: "VALUE", direction: "ASC" },
};

export const STATES = ["WAITING", "IN_CHAIN", "CONVERTED", "RECOVERED", "STOPPED", "FINISHED"];

// How long the channel field waits for the typing to stop before it asks the API.
const TYPING_PAUSE_MS = 400;

function variablesOf({ sort, state, channel }, after) {
  const filter = {};
  if (state) filter.state = state;
  if (channel) filter.channel = channel;
  const { field, direction } = SORTS[sort];
  return { first: PAGE_SIZE, after, filter, sortBy: { field, direction } };
}

function useCheckouts(page, state, query) {
  return usePagedConnection(page, state, ABANDONED_CHECKOUTS, "abandonedCheckouts",
    (after) => variablesOf(query, after), `${query.sort}|${query.state}|${query.channel}`,
    "DashboardAbandonedCheckouts");
}

function Control({ label, children }) {
  return (
    <Box as="label" display="flex" flexDirection="column" gap={1}>
      <Text size={2} color="default2">{label}</Text>
      {children}
    </Box>
  );
}

function Controls({ query, setQuery }) {
  const intl = useIntl();
  const [channel, setChannel] = useState(query.channel);
  useEffect(() => {
    const slug = channel.trim();
    const timer = window.setTimeout(() => setQuery((current) => (
      current.channel === slug ? current : { ...current, channel: slug })), TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [channel, setQuery]);
  return (
    <Box display="flex" gap={4} flexWrap="wrap" alignItems="flex-end">
      <Control label={intl.formatMessage({ id: "checkouts.sort", defaultMessage: "Sort" })}>
        <Box as="select" data-testid="sort" value={query.sort} borderColor="default1"
          style={FIELD_STYLE}
          onChange={(event) => setQuery({ ...query, sort: event.target.value })}>
          {Object.entries(SORTS).map(([value, { label }]) => (
            <option key={value} value={value}>{intl.formatMessage(label)}</option>))}
        </Box>
      </Control>
      <Control label={intl.formatMessage({ id: "checkouts.state", defaultMessage: "State" })}>
        <Box as="select" data-testid="state-filter" value={query.state} borderColor="default1"
          style={FIELD_STYLE}
          onChange={(event) => setQuery({ ...query, state: event.target.value })}>
          <option value="">
            {intl.formatMessage({ id: "checkouts.everyState", defaultMessage: "Every state" })}
          </option>
          {STATES.map((value) => (
            <option key={value} value={value}>{enumLabel(intl, value)}</option>))}
        </Box>
      </Control>
      <Control label={intl.formatMessage({ id: "checkouts.channelSlug",
        defaultMessage: "Channel (slug)" })}>
        <Box as="input" data-testid="channel-filter" value={channel}
          placeholder={intl.formatMessage({ id: "checkouts.everyChannel",
            defaultMessage: "Every channel" })}
          borderColor="default1" style={FIELD_STYLE}
          onChange={(event) => setChannel(event.target.value)} />
      </Control>
    </Box>
  );
}

/** Checkouts as rows that open their detail (`onOpen(id)`); the customer popup leaves the
 * channel out. */
export function CheckoutTable({ rows, locale, onOpen, testId = "checkouts", withChannel = true }) {
  const intl = useIntl();
  const columns = [
    ["email", intl.formatMessage({ id: "checkouts.columnEmail", defaultMessage: "Email" })],
    ["value", intl.formatMessage({ id: "checkouts.value", defaultMessage: "Value" })],
    ["state", intl.formatMessage({ id: "checkouts.state", defaultMessage: "State" })],
    ...(withChannel ? [["channel", intl.formatMessage({ id: "checkouts.channel",
      defaultMessage: "Channel" })]] : []),
    ["updated", intl.formatMessage({ id: "checkouts.columnUpdated",
      defaultMessage: "Updated" })],
  ];
  return (
    <Box as="table" width="100%" borderCollapse="collapse" data-testid={testId}>
      <thead>
        <tr>{columns.map(([key, name]) => (
          <Cell key={key} header align={key === "value" ? "right" : "left"}>{name}</Cell>))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          // The whole row opens the detail for a mouse; its address is the button keyboards
          // and screen readers use.
          <Box as="tr" key={row.id} data-testid="checkout-row" cursor="pointer"
            backgroundColor={{ hover: "default1Hovered" }} onClick={() => onOpen(row.id)}>
            <Cell>
              <Box as="button" type="button" data-testid="open-checkout" cursor="pointer"
                backgroundColor="transparent" borderWidth={0} padding={0}
                style={{ font: "inherit", color: "inherit", textDecoration: "underline" }}
                aria-label={intl.formatMessage({ id: "checkouts.openCheckoutOf",
                  defaultMessage: "Open the checkout of {email}" }, { email: row.email })}>
                {row.email}
              </Box>
            </Cell>
            <Cell align="right">{formatMoney(row.total, row.currency, locale)}</Cell>
            <Cell><span data-state={row.state}>{enumLabel(intl, row.state)}</span></Cell>
            {withChannel && <Cell>{row.channel}</Cell>}
            <Cell>{formatDateTime(row.updatedAt, locale)}</Cell>
          </Box>
        ))}
      </tbody>
    </Box>
  );
}

function EmptyState({ filtered }) {
  const intl = useIntl();
  if (filtered) {
    return (
      <EmptyPanel testId="checkouts-empty" title={intl.formatMessage({
        id: "checkouts.noMatch", defaultMessage: "No checkouts match these filters" })} />);
  }
  return (
    <EmptyPanel testId="checkouts-empty" title={intl.formatMessage({
      id: "checkouts.emptyTitle", defaultMessage: "No abandoned checkouts yet" })}>
      <FormattedMessage id="checkouts.emptyText"
        defaultMessage="When shoppers leave a cart with their email address, it appears here; once it has been idle for its chain's wait (an hour by default) the reminders start. Open a checkout to see its timeline — reminders planned and sent, opens, clicks and the order it brings back — and to send, stop or suppress its reminders." />
    </EmptyPanel>
  );
}

export function AbandonedCheckouts({ page, state }) {
  const [query, setQuery] = useState({ sort: "recency-desc", state: "", channel: "" });
  const { loading, rows, totalCount, pageInfo, error, loadMore, replaceRow } =
    useCheckouts(page, state, query);
  const locale = state.locale || "en";
  const [detail, setOpenId] = useOpenCheckout(page, state, rows, replaceRow);
  if (detail) {
    return detail;
  }
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="abandoned-checkouts">
      <Box display="flex" flexDirection="column" gap={1}>
        <Text as="h1" size={8} fontWeight="bold">
          <FormattedMessage id="checkouts.title" defaultMessage="Abandoned checkouts" />
        </Text>
        {totalCount != null && (
          <Text color="default2" data-testid="checkouts-count">
            <FormattedMessage id="checkouts.count"
              defaultMessage="{count, plural, one {# checkout} other {# checkouts}}"
              values={{ count: totalCount }} />
          </Text>)}
      </Box>
      <Controls query={query} setQuery={setQuery} />
      {error && <AccessProblem error={error} appName={page.appName} />}
      {rows.length > 0 && <CheckoutTable rows={rows} locale={locale} onOpen={setOpenId} />}
      {loading && <Skeleton __height="120px" data-testid="loading" />}
      {!loading && !error && rows.length === 0 && (
        <EmptyState filtered={Boolean(query.state || query.channel)} />)}
      <LoadMore loading={loading} pageInfo={pageInfo} pageSize={PAGE_SIZE}
        onClick={loadMore} />
    </Box>
  );
}
