"""The webhooks the app needs, in one list used by both the manifest and the upgrade sync.

Saleor reads a manifest's webhooks only at install; ``installations.webhook_sync`` brings
installed stores up to date with this same list, so the two can never disagree.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from saleor_retention.saleor.documents import load_document

# Saleor lets an app hold webhooks it did not declare; the sync only touches ours.
WEBHOOK_NAME_PREFIX = "saleor-retention "


@dataclass(frozen=True)
class WebhookSpec:
    """One webhook: its name in Saleor, the async events, the subscription document and the
    path (under PUBLIC_URL) that receives it."""

    family: str
    events: tuple[str, ...]
    document: str
    path: str

    @property
    def name(self) -> str:
        return f"{WEBHOOK_NAME_PREFIX}{self.family} events"

    def target_url(self, public_url: str) -> str:
        return f"{public_url}{self.path}"

    def query(self) -> str:
        return load_document(self.document)

    def as_manifest_entry(self, public_url: str) -> dict:
        return {
            "name": self.name,
            "asyncEvents": list(self.events),
            "query": self.query(),
            "targetUrl": self.target_url(public_url),
            "isActive": True,
        }


WEBHOOKS: tuple[WebhookSpec, ...] = (
    WebhookSpec(
        family="checkout",
        events=("CHECKOUT_CREATED", "CHECKOUT_UPDATED", "CHECKOUT_FULLY_PAID"),
        document="subscriptions/checkout_events",
        path="/api/webhooks/checkout",
    ),
    WebhookSpec(
        family="order",
        events=("ORDER_CREATED", "ORDER_FULLY_PAID", "ORDER_CANCELLED"),
        document="subscriptions/order_events",
        path="/api/webhooks/order",
    ),
    WebhookSpec(
        family="customer",
        events=("CUSTOMER_CREATED", "CUSTOMER_UPDATED", "CUSTOMER_DELETED"),
        document="subscriptions/customer_events",
        path="/api/webhooks/customer",
    ),
    WebhookSpec(
        family="app",
        events=("APP_DELETED",),
        document="subscriptions/app_events",
        path="/api/webhooks/app",
    ),
)


def webhooks_digest(public_url: str) -> str:
    """Returns a fingerprint of the webhooks as this version of the app wants them at
    ``public_url``; an installation synced with another digest is out of date."""
    entries = [spec.as_manifest_entry(public_url) for spec in WEBHOOKS]
    return hashlib.sha256(json.dumps(entries, sort_keys=True).encode()).hexdigest()
