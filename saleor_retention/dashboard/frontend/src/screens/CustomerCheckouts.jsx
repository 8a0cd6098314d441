// The customer page's action, a popup: the checkouts this customer left while signed in, a
// page at a time; a row opens the same detail as the "Abandoned checkouts" tab (its timeline
// and the staff actions).
import { actions } from "@saleor/app-sdk/app-bridge";
import { Box, Button, Skeleton, Text } from "@saleor/macaw-ui";
import { useEffect, useRef, useState } from "react";

import { AccessDenied, callApi } from "../api.js";
import { enumWords, formatDateTime, formatMoney } from "../format.js";
import CUSTOMER_CHECKOUTS from "../graphql/CustomerCheckouts.graphql";
import { AccessProblem } from "./AccessProblem.jsx";
import { CheckoutDetail } from "./CheckoutDetail.jsx";
import { dashboardActionBridge, mountParam } from "./OrderWidget.jsx";
import { appendPage } from "./paging.js";
import { Cell, EmptyPanel } from "./tables.jsx";

// One page of the list; a customer rarely has more, and the page never asks for everything.
const PAGE_SIZE = 20;

const COLUMNS = ["Email", "Value", "State", "Last change"];

/**
 * paging.js's usePagedConnection, except that the token of each answer is kept with it: there,
 * an expired token's error turns the reload key on, the reload clears the error and turns it
 * off, and the list calls the API again and again. Here, as in Overview.jsx, only a new token
 * after an expiry reloads. TODO: fix paging.js this way and use it again.
 */
function usePagedConnection(page, state, document, field, variablesAt, key) {
  const [result, setResult] = useState({ loading: true, rows: [], token: state.token });
  const stateRef = useRef(state);
  stateRef.current = state;
  const expired = result.error instanceof AccessDenied && result.error.reason === "expired";
  const token = expired ? state.token : result.token;

  const load = (after, previousRows, withToken) => {
    setResult((current) => ({ ...current, loading: true, error: null }));
    return callApi(page.apiUrl, { ...stateRef.current, token: withToken }, document,
      variablesAt(after))
      .then((data) => ({ ...appendPage(data[field], previousRows), token: withToken }))
      .catch((error) => ({ error, rows: previousRows, token: withToken }));
  };

  useEffect(() => {
    let current = true;
    setResult({ loading: true, rows: [], token });
    load(null, [], token).then((next) => current && setResult(next));
    return () => { current = false; };
    // `key` stands for the variables.
  }, [page.apiUrl, key, token]); // eslint-disable-line react-hooks/exhaustive-deps

  const loadMore = () => {
    load(result.pageInfo.endCursor, result.rows, stateRef.current.token)
      .then((next) => setResult(next));
  };
  const replaceRow = (changed) => setResult((current) => ({
    ...current, rows: current.rows.map((row) => (row.id === changed.id ? changed : row)),
  }));
  return { ...result, loadMore, replaceRow };
}

function closePopup() {
  dashboardActionBridge().dispatch(actions.PopupClose()).catch(() => {});
}

function CloseButton() {
  return (
    <Button variant="secondary" data-testid="close-popup" onClick={closePopup}>Close</Button>
  );
}

function CheckoutTable({ rows, locale, onOpen }) {
  return (
    <Box as="table" width="100%" borderCollapse="collapse" data-testid="customer-checkouts">
      <thead>
        <tr>{COLUMNS.map((name) => (
          <Cell key={name} header align={name === "Value" ? "right" : "left"}>{name}</Cell>))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <Box as="tr" key={row.id} data-testid="checkout-row" tabIndex={0} cursor="pointer"
            backgroundColor={{ hover: "default1Hovered" }} onClick={() => onOpen(row.id)}
            onKeyDown={(event) => event.key === "Enter" && onOpen(row.id)}>
            <Cell>{row.email}</Cell>
            <Cell align="right">{formatMoney(row.total, row.currency, locale)}</Cell>
            <Cell><span data-state={row.state}>{enumWords(row.state)}</span></Cell>
            <Cell>{formatDateTime(row.updatedAt, locale)}</Cell>
          </Box>
        ))}
      </tbody>
    </Box>
  );
}

function EmptyState({ appName }) {
  return (
    <EmptyPanel testId="customer-checkouts-empty" title="This customer has no abandoned checkouts">
      Reminders appear here when this customer leaves a cart while signed in: once it has
      been idle for its chain&apos;s wait, {appName} plans and sends its reminders, and each
      checkout&apos;s timeline shows them with opens, clicks and the order they bring back.
      Carts left as a guest are listed under Apps → {appName} → Abandoned checkouts.
    </EmptyPanel>
  );
}

function CheckoutList({ page, state, customerId }) {
  const [openId, setOpenId] = useState(null);
  const { loading, rows, totalCount, pageInfo, error, loadMore, replaceRow } =
    usePagedConnection(page, state, CUSTOMER_CHECKOUTS, "abandonedCheckouts",
      (after) => ({ first: PAGE_SIZE, after, customerId }), customerId);
  const locale = state.locale || "en";
  const open = rows.find((row) => row.id === openId);
  if (open) {
    return (
      <CheckoutDetail page={page} state={state} checkout={open} locale={locale}
        onChange={replaceRow} onClose={() => setOpenId(null)} />
    );
  }
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="customer-checkouts-section">
      <Box display="flex" justifyContent="space-between" alignItems="flex-start" gap={4}>
        <Box display="flex" flexDirection="column" gap={1}>
          <Text as="h1" size={8} fontWeight="bold">Abandoned checkouts</Text>
          {totalCount > 0 && (
            <Text color="default2" data-testid="checkouts-count">
              {totalCount === 1 ? "1 checkout" : `${totalCount} checkouts`} of this customer
            </Text>)}
        </Box>
        <CloseButton />
      </Box>
      {error && <AccessProblem error={error} appName={page.appName} />}
      {rows.length > 0 && <CheckoutTable rows={rows} locale={locale} onOpen={setOpenId} />}
      {loading && <Skeleton __height="120px" data-testid="loading" />}
      {!loading && !error && rows.length === 0 && <EmptyState appName={page.appName} />}
      {!loading && pageInfo?.hasNextPage && (
        <Box>
          <Button variant="secondary" data-testid="load-more" onClick={loadMore}>
            Load {PAGE_SIZE} more
          </Button>
        </Box>
      )}
    </Box>
  );
}

export function CustomerCheckouts({ page, state }) {
  const customerId = mountParam("customerId");
  if (!customerId) {
    return (
      <Box padding={6} display="flex" flexDirection="column" gap={4} data-testid="no-customer">
        <Text color="default2">
          Open a customer in the Dashboard and choose this action to see their checkouts.
        </Text>
        <Box><CloseButton /></Box>
      </Box>
    );
  }
  return <CheckoutList page={page} state={state} customerId={customerId} />;
}
