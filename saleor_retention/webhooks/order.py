"""ORDER_CREATED, ORDER_FULLY_PAID and ORDER_CANCELLED."""

from __future__ import annotations

from dataclasses import dataclass

from saleor_retention.installations.models import Installation
from saleor_retention.webhooks.base import SaleorWebhookView
from saleor_retention.webhooks.payloads import optional_text, require_object


@dataclass(frozen=True)
class OrderEvent:
    event_type: str
    order_id: str
    checkout_id: str | None
    user_email: str | None
    voucher_code: str | None


def parse_order_event(event_type: str, payload: dict) -> OrderEvent:
    """Returns the typed event; raises MalformedWebhook when the order is missing."""
    order = require_object(payload, "order")
    return OrderEvent(
        event_type=event_type,
        order_id=order["id"],
        checkout_id=optional_text(order, "checkoutId"),
        user_email=optional_text(order, "userEmail"),
        voucher_code=optional_text(order, "voucherCode"),
    )


def accept_order_event(installation: Installation, event_type: str, payload: dict) -> None:
    """Validates a stored order event. Conversion and attribution arrive with the checkout
    lifecycle; until then the event is only verified."""
    parse_order_event(event_type, payload)


class OrderWebhookView(SaleorWebhookView):
    event_types = frozenset({"order_created", "order_fully_paid", "order_cancelled"})

    def parse(self, event_type: str, payload: dict) -> OrderEvent:
        return parse_order_event(event_type, payload)


HANDLERS = {event_type: accept_order_event for event_type in OrderWebhookView.event_types}
