"""Settings for the test run: the real settings, on the real PostgreSQL and Redis unless the
environment names others."""

import os
import tempfile

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/saleor_retention")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="saleor-retention-tests-"))
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("PUBLIC_URL", "http://retention.test")

from saleor_retention.settings import *  # noqa: E402,F401,F403
