// The order page's widget: one compact line saying whether Cart Recovery's reminders brought the
// order back, and which reminder is credited. The Dashboard sizes the widget's frame to what
// the page reports, so the page reports its content's height whenever it changes.
import { AppBridgeProvider, useWidgetAutoResize } from "@saleor/app-sdk/app-bridge";
import { Box, Skeleton, Text } from "@saleor/macaw-ui";
import { useRef } from "react";
import { FormattedMessage, useIntl } from "react-intl";

import { dashboardBridge, dashboardParam } from "../bridge.js";
import { enumLabel } from "../enums.js";
import { formatDateTime } from "../format.js";
import ORDER_WIDGET from "../graphql/OrderWidget.graphql";
import { useApiQuery } from "../queries.js";
import { AccessProblem } from "./AccessProblem.jsx";

/** Returns `{loading, order, error}` for `orderId`. */
function useRecoveredOrder(page, state, orderId) {
  const { data, ...result } = useApiQuery(page, state, ORDER_WIDGET,
    { variables: { orderId } });
  return { ...result, order: data?.recoveredOrder };
}

/** Returns "Forgotten cart, step 3 (Last chance), code SAVE10, matched by code" in the
 * `intl` language; the chain's name is the API's. */
function creditOf(intl, order) {
  const parts = [order.chainName];
  if (order.step) {
    parts.push(intl.formatMessage({ id: "orders.creditStep",
      defaultMessage: "step {position} ({template})" },
    { position: order.step.position, template: enumLabel(intl, order.step.template) }));
  }
  if (order.voucherCode) {
    parts.push(intl.formatMessage({ id: "orders.creditCode", defaultMessage: "code {code}" },
      { code: order.voucherCode }));
  }
  // Each language words the matching its own way ("by code", "по коду скидки").
  parts.push(intl.formatMessage({ id: "orders.creditMatchedBy",
    defaultMessage: "{matchedBy, select, CODE {matched by code} CHECKOUT {matched by checkout} EMAIL {matched by email} other {matched by {method}}}" },
  { matchedBy: order.matchedBy, method: enumLabel(intl, order.matchedBy).toLowerCase() }));
  return parts.join(", ");
}

function Recovered({ order, appName, locale }) {
  const intl = useIntl();
  return (
    <Box display="flex" flexDirection="column" gap={1} data-testid="recovered"
      data-matched-by={order.matchedBy}>
      <Text size={3} data-testid="recovered-by">
        <Text size={3} fontWeight="bold">
          <FormattedMessage id="orders.recoveredBy" defaultMessage="Recovered by {appName}:"
            values={{ appName }} />
        </Text> {creditOf(intl, order)}
      </Text>
      {order.step?.sentAt && (
        <Text size={2} color="default2" data-testid="reminder-sent-at">
          <FormattedMessage id="orders.reminderSentAt" defaultMessage="Reminder sent {at}"
            values={{ at: formatDateTime(order.step.sentAt, locale) }} />
        </Text>)}
      {!order.step && (
        <Text size={2} color="default2">
          <FormattedMessage id="orders.creditedReminderDeleted"
            defaultMessage="The credited reminder has been deleted since." />
        </Text>)}
      {order.cancelled && (
        <Text size={2} color="default2" data-testid="order-cancelled">
          <FormattedMessage id="orders.orderCancelledSince"
            defaultMessage="The order was cancelled since, so it no longer counts as recovered revenue." />
        </Text>)}
    </Box>
  );
}

function WidgetContent({ page, state, orderId }) {
  const { loading, order, error } = useRecoveredOrder(page, state, orderId);
  const locale = state.locale || "en";
  if (loading) return <Skeleton __height="20px" data-testid="loading" />;
  if (error) return <AccessProblem error={error} appName={page.appName} />;
  if (order) return <Recovered order={order} appName={page.appName} locale={locale} />;
  return (
    <Text size={2} color="default2" data-testid="not-recovered">
      <FormattedMessage id="orders.notRecovered"
        defaultMessage="Not recovered by {appName}'s reminders"
        values={{ appName: page.appName }} />
    </Text>
  );
}

function ResizingWidget({ page, state }) {
  const rootRef = useRef(null);
  useWidgetAutoResize(rootRef);
  const orderId = dashboardParam("orderId");
  return (
    <Box ref={rootRef} paddingY={1} data-testid="order-widget">
      {orderId ? <WidgetContent page={page} state={state} orderId={orderId} /> : (
        <Text size={2} color="default2" data-testid="no-order">
          <FormattedMessage id="orders.noOrder"
            defaultMessage="Open an order in the Dashboard to see whether {appName} brought it back."
            values={{ appName: page.appName }} />
        </Text>)}
    </Box>
  );
}

export function OrderWidget({ page, state }) {
  return (
    <AppBridgeProvider appBridgeInstance={dashboardBridge()}>
      <ResizingWidget page={page} state={state} />
    </AppBridgeProvider>
  );
}
