"""WSGI app of the bare baseline of ``webhook_ingest_http.py``: the project's WSGI entry point
(``saleor_retention.wsgi``) with ``benchmarks.bare_settings``, whose URLconf is this module
and serves one Django view that answers ``200 OK`` without touching the database.

    gunicorn benchmarks.bare_wsgi:application   (run from the repository root)
"""

import os

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

# The webhook server gets saleor_retention.settings; this one the same settings with our URLconf.
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.bare_settings"


@csrf_exempt  # the load sends the same signed POSTs as to the webhook endpoint
def ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("OK")


urlpatterns = [path("bench/ok", ok)]

from saleor_retention.wsgi import application  # noqa: E402,F401
