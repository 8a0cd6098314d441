"""CHECKOUT_CREATED, CHECKOUT_UPDATED and CHECKOUT_FULLY_PAID."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from saleor_retention.installations.models import Installation
from saleor_retention.webhooks.base import SaleorWebhookView
from saleor_retention.webhooks.payloads import optional_datetime, optional_text, require_object


@dataclass(frozen=True)
class CheckoutEvent:
    event_type: str
    checkout_id: str
    email: str | None
    updated_at: datetime | None
    issued_at: datetime | None


def parse_checkout_event(event_type: str, payload: dict) -> CheckoutEvent:
    """Returns the typed event; raises MalformedWebhook when the checkout is missing."""
    checkout = require_object(payload, "checkout")
    return CheckoutEvent(
        event_type=event_type,
        checkout_id=checkout["id"],
        email=optional_text(checkout, "email"),
        updated_at=optional_datetime(checkout, "updatedAt"),
        issued_at=optional_datetime(payload, "issuedAt"),
    )


def accept_checkout_event(installation: Installation, event_type: str, payload: dict) -> None:
    """Validates a stored checkout event. The checkout lifecycle (snapshots, abandonment,
    conversion) is the next room to be built; until then the event is only verified."""
    parse_checkout_event(event_type, payload)


class CheckoutWebhookView(SaleorWebhookView):
    event_types = frozenset({"checkout_created", "checkout_updated", "checkout_fully_paid"})

    def parse(self, event_type: str, payload: dict) -> CheckoutEvent:
        return parse_checkout_event(event_type, payload)


HANDLERS = {event_type: accept_checkout_event for event_type in CheckoutWebhookView.event_types}
