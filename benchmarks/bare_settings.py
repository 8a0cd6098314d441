"""Settings of the bare baseline server of ``webhook_ingest_http.py``: the app's own settings
(same middleware, database, logging, DEBUG), only the URLconf differs."""

from saleor_retention.settings import *  # noqa: F401,F403

ROOT_URLCONF = "benchmarks.bare_wsgi"
