"""A page that plays the Saleor Dashboard for the app's pages: it frames a page with the query
parameters the Dashboard adds, answers the AppBridge's ``notifyReady`` with a ``handshake``
carrying a token, and sends ``theme`` events. It records every action the page posts, and
sizes a widget's frame to the height the page reports, as the Dashboard does. It is served
from its own origin (a loopback HTTP server on another port), as the real Dashboard is."""

from __future__ import annotations

import html
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

# The Dashboard's side of the AppBridge protocol, as saleor-dashboard speaks it: every action
# gets a "response"; "notifyReady" also gets the "handshake" with the user's token.
HOST_SCRIPT = """
const APP_URL = %(app_url)s;
const TOKEN = %(token)s;
const APP_ORIGIN = new URL(APP_URL).origin;
const frame = document.getElementById("app");
const WIDGET = %(widget)s;
window.receivedActions = [];
window.receivedPayloads = [];
function send(message) { frame.contentWindow.postMessage(message, APP_ORIGIN); }
window.addEventListener("message", (event) => {
  if (event.source !== frame.contentWindow || event.origin !== APP_ORIGIN) return;
  const { type, payload } = event.data;
  window.receivedActions.push(type);
  window.receivedPayloads.push({ type, payload });
  if (TOKEN === null) return;
  // saleor-dashboard's widgetIframeResize.ts: the frame takes the reported height.
  if (WIDGET && type === "widgetResize") frame.style.height = `${Math.ceil(payload.height)}px`;
  send({ type: "response", payload: { actionId: payload.actionId, ok: true } });
  if (type === "notifyReady") {
    send({ type: "handshake", payload: { token: TOKEN, version: 1, saleorVersion: "3.23.28" } });
  }
});
window.sendTheme = (theme) => send({ type: "theme", payload: { theme } });
window.refreshToken = (token) => send({ type: "tokenRefresh", payload: { token } });
window.changeLocale = (locale) => send({ type: "localeChanged", payload: { locale } });
"""

# A frame of another origin inside the host page that tries to hand the app a token.
STRANGER_SCRIPT = """
const TOKEN = %(token)s;
let attempts = 0;
const timer = setInterval(() => {
  const app = window.parent.frames[0];
  app.postMessage({ type: "handshake", payload: { token: TOKEN, version: 1 } }, "*");
  app.postMessage({ type: "theme", payload: { theme: "dark" } }, "*");
  if (++attempts === 25) clearInterval(timer);
}, 200);
"""


class _Pages(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages: dict[str, str] = {}

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: _Pages

    def do_GET(self):  # noqa: N802  (http.server's name)
        body = self.server.pages.get(self.path.split("?")[0])
        if body is None:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # noqa: A002  (http.server's signature)
        pass


class DashboardHost:
    """Two loopback origins: the Dashboard's and a stranger's. Use as a context manager."""

    def __init__(self):
        self._servers = (_Pages(), _Pages())
        self.dashboard, self.stranger = self._servers

    def __enter__(self) -> DashboardHost:
        for server in self._servers:
            threading.Thread(target=server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc_info) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()

    def frame(self, page_url: str, *, saleor_api_url: str, app_id: str, token: str | None,
              theme: str = "light", stranger_token: str | None = None,
              params: dict[str, str] | None = None, widget: bool = False,
              locale: str = "en") -> str:
        """Returns the URL of a Dashboard page framing ``page_url`` as the Dashboard does.
        ``token`` None: the host never answers. ``stranger_token``: a frame of another
        origin keeps sending the app a handshake with it. ``params``: the ids the mount adds
        (``orderId`` for ORDER_DETAILS_WIDGETS, ``customerId`` for
        CUSTOMER_DETAILS_MORE_ACTIONS).
        ``widget``: a detail page's side column, 200 px high until the page reports its
        height (``window.receivedPayloads`` keeps every action with its payload).
        ``locale``: the Dashboard user's language (``window.changeLocale`` changes it)."""
        query = urlencode({"domain": self.dashboard.origin.removeprefix("http://"),
                           "saleorApiUrl": saleor_api_url, "id": app_id, **(params or {}),
                           "theme": theme, "locale": locale})
        app_url = f"{page_url}?{query}"
        stranger = ""
        if stranger_token is not None:
            self.stranger.pages["/stranger"] = (
                f"<!doctype html><script>{STRANGER_SCRIPT % {'token': json.dumps(stranger_token)}}"
                "</script>")
            stranger = f'<iframe id="stranger" src="{self.stranger.origin}/stranger"></iframe>'
        script = HOST_SCRIPT % {"app_url": json.dumps(app_url), "token": json.dumps(token),
                                "widget": json.dumps(widget)}
        # saleor-dashboard: a widget's frame fills the side column and starts 200 px high.
        size = "width:400px;height:200px" if widget else "width:1200px;height:760px"
        self.dashboard.pages["/host"] = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Saleor Dashboard (test host)</title></head>
<body style="margin:0">
<iframe id="app" src="{html.escape(app_url)}" style="{size};border:0"></iframe>
{stranger}
<script>{script}</script>
</body></html>"""
        return f"{self.dashboard.origin}/host"
