"""WSGI entry point for production web servers: ``gunicorn saleor_retention.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_retention.settings")

application = get_wsgi_application()

from saleor_retention.checks import fail_on_configuration_errors  # noqa: E402

fail_on_configuration_errors()
