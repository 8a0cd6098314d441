// The page's link to the Saleor Dashboard around it, through @saleor/app-sdk's AppBridge.
//
// The Dashboard opens the page in an iframe whose URL carries `saleorApiUrl`, `id`, `theme`,
// `locale` and `domain`. AppBridge sends `notifyReady` to the parent frame; the Dashboard
// answers with `handshake` (the user's token), later `theme` and `tokenRefresh`. AppBridge
// accepts a message only when its origin is the origin of `document.referrer`, that is of
// the Dashboard that opened the frame; messages from any other frame are dropped.
import { actions, AppBridge } from "@saleor/app-sdk/app-bridge";

// How long the page waits for the Dashboard's handshake before it says it was opened
// elsewhere; the Dashboard answers within a few hundred milliseconds.
export const HANDSHAKE_TIMEOUT_MS = 3000;

// The bridge of the page's Dashboard once it answered; null while there is none.
let connectedBridge = null;

/**
 * Shows `{status, title, text}` ("success" | "error" | "info" | "warning") in the
 * Dashboard's own notifications. Does nothing without a Dashboard; never throws.
 */
export function notifyDashboard(notification) {
  if (connectedBridge === null) return;
  connectedBridge.dispatch(actions.Notification(notification)).catch(() => {});
}

/**
 * Opens `to` (a Dashboard path such as "/orders/<id>") in the Dashboard around the page, through
 * the AppBridge `redirect` action. Does nothing without a Dashboard; never throws.
 */
export function redirectInDashboard(to) {
  if (connectedBridge === null) return;
  connectedBridge.dispatch(actions.Redirect({ to })).catch(() => {});
}

/** Closes the popup the page is shown in (AppBridge `popupClose`). Does nothing without a
 * Dashboard; never throws. */
export function closePopupInDashboard() {
  if (connectedBridge === null) return;
  connectedBridge.dispatch(actions.PopupClose()).catch(() => {});
}

/** Returns the AppBridge of the Dashboard around the page once it answered the handshake
 * (for app-sdk's hooks, through its AppBridgeProvider); null before. */
export function dashboardBridge() {
  return connectedBridge;
}

/** Returns a query parameter the Dashboard put in the page's URL: the id of the entity its
 * page shows (`orderId` for the order widget, `customerId` for the customer action). */
export function dashboardParam(name) {
  return new URL(window.location.href).searchParams.get(name);
}

/**
 * Connects to the Dashboard. Calls `onChange` with `{status, state}` whenever something
 * changes: `status` is "connecting", "ready" (after the handshake: `state.token`,
 * `state.saleorApiUrl`, `state.theme`, `state.locale` are set) or "outside" (no Dashboard
 * around the page, or none answered in time). Returns a function that disconnects.
 */
export function connectToDashboard(onChange, { timeoutMs = HANDSHAKE_TIMEOUT_MS } = {}) {
  const saleorApiUrl = new URL(window.location.href).searchParams.get("saleorApiUrl");
  if (window.parent === window || !saleorApiUrl) {
    onChange({ status: "outside", state: null });
    return () => {};
  }
  const bridge = new AppBridge({ saleorApiUrl });
  let status = "connecting";
  const publish = () => onChange({
    status, state: status === "outside" ? null : bridge.getState(),
  });
  const timer = window.setTimeout(() => {
    status = "outside";
    publish();
  }, timeoutMs);
  const unsubscribes = [
    bridge.subscribe("handshake", () => {
      // A Dashboard that answers late still wins over the "outside" message.
      status = "ready";
      connectedBridge = bridge;
      window.clearTimeout(timer);
      publish();
    }),
    bridge.subscribe("theme", publish),
    bridge.subscribe("tokenRefresh", publish),
    bridge.subscribe("localeChanged", publish),
  ];
  publish();
  return () => {
    if (connectedBridge === bridge) connectedBridge = null;
    window.clearTimeout(timer);
    unsubscribes.forEach((unsubscribe) => unsubscribe());
  };
}
