// The customer page's action, a popup: the checkouts this customer left (signed in, or as a
// guest with an address they used signed in), a page at a time; a row opens the same detail
// as the "Abandoned checkouts" tab (its timeline and the staff actions).
import { Box, Button, Skeleton, Text } from "@saleor/macaw-ui";
import { FormattedMessage, useIntl } from "react-intl";

import { closePopupInDashboard, dashboardParam } from "../bridge.js";
import ABANDONED_CHECKOUTS from "../graphql/AbandonedCheckouts.graphql";
import { CheckoutTable } from "./AbandonedCheckouts.jsx";
import { AccessProblem } from "./AccessProblem.jsx";
import { useOpenCheckout } from "./CheckoutDetail.jsx";
import { usePagedConnection } from "./paging.js";
import { EmptyPanel, LoadMore } from "./tables.jsx";

// One page of the list; a customer rarely has more, and the page never asks for everything.
const PAGE_SIZE = 20;

function CloseButton() {
  return (
    <Button variant="secondary" data-testid="close-popup" onClick={closePopupInDashboard}>
      <FormattedMessage id="checkouts.close" defaultMessage="Close" />
    </Button>
  );
}

function EmptyState({ appName }) {
  const intl = useIntl();
  return (
    <EmptyPanel testId="customer-checkouts-empty" title={intl.formatMessage({
      id: "checkouts.customerEmptyTitle",
      defaultMessage: "This customer has no abandoned checkouts" })}>
      <FormattedMessage id="checkouts.customerEmptyText"
        defaultMessage="Reminders appear here when this customer leaves a cart, signed in or as a guest with an address they used signed in: once it has been idle for its chain's wait, {appName} plans and sends its reminders, and each checkout's timeline shows them with opens, clicks and the order they bring back. Every cart of the store is under Apps → {appName} → Abandoned checkouts."
        values={{ appName }} />
    </EmptyPanel>
  );
}

function CheckoutList({ page, state, customerId }) {
  const { loading, rows, totalCount, pageInfo, error, loadMore, replaceRow } =
    usePagedConnection(page, state, ABANDONED_CHECKOUTS, "abandonedCheckouts",
      (after) => ({ first: PAGE_SIZE, after, filter: { customerId } }), customerId,
      "DashboardAbandonedCheckouts");
  const locale = state.locale || "en";
  const [detail, setOpenId] = useOpenCheckout(page, state, rows, replaceRow);
  if (detail) {
    return detail;
  }
  return (
    <Box as="section" padding={6} display="flex" flexDirection="column" gap={6}
      data-testid="customer-checkouts-section">
      <Box display="flex" justifyContent="space-between" alignItems="flex-start" gap={4}>
        <Box display="flex" flexDirection="column" gap={1}>
          <Text as="h1" size={8} fontWeight="bold">
            <FormattedMessage id="checkouts.title" defaultMessage="Abandoned checkouts" />
          </Text>
          {totalCount > 0 && (
            <Text color="default2" data-testid="checkouts-count">
              <FormattedMessage id="checkouts.customerCount"
                defaultMessage="{count, plural, one {# checkout} other {# checkouts}} of this customer"
                values={{ count: totalCount }} />
            </Text>)}
        </Box>
        <CloseButton />
      </Box>
      {error && <AccessProblem error={error} appName={page.appName} />}
      {rows.length > 0 && <CheckoutTable rows={rows} locale={locale} onOpen={setOpenId}
        testId="customer-checkouts" withChannel={false} />}
      {loading && <Skeleton __height="120px" data-testid="loading" />}
      {!loading && !error && rows.length === 0 && <EmptyState appName={page.appName} />}
      <LoadMore loading={loading} pageInfo={pageInfo} pageSize={PAGE_SIZE}
        onClick={loadMore} />
    </Box>
  );
}

export function CustomerCheckouts({ page, state }) {
  const customerId = dashboardParam("customerId");
  if (!customerId) {
    return (
      <Box padding={6} display="flex" flexDirection="column" gap={4} data-testid="no-customer">
        <Text color="default2">
          <FormattedMessage id="checkouts.noCustomer"
            defaultMessage="Open a customer in the Dashboard and choose this action to see their checkouts." />
        </Text>
        <Box><CloseButton /></Box>
      </Box>
    );
  }
  return <CheckoutList page={page} state={state} customerId={customerId} />;
}
