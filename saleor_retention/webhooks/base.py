"""The flow every webhook goes through, owned by one base class.

``SaleorWebhookView`` verifies the signature, resolves the installation, parses the body,
stores the event in the inbox and answers. A concrete view names its events and a
``parse`` that turns a body into the family's typed object; its handlers run later on
Celery. Events in ``applied_in_request`` skip the inbox: the view's ``apply`` stores their
effect before answering (it must be one idempotent, order-safe write; see ADR 0004). Answers: 200 accepted (or duplicate), 400 malformed body, 401 bad or missing
signature or unknown installation, 405 wrong method."""

from __future__ import annotations

import logging
from datetime import timedelta

import orjson
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from saleor_retention.installations.lookup import active_installation
from saleor_retention.installations.models import Installation
from saleor_retention.saleor.client import fetch_jwks
from saleor_retention.saleor.errors import InvalidSignature, SaleorRejected, SaleorUnavailable
from saleor_retention.saleor.signatures import verify_detached_jws
from saleor_retention.webhooks.errors import MalformedWebhook, WebhookUnauthorized
from saleor_retention.webhooks.inbox import record_event

logger = logging.getLogger(__name__)

# The busiest answers, prepared once.
APPLIED = b'{"status": "applied"}'
UNCHANGED = b'{"status": "unchanged"}'

# Bounds how often a stream of forged signatures can make the app call Saleor's JWKS.
JWKS_REFETCH_INTERVAL = timedelta(seconds=10)


def refresh_jwks(installation: Installation) -> bool:
    """Fetches the installation's JWKS again (Saleor rotates keys without overlap).

    Returns True when new keys were stored; False when refetched too recently or Saleor
    could not be asked."""
    now = timezone.now()
    fetched = installation.jwks_fetched_at
    if fetched and now - fetched < JWKS_REFETCH_INTERVAL:
        return False
    try:
        jwks = fetch_jwks(installation.saleor_api_url)
    except (SaleorUnavailable, SaleorRejected) as exc:
        logger.warning("JWKS refetch failed for %s: %s", installation.saleor_api_url, exc)
        installation.jwks_fetched_at = now  # keeps a failing Saleor from being hammered
        installation.save(update_fields=["jwks_fetched_at"])
        return False
    changed = jwks != installation.jwks
    installation.jwks = jwks
    installation.jwks_fetched_at = now
    installation.save(update_fields=["jwks", "jwks_fetched_at"])
    return changed


def verify_signature(installation: Installation, signature: str, body: bytes) -> None:
    """Returns when the body is signed by the installation's Saleor; raises InvalidSignature.

    On a failure the JWKS is fetched once more, in case Saleor rotated its key."""
    if not signature:
        raise InvalidSignature("Saleor-Signature is missing.")
    try:
        verify_detached_jws(signature, body, installation.jwks)
    except InvalidSignature:
        if not refresh_jwks(installation):
            raise
        verify_detached_jws(signature, body, installation.jwks)


def _recipient_app_id(payload: dict) -> str | None:
    for key in ("recipient", "app"):
        value = payload.get(key)
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            return value["id"]
    return None


def _event_typename(event_type: str) -> str:
    """Returns the payload ``__typename`` of a Saleor-Event: checkout_updated → CheckoutUpdated."""
    return "".join(part.capitalize() for part in event_type.split("_"))


class SaleorWebhookView(View):
    """Base of every webhook endpoint. Subclasses must set ``event_types`` (lower-case
    Saleor-Event values) and may override ``parse`` to reject bodies their handlers cannot
    use, by raising MalformedWebhook."""

    http_method_names = ["post"]
    event_types: frozenset[str] = frozenset()
    applied_in_request: frozenset[str] = frozenset()

    @classmethod
    def as_view(cls, **initkwargs):
        # Exempted once here rather than with method_decorator, which re-wraps dispatch on
        # every request of the app's busiest endpoints.
        return csrf_exempt(super().as_view(**initkwargs))

    def parse(self, event_type: str, payload: dict) -> object:
        """Returns the family's typed object for ``payload``; raises MalformedWebhook."""
        return payload

    def apply(self, installation: Installation, event_type: str, parsed: object) -> bool:
        """Stores the effect of an ``applied_in_request`` event; returns whether anything
        changed. Subclasses with such events must override it."""
        raise NotImplementedError

    def post(self, request: HttpRequest) -> HttpResponse:
        body = request.body
        try:
            installation = self.authenticate(request, body)
            event_type, payload, parsed = self.read(request, body, installation)
        except WebhookUnauthorized as exc:
            logger.warning("webhook refused (401) on %s: %s", request.path, exc)
            return JsonResponse({"error": {"message": str(exc)}}, status=401)
        except MalformedWebhook as exc:
            logger.warning("webhook refused (400) on %s: %s", request.path, exc)
            return JsonResponse({"error": {"message": str(exc)}}, status=400)
        if event_type in self.applied_in_request:
            changed = self.apply(installation, event_type, parsed)
            return HttpResponse(APPLIED if changed else UNCHANGED, content_type="application/json")
        with transaction.atomic():
            event, created = record_event(installation, event_type, body, payload,
                                          subject_id=getattr(parsed, "subject_id", "") or "")
        if created:
            self.enqueue(event.pk)
        return JsonResponse({"status": "accepted" if created else "duplicate"})

    def authenticate(self, request: HttpRequest, body: bytes) -> Installation:
        """Returns the installation that sent this request; raises WebhookUnauthorized."""
        api_url = request.META.get("HTTP_SALEOR_API_URL", "")
        signature = request.META.get("HTTP_SALEOR_SIGNATURE", "")
        installation = active_installation(api_url)
        if installation is not None:
            try:
                verify_detached_jws(signature, body, installation.jwks)
                return installation
            except InvalidSignature:
                # The cached row may be stale (keys refreshed, app reinstalled elsewhere).
                installation = active_installation(api_url, fresh=True)
        if installation is None:
            raise WebhookUnauthorized(f"No active installation for Saleor-Api-Url {api_url!r}.")
        try:
            verify_signature(installation, signature, body)
        except InvalidSignature as exc:
            raise WebhookUnauthorized(str(exc)) from exc
        return installation

    def read(self, request: HttpRequest, body: bytes, installation: Installation):
        """Returns (event type, payload, typed event) of a verified body; raises MalformedWebhook, or
        WebhookUnauthorized when the event was meant for another app."""
        event_type = request.META.get("HTTP_SALEOR_EVENT", "").lower()
        if event_type not in self.event_types:
            raise MalformedWebhook(
                f"This endpoint takes {sorted(self.event_types)}, not {event_type!r}.")
        try:
            # orjson reads a checkout body in half json.loads' time (13 against 26 µs).
            payload = orjson.loads(body)
        except orjson.JSONDecodeError as exc:  # invalid UTF-8 too
            raise MalformedWebhook("The body is not JSON.") from exc
        if not isinstance(payload, dict):
            raise MalformedWebhook("The body is not a JSON object.")
        if payload.get("__typename") != _event_typename(event_type):
            raise MalformedWebhook(
                f"The body is a {payload.get('__typename')!r}, the header says {event_type!r}.")
        recipient = _recipient_app_id(payload)
        if recipient is not None and recipient != installation.app_id:
            raise WebhookUnauthorized(f"The event was sent to app {recipient!r}, not this one.")
        return event_type, payload, self.parse(event_type, payload)

    def enqueue(self, event_id: int) -> None:
        """Hands the stored event to Celery after commit. If the broker is down the event
        stays pending and the sweeper sends it later, so Saleor still gets its 200."""
        from saleor_retention.webhooks.tasks import process_webhook_event

        def send() -> None:
            try:
                process_webhook_event.apply_async((event_id,), retry=False)
            except Exception as exc:  # noqa: BLE001  (kombu raises many transport errors)
                logger.warning("event %s not enqueued, the sweeper will: %s", event_id, exc)

        transaction.on_commit(send)
