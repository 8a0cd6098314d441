"""The one place that reads the process environment.

Everything the app needs from its environment is parsed here into a frozen
``RetentionConfig``. Django settings and the rest of the code read that object (through
``get_config()``), never ``os.environ``. Parsing never raises: problems are collected in
``RetentionConfig.problems`` and reported at start-up by the system checks in
``saleor_retention.checks``, so one run shows every setting that needs fixing.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from cryptography.fernet import Fernet

DEVELOPMENT = "development"
PRODUCTION = "production"

EMAIL_BACKEND_ALIASES = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
}
# Emails written to a console or a file never reach a shopper.
NON_DELIVERING_EMAIL_BACKENDS = frozenset(
    {EMAIL_BACKEND_ALIASES["console"], EMAIL_BACKEND_ALIASES["file"],
     "django.core.mail.backends.locmem.EmailBackend"}
)
BOOLEAN_WORDS = {"on": True, "true": True, "1": True, "yes": True,
                 "off": False, "false": False, "0": False, "no": False}
# Any local Saleor may install the app in development; production must name its stores.
DEVELOPMENT_ALLOWLIST = ("http://127.0.0.1:*/graphql/", "http://localhost:*/graphql/")


@dataclass(frozen=True)
class ConfigProblem:
    """A setting that is missing or unsafe; ``env`` names the variable to set."""

    env: str
    message: str
    production_only: bool = False


@dataclass(frozen=True)
class RetentionConfig:
    deployment: str
    data_dir: Path
    secret_key: str
    database_url: str
    broker_url: str
    public_url: str
    public_url_is_configured: bool
    saleor_api_url_allowlist: tuple[str, ...]
    token_encryption_keys: tuple[str, ...]
    email_backend: str
    anymail: dict
    default_from_email: str
    log_level: str
    database_prepared_statements: bool = True
    problems: tuple[ConfigProblem, ...] = field(default=())

    @property
    def is_production(self) -> bool:
        return self.deployment == PRODUCTION

    @property
    def uses_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def uses_embedded_broker(self) -> bool:
        return self.broker_url.startswith(("filesystem://", "memory://"))

    @property
    def broker_folder(self) -> Path:
        return self.data_dir / "broker"


def _dev_secrets(data_dir: Path) -> dict:
    """Returns secrets generated once for this data folder, so a newcomer needs no setup.

    Only used in development; production must set real secrets (see checks)."""
    path = data_dir / "dev-secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    data_dir.mkdir(parents=True, exist_ok=True)
    generated = {
        "secret_key": secrets.token_urlsafe(50),
        "token_encryption_key": Fernet.generate_key().decode(),
    }
    path.write_text(json.dumps(generated))
    path.chmod(0o600)
    return generated


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.replace("\n", ",").split(",") if part.strip())


def _check_public_url(url: str, is_production: bool) -> list[ConfigProblem]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return [ConfigProblem("PUBLIC_URL", f"PUBLIC_URL must be an absolute http(s) URL, got {url!r}.")]
    if parts.query or parts.fragment:
        return [ConfigProblem("PUBLIC_URL", "PUBLIC_URL must not have a query or fragment.")]
    if is_production and parts.scheme != "https":
        return [ConfigProblem(
            "PUBLIC_URL",
            "PUBLIC_URL must use https in production: Saleor sends shopper data and the app "
            "token over it.",
            production_only=True,
        )]
    return []


def _check_fernet_keys(keys: tuple[str, ...]) -> list[ConfigProblem]:
    for key in keys:
        try:
            Fernet(key.encode())
        except ValueError:
            return [ConfigProblem(
                "TOKEN_ENCRYPTION_KEY",
                "TOKEN_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64 bytes), comma "
                "separated, newest first. Make one with `saleor-retention generate-key`.",
            )]
    return []


def load_config(environ: dict[str, str] | None = None) -> RetentionConfig:
    """Returns the configuration parsed from ``environ`` (default: the process environment)."""
    env = os.environ if environ is None else environ
    problems: list[ConfigProblem] = []

    deployment = env.get("DEPLOYMENT", DEVELOPMENT).strip().lower() or DEVELOPMENT
    if deployment not in (DEVELOPMENT, PRODUCTION):
        problems.append(ConfigProblem(
            "DEPLOYMENT", f"DEPLOYMENT must be 'development' or 'production', got {deployment!r}."))
        deployment = PRODUCTION  # an unknown value gets the strict checks
    is_production = deployment == PRODUCTION
    data_dir = Path(env.get("DATA_DIR") or Path.cwd() / ".saleor-retention").resolve()
    dev_secrets = {} if is_production else _dev_secrets(data_dir)

    secret_key = env.get("SECRET_KEY", "")
    if not secret_key:
        if is_production:
            problems.append(ConfigProblem(
                "SECRET_KEY", "Set SECRET_KEY to a long random string (it signs links).",
                production_only=True))
        secret_key = dev_secrets.get("secret_key", "unset")

    database_url = env.get("DATABASE_URL", "")
    if not database_url:
        if is_production:
            problems.append(ConfigProblem(
                "DATABASE_URL", "Set DATABASE_URL to a PostgreSQL URL, e.g. "
                "postgres://user:password@db:5432/saleor_retention.", production_only=True))
        database_url = f"sqlite:///{data_dir / 'db.sqlite3'}"
    elif is_production and database_url.startswith("sqlite"):
        problems.append(ConfigProblem(
            "DATABASE_URL", "SQLite cannot be shared by several web and worker processes; "
            "set DATABASE_URL to PostgreSQL in production.", production_only=True))

    broker_url = env.get("CELERY_BROKER_URL", "")
    if not broker_url:
        if is_production:
            problems.append(ConfigProblem(
                "CELERY_BROKER_URL", "Set CELERY_BROKER_URL to Redis (redis://host:6379/0) or "
                "RabbitMQ (amqp://user:password@host:5672//).", production_only=True))
        broker_url = "filesystem://"
    elif is_production and broker_url.startswith(("filesystem://", "memory://")):
        problems.append(ConfigProblem(
            "CELERY_BROKER_URL", "The embedded broker only reaches workers on this machine; "
            "use Redis or RabbitMQ in production.", production_only=True))

    public_url = env.get("PUBLIC_URL", "").strip().rstrip("/")
    public_url_is_configured = bool(public_url)
    if public_url:
        problems.extend(_check_public_url(public_url, is_production))
    else:
        if is_production:
            problems.append(ConfigProblem(
                "PUBLIC_URL", "Set PUBLIC_URL to the https address at which Saleor reaches "
                "this app, e.g. https://retention.example.com.", production_only=True))
        public_url = "http://127.0.0.1:8000"

    allowlist = _split_list(env.get("SALEOR_API_URL_ALLOWLIST", ""))
    if not allowlist:
        if is_production:
            problems.append(ConfigProblem(
                "SALEOR_API_URL_ALLOWLIST", "Set SALEOR_API_URL_ALLOWLIST to the Saleor API URLs "
                "that may install the app, comma separated, e.g. "
                "https://shop.example.com/graphql/,https://*.saleor.cloud/graphql/.",
                production_only=True))
        allowlist = DEVELOPMENT_ALLOWLIST
    from saleor_retention.installations.allowlist import pattern_problem  # no Django needed

    for pattern in allowlist:
        message = pattern_problem(pattern)
        if message:
            problems.append(ConfigProblem("SALEOR_API_URL_ALLOWLIST", message))

    token_keys = _split_list(env.get("TOKEN_ENCRYPTION_KEY", ""))
    if not token_keys:
        if is_production:
            problems.append(ConfigProblem(
                "TOKEN_ENCRYPTION_KEY", "Set TOKEN_ENCRYPTION_KEY; it encrypts stored Saleor app "
                "tokens. Make one with `saleor-retention generate-key`.", production_only=True))
        token_keys = (dev_secrets.get("token_encryption_key", Fernet.generate_key().decode()),)
    problems.extend(_check_fernet_keys(token_keys))

    email_backend = env.get("EMAIL_BACKEND", "").strip() or ("" if is_production else "file")
    email_backend = EMAIL_BACKEND_ALIASES.get(email_backend, email_backend)
    if not email_backend:
        problems.append(ConfigProblem(
            "EMAIL_BACKEND", "Set EMAIL_BACKEND to an anymail backend (e.g. "
            "anymail.backends.postmark.EmailBackend) or smtp.", production_only=True))
    elif is_production and email_backend in NON_DELIVERING_EMAIL_BACKENDS:
        problems.append(ConfigProblem(
            "EMAIL_BACKEND", "The console and file email backends never reach shoppers; set "
            "EMAIL_BACKEND to an anymail backend or smtp in production.", production_only=True))

    prepared = env.get("DATABASE_PREPARED_STATEMENTS", "on").strip().lower()
    if prepared not in BOOLEAN_WORDS:
        problems.append(ConfigProblem(
            "DATABASE_PREPARED_STATEMENTS", "DATABASE_PREPARED_STATEMENTS must be on or off "
            f"(off behind PgBouncer older than 1.21 in transaction mode), got {prepared!r}."))

    anymail: dict = {}
    if env.get("ANYMAIL"):
        try:
            anymail = json.loads(env["ANYMAIL"])
            if not isinstance(anymail, dict):
                raise ValueError
        except ValueError:
            problems.append(ConfigProblem(
                "ANYMAIL", 'ANYMAIL must be a JSON object, e.g. {"POSTMARK_SERVER_TOKEN": "..."}.'))
            anymail = {}

    return RetentionConfig(
        deployment=deployment,
        data_dir=data_dir,
        secret_key=secret_key,
        database_url=database_url,
        broker_url=broker_url,
        public_url=public_url,
        public_url_is_configured=public_url_is_configured,
        saleor_api_url_allowlist=allowlist,
        token_encryption_keys=token_keys,
        email_backend=email_backend,
        anymail=anymail,
        default_from_email=env.get("DEFAULT_FROM_EMAIL", "Shop <shop@localhost>"),
        log_level=env.get("LOG_LEVEL", "INFO").upper(),
        database_prepared_statements=BOOLEAN_WORDS.get(prepared, True),
        problems=tuple(problems),
    )


@lru_cache(maxsize=1)
def get_config() -> RetentionConfig:
    """Returns the configuration of this process, parsed once."""
    return load_config()
