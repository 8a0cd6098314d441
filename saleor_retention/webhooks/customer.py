"""CUSTOMER_CREATED, CUSTOMER_UPDATED and CUSTOMER_DELETED."""

from __future__ import annotations

from dataclasses import dataclass

from saleor_retention.customers.erasure import erase_customer
from saleor_retention.installations.models import Installation
from saleor_retention.webhooks.base import SaleorWebhookView
from saleor_retention.webhooks.payloads import optional_text, require_object


@dataclass(frozen=True)
class CustomerEvent:
    event_type: str
    user_id: str
    email: str | None


def parse_customer_event(event_type: str, payload: dict) -> CustomerEvent:
    """Returns the typed event; raises MalformedWebhook when the user is missing."""
    user = require_object(payload, "user")
    return CustomerEvent(event_type=event_type, user_id=user["id"],
                         email=optional_text(user, "email"))


def accept_customer_event(installation: Installation, event_type: str, payload: dict) -> None:
    """Validates a stored customer event; customer records arrive with the lifecycle room."""
    parse_customer_event(event_type, payload)


def handle_customer_deleted(installation: Installation, event_type: str, payload: dict) -> None:
    """Erases what the app holds about a customer Saleor deleted."""
    event = parse_customer_event(event_type, payload)
    erase_customer(installation, user_id=event.user_id, email=event.email)


class CustomerWebhookView(SaleorWebhookView):
    event_types = frozenset({"customer_created", "customer_updated", "customer_deleted"})

    def parse(self, event_type: str, payload: dict) -> CustomerEvent:
        return parse_customer_event(event_type, payload)


HANDLERS = {
    "customer_created": accept_customer_event,
    "customer_updated": accept_customer_event,
    "customer_deleted": handle_customer_deleted,
}
