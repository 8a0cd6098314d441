"""The app's pages inside the Saleor Dashboard (app page, widgets, actions).

Django serves a small HTML shell per page and the bundle built from ``frontend/``
(committed in ``static/dashboard/``). The bundle completes the AppBridge handshake with the
Dashboard and calls the app's GraphQL API with the Dashboard's token; the API checks it."""
