"""Start-up checks: every missing or unsafe setting is reported with what to set.

Django runs these before ``migrate`` and ``serve``; ``wsgi.py`` and the Celery app run them
too, so a misconfigured web or worker process refuses to start instead of failing later.
"""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from saleor_retention.config import get_config


@checks.register()
def check_configuration(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    config = get_config()
    return [
        checks.Error(problem.message, hint=f"Set the environment variable {problem.env}.",
                     id=f"saleor_retention.{problem.env}")
        for problem in config.problems
    ]


@checks.register()
def check_tracking_webhook_secret(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """In production with an anymail backend, the provider's tracking webhooks
    (/anymail/<provider>/tracking/) must require ANYMAIL's WEBHOOK_SECRET: without it
    anyone could post bounces and complaints and empty a store's mailing list."""
    config = get_config()
    if not (config.is_production and config.email_backend.startswith("anymail.")):
        return []
    secret = config.anymail.get("WEBHOOK_SECRET")
    secrets = [secret] if isinstance(secret, str) else secret
    if (isinstance(secrets, list) and secrets
            and all(isinstance(each, str) and ":" in each for each in secrets)):
        return []
    return [checks.Error(
        "The email provider's tracking webhooks need a secret in production.",
        hint='Set the environment variable ANYMAIL to include "WEBHOOK_SECRET": '
             '"<user>:<password>" (both random), and give the provider '
             "https://<user>:<password>@<your host>/anymail/<provider>/tracking/ as its "
             "webhook URL.",
        id="saleor_retention.ANYMAIL_WEBHOOK_SECRET")]


def fail_on_configuration_errors() -> None:
    """Raises ImproperlyConfigured listing every configuration error, if there is any."""
    errors = check_configuration() + check_tracking_webhook_secret()
    if errors:
        lines = "\n".join(f"- {error.msg} ({error.hint})" for error in errors)
        raise ImproperlyConfigured(f"saleor-retention cannot start:\n{lines}")
