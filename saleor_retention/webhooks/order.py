"""ORDER_CREATED, ORDER_FULLY_PAID and ORDER_CANCELLED: conversion, recovery and revenue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from saleor_retention.checkouts.conversion import (
    PlacedOrder,
    record_order,
    record_order_cancelled,
)
from saleor_retention.checkouts.payload import parse_money
from saleor_retention.installations.models import Installation
from saleor_retention.webhooks.base import SaleorWebhookView
from saleor_retention.webhooks.payloads import optional_datetime, optional_text, require_object


@dataclass(frozen=True)
class OrderEvent:
    event_type: str
    order: PlacedOrder

    @property
    def subject_id(self) -> str:
        return self.order.checkout_id


def parse_order_event(event_type: str, payload: dict) -> OrderEvent:
    """Returns the typed event; raises MalformedWebhook when the order is missing or
    malformed."""
    order = require_object(payload, "order")
    total, currency = parse_money(order, "total")
    created_at: datetime | None = optional_datetime(order, "created")
    return OrderEvent(event_type=event_type, order=PlacedOrder(
        order_id=order["id"],
        number=optional_text(order, "number") or "",
        checkout_id=optional_text(order, "checkoutId") or "",
        email=(optional_text(order, "userEmail") or "").strip().lower(),
        voucher_code=optional_text(order, "voucherCode") or "",
        total=total, currency=currency,
        created_at=created_at or optional_datetime(payload, "issuedAt") or timezone.now(),
    ))


def handle_order_placed(installation: Installation, event_type: str, payload: dict) -> None:
    """ORDER_CREATED and ORDER_FULLY_PAID: the shopper bought (idempotent, so the second of
    the two only confirms)."""
    record_order(installation, parse_order_event(event_type, payload).order, timezone.now())


def handle_order_cancelled(installation: Installation, event_type: str, payload: dict) -> None:
    record_order_cancelled(installation, parse_order_event(event_type, payload).order.order_id,
                           timezone.now())


class OrderWebhookView(SaleorWebhookView):
    event_types = frozenset({"order_created", "order_fully_paid", "order_cancelled"})

    def parse(self, event_type: str, payload: dict) -> OrderEvent:
        return parse_order_event(event_type, payload)


HANDLERS = {
    "order_created": handle_order_placed,
    "order_fully_paid": handle_order_placed,
    "order_cancelled": handle_order_cancelled,
}
