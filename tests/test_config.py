import pytest
from django.core.exceptions import ImproperlyConfigured

from saleor_retention import checks
from saleor_retention.config import DEVELOPMENT_ALLOWLIST, load_config

GOOD_KEY = "x5kzJ7wJb7Yh4m3K6v8dH2qW9pT1sR0uL3nE5cA7gYo="
PRODUCTION = {
    "DEPLOYMENT": "production",
    "SECRET_KEY": "a-long-random-secret",
    "DATABASE_URL": "postgres://app@db:5432/retention",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
    "PUBLIC_URL": "https://retention.example.com/",
    "SALEOR_API_URL_ALLOWLIST": "https://shop.example.com/graphql/, https://*.saleor.cloud/graphql/",
    "TOKEN_ENCRYPTION_KEY": GOOD_KEY,
    "EMAIL_BACKEND": "anymail.backends.postmark.EmailBackend",
}


def test_with_no_environment_the_embedded_defaults_are_used(tmp_path):
    # when
    config = load_config({"DATA_DIR": str(tmp_path)})

    # then
    assert config.problems == ()
    assert config.database_url == f"sqlite:///{tmp_path / 'db.sqlite3'}"
    assert (config.broker_url, config.uses_embedded_broker) == ("filesystem://", True)
    assert config.email_backend == "django.core.mail.backends.filebased.EmailBackend"
    assert config.saleor_api_url_allowlist == DEVELOPMENT_ALLOWLIST
    assert config.public_url == "http://127.0.0.1:8000"


def test_development_secrets_are_generated_once_per_data_folder(tmp_path):
    # when
    first, second = load_config({"DATA_DIR": str(tmp_path)}), load_config({"DATA_DIR": str(tmp_path)})

    # then
    assert first.secret_key == second.secret_key
    assert first.token_encryption_keys == second.token_encryption_keys
    assert (tmp_path / "dev-secrets.json").stat().st_mode & 0o777 == 0o600


def test_a_complete_production_environment_has_no_problem():
    # when
    config = load_config(PRODUCTION)

    # then
    assert config.problems == ()
    assert config.public_url == "https://retention.example.com"
    assert config.saleor_api_url_allowlist == (
        "https://shop.example.com/graphql/", "https://*.saleor.cloud/graphql/")


@pytest.mark.parametrize("value, expected", [("", True), ("on", True), ("OFF", False),
                                             ("false", False)])
def test_prepared_statements_can_be_switched_off_for_old_connection_poolers(value, expected):
    # when
    config = load_config({**PRODUCTION, "DATABASE_PREPARED_STATEMENTS": value} if value
                         else PRODUCTION)

    # then
    assert (config.database_prepared_statements, config.problems) == (expected, ())


def test_production_names_every_missing_setting():
    # when
    config = load_config({"DEPLOYMENT": "production"})

    # then
    assert [problem.env for problem in config.problems] == [
        "SECRET_KEY", "DATABASE_URL", "CELERY_BROKER_URL", "PUBLIC_URL",
        "SALEOR_API_URL_ALLOWLIST", "TOKEN_ENCRYPTION_KEY", "EMAIL_BACKEND"]


@pytest.mark.parametrize("override, env", [
    ({"DATABASE_URL": "sqlite:////tmp/db.sqlite3"}, "DATABASE_URL"),
    ({"CELERY_BROKER_URL": "filesystem://"}, "CELERY_BROKER_URL"),
    ({"PUBLIC_URL": "http://retention.example.com"}, "PUBLIC_URL"),
    ({"EMAIL_BACKEND": "console"}, "EMAIL_BACKEND"),
    ({"TOKEN_ENCRYPTION_KEY": "not-a-fernet-key"}, "TOKEN_ENCRYPTION_KEY"),
    ({"SALEOR_API_URL_ALLOWLIST": "https://*.com/graphql/"}, "SALEOR_API_URL_ALLOWLIST"),
    ({"ANYMAIL": "[1]"}, "ANYMAIL"),
    ({"DEPLOYMENT": "staging"}, "DEPLOYMENT"),
    ({"DATABASE_PREPARED_STATEMENTS": "sometimes"}, "DATABASE_PREPARED_STATEMENTS"),
])
def test_an_unsafe_production_setting_is_a_problem(override, env):
    # when
    config = load_config({**PRODUCTION, **override})

    # then
    assert [problem.env for problem in config.problems] == [env]


def test_start_up_fails_listing_what_to_set(monkeypatch):
    # given
    monkeypatch.setattr(checks, "get_config", lambda: load_config({"DEPLOYMENT": "production"}))

    # when / then
    with pytest.raises(ImproperlyConfigured) as error:
        checks.fail_on_configuration_errors()
    message = str(error.value)
    assert message.startswith("saleor-retention cannot start:\n- Set SECRET_KEY")
    assert message.count("\n- ") == 7


@pytest.mark.parametrize("anymail, expected", [
    (None, ["saleor_retention.ANYMAIL_WEBHOOK_SECRET"]),
    ('{"POSTMARK_SERVER_TOKEN": "token"}', ["saleor_retention.ANYMAIL_WEBHOOK_SECRET"]),
    ('{"WEBHOOK_SECRET": "no-password"}', ["saleor_retention.ANYMAIL_WEBHOOK_SECRET"]),
    ('{"WEBHOOK_SECRET": "user:password"}', []),
    ('{"WEBHOOK_SECRET": ["old:password", "new:password"]}', []),
])
def test_production_with_anymail_requires_the_tracking_webhook_secret(monkeypatch, anymail,
                                                                      expected):
    # given
    environment = {**PRODUCTION, "ANYMAIL": anymail} if anymail else PRODUCTION
    monkeypatch.setattr(checks, "get_config", lambda: load_config(environment))

    # when
    errors = checks.check_tracking_webhook_secret()

    # then
    assert [error.id for error in errors] == expected


@pytest.mark.parametrize("environment", [
    {**PRODUCTION, "EMAIL_BACKEND": "smtp"},
    {"EMAIL_BACKEND": PRODUCTION["EMAIL_BACKEND"]},
])
def test_smtp_in_production_and_anymail_in_development_need_no_webhook_secret(
        monkeypatch, tmp_path, environment):
    # given
    monkeypatch.setattr(checks, "get_config",
                        lambda: load_config({**environment, "DATA_DIR": str(tmp_path)}))

    # when
    errors = checks.check_tracking_webhook_secret()

    # then
    assert errors == []


def test_start_up_fails_naming_the_missing_webhook_secret(monkeypatch):
    # given
    monkeypatch.setattr(checks, "get_config", lambda: load_config(PRODUCTION))

    # when / then
    with pytest.raises(ImproperlyConfigured) as error:
        checks.fail_on_configuration_errors()
    assert str(error.value) == (
        "saleor-retention cannot start:\n"
        "- The email provider's tracking webhooks need a secret in production. (Set the "
        'environment variable ANYMAIL to include "WEBHOOK_SECRET": "<user>:<password>" (both '
        "random), and give the provider https://<user>:<password>@<your host>/anymail/"
        "<provider>/tracking/ as its webhook URL.)")
