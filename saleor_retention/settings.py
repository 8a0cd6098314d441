"""Django settings. Values come from ``saleor_retention.config``; nothing here reads the
environment directly."""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from saleor_retention.config import get_config

CONFIG = get_config()
BASE_DIR = CONFIG.data_dir

DEBUG = not CONFIG.is_production
SECRET_KEY = CONFIG.secret_key
# Saleor calls the app with "Host: 127.0.0.1" and no port, and the app never builds its own
# URLs from Host (PUBLIC_URL is used), so Host is not trusted for anything.
ALLOWED_HOSTS = ["*"]
# Saleor treats any 3xx as a failure: URLs are answered exactly as written, never redirected.
APPEND_SLASH = False
SECURE_SSL_REDIRECT = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CONFIG.is_production
CSRF_COOKIE_SECURE = CONFIG.is_production
X_FRAME_OPTIONS = "ALLOWALL"  # the app's pages open inside the Saleor Dashboard's iframe

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "anymail",
    "saleor_retention.apps.SaleorRetentionConfig",
]
MIGRATION_MODULES = {"saleor_retention": "migrations"}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "saleor_retention.urls"
WSGI_APPLICATION = "saleor_retention.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": [
            "django.template.context_processors.request",
            "django.contrib.auth.context_processors.auth",
            "django.contrib.messages.context_processors.messages",
        ]},
    }
]

DATABASES = {"default": dj_database_url.parse(CONFIG.database_url, conn_max_age=60)}
if CONFIG.uses_sqlite:
    # Web, worker and beat share one SQLite file in the embedded setup; wait for locks.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Django's own queries are never prepared (its default); the checkout snapshot upsert is,
# unless DATABASE_PREPARED_STATEMENTS=off (checkouts/snapshot_statements.py, ADR 0004).
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
STATIC_URL = "static/"

EMAIL_BACKEND = CONFIG.email_backend
EMAIL_FILE_PATH = str(CONFIG.data_dir / "sent-emails")
# The shipped email templates: the project's top-level folder (see email_templates/README.md).
EMAIL_TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "email_templates"
ANYMAIL = CONFIG.anymail
DEFAULT_FROM_EMAIL = CONFIG.default_from_email

CELERY_BROKER_URL = CONFIG.broker_url
if CONFIG.broker_url.startswith("filesystem://"):
    _queue_folder = str(CONFIG.broker_folder / "queue")
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": _queue_folder,
        "data_folder_out": _queue_folder,
        "control_folder": str(CONFIG.broker_folder / "control"),
        "store_processed": False,
    }
    for _folder in (CONFIG.broker_folder / "queue", CONFIG.broker_folder / "control"):
        _folder.mkdir(parents=True, exist_ok=True)
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "record-beat-tick": {
        "task": "saleor_retention.health.tasks.record_beat_tick",
        "schedule": timedelta(seconds=30),
    },
    "redeliver-stalled-webhook-events": {
        "task": "saleor_retention.webhooks.tasks.redeliver_stalled_events",
        "schedule": timedelta(minutes=1),
    },
    "purge-processed-webhook-events": {
        "task": "saleor_retention.webhooks.tasks.purge_processed_events",
        "schedule": timedelta(hours=1),
    },
    "detect-abandoned-checkouts": {
        "task": "saleor_retention.checkouts.tasks.detect_abandoned",
        "schedule": timedelta(seconds=30),
    },
    "send-due-reminders": {
        "task": "saleor_retention.chains.tasks.send_due_reminders",
        "schedule": timedelta(seconds=15),
    },
    "sweep-reminders": {
        "task": "saleor_retention.chains.tasks.sweep_reminders",
        "schedule": timedelta(minutes=1),
    },
    "reconcile-checkouts": {
        "task": "saleor_retention.checkouts.tasks.reconcile_all_checkouts",
        "schedule": timedelta(minutes=15),
    },
    "purge-old-snapshots": {
        "task": "saleor_retention.checkouts.tasks.purge_old_snapshots",
        "schedule": timedelta(hours=6),
    },
    "expire-discount-codes": {
        "task": "saleor_retention.discounts.tasks.expire_codes",
        "schedule": timedelta(seconds=30),
    },
    "clean-up-discount-codes": {
        "task": "saleor_retention.discounts.tasks.clean_up_codes",
        "schedule": timedelta(hours=1),
    },
    "forget-rate-limit-windows": {
        "task": "saleor_retention.api.tasks.forget_rate_limit_windows",
        "schedule": timedelta(hours=1),
    },
    "sync-outdated-webhooks": {
        "task": "saleor_retention.installations.tasks.sync_outdated_webhooks",
        "schedule": timedelta(minutes=5),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": CONFIG.log_level},
    "loggers": {"httpx": {"level": "WARNING"}, "httpcore": {"level": "WARNING"}},
}
