"""CHECKOUT_CREATED, CHECKOUT_UPDATED and CHECKOUT_FULLY_PAID.

Created and updated are the busiest events of a store (every cart change sends one), and
their whole effect is one order-safe upsert of the snapshot, so they are applied in the
request instead of going through the inbox (ADR 0004). FULLY_PAID is a conversion: it goes
through the inbox like the order events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from saleor_retention.checkouts.conversion import record_checkout_paid
from saleor_retention.checkouts.payload import CheckoutState, parse_checkout
from saleor_retention.checkouts.snapshots import apply_snapshot
from saleor_retention.installations.models import Installation
from saleor_retention.webhooks.base import SaleorWebhookView
from saleor_retention.webhooks.payloads import optional_datetime, require_object


@dataclass(frozen=True)
class CheckoutEvent:
    event_type: str
    checkout: CheckoutState
    issued_at: datetime | None

    @property
    def subject_id(self) -> str:
        return self.checkout.checkout_id


def parse_checkout_event(event_type: str, payload: dict) -> CheckoutEvent:
    """Returns the typed event; raises MalformedWebhook when the checkout is missing or
    malformed."""
    return CheckoutEvent(event_type=event_type,
                         checkout=parse_checkout(require_object(payload, "checkout")),
                         issued_at=optional_datetime(payload, "issuedAt"))


def handle_checkout_paid(installation: Installation, event_type: str, payload: dict) -> None:
    """The checkout is paid: keep its last state, and stop its reminders."""
    event = parse_checkout_event(event_type, payload)
    now = timezone.now()
    apply_snapshot(installation, event.checkout, now)
    record_checkout_paid(installation, event.checkout.checkout_id,
                         event.issued_at or event.checkout.updated_at, now)


class CheckoutWebhookView(SaleorWebhookView):
    event_types = frozenset({"checkout_created", "checkout_updated", "checkout_fully_paid"})
    applied_in_request = frozenset({"checkout_created", "checkout_updated"})

    def parse(self, event_type: str, payload: dict) -> CheckoutEvent:
        return parse_checkout_event(event_type, payload)

    def apply(self, installation: Installation, event_type: str, parsed: CheckoutEvent) -> bool:
        return apply_snapshot(installation, parsed.checkout, timezone.now())


HANDLERS = {"checkout_fully_paid": handle_checkout_paid}
