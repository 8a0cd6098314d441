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


def fail_on_configuration_errors() -> None:
    """Raises ImproperlyConfigured listing every configuration error, if there is any."""
    errors = check_configuration()
    if errors:
        lines = "\n".join(f"- {error.msg} ({error.hint})" for error in errors)
        raise ImproperlyConfigured(f"saleor-retention cannot start:\n{lines}")
