"""The manifest, the registration endpoint, the logo and the pages the manifest links to."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from saleor_retention.config import get_config
from saleor_retention.installations.registration import RegistrationRefused, register_installation
from saleor_retention.manifest.document import APP_NAME, app_url, build_manifest, schema_version_of

logger = logging.getLogger(__name__)
LOGO_PATH = Path(__file__).resolve().parents[1] / "static" / "logo.png"


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    return JsonResponse(build_manifest(
        get_config().public_url,
        schema_version_of(request.META.get("HTTP_SALEOR_SCHEMA_VERSION", ""))))


def _refusal(message: str, status: int) -> JsonResponse:
    # Saleor shows error.message to the person installing, and deletes the app on non-2xx.
    return JsonResponse({"success": False, "error": {"message": message}}, status=status)


@csrf_exempt
@require_POST
def register(request: HttpRequest) -> JsonResponse:
    try:
        body = json.loads(request.body or b"{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _refusal("The installation request is not JSON.", 400)
    token = body.get("auth_token") if isinstance(body, dict) else None
    if not isinstance(token, str):
        return _refusal("The installation request has no auth_token.", 400)
    try:
        installation = register_installation(
            api_url=request.headers.get("Saleor-Api-Url", ""),
            auth_token=token,
            domain=request.headers.get("Saleor-Domain", ""),
        )
    except RegistrationRefused as exc:
        return _refusal(exc.message, exc.status)
    _sync_webhooks_soon(installation.pk)
    return JsonResponse({"success": True})


def _sync_webhooks_soon(installation_id: int) -> None:
    from saleor_retention.installations.tasks import sync_installation_webhooks

    try:
        sync_installation_webhooks.apply_async((installation_id,), retry=False)
    except Exception as exc:  # noqa: BLE001  (kombu transport errors; the beat sync catches up)
        logger.warning("webhook sync not enqueued for installation %s: %s", installation_id, exc)


@require_GET
def logo(request: HttpRequest) -> FileResponse:
    return FileResponse(LOGO_PATH.open("rb"), content_type="image/png")


def _page(request: HttpRequest, template: str) -> HttpResponse:
    public_url = get_config().public_url
    return render(request, f"saleor_retention/{template}", {
        "app_name": APP_NAME,
        "manifest_url": app_url(public_url, "manifest"),
        "support_url": app_url(public_url, "support"),
        "privacy_url": app_url(public_url, "privacy"),
    })


def _page_view(template: str):
    """Returns a GET view rendering one of the app's static pages."""
    return require_GET(lambda request: _page(request, template))


homepage = _page_view("homepage.html")
privacy = _page_view("privacy.html")
support = _page_view("support.html")
