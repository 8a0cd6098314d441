"""An abandoned checkout as the chain engine sees it: may a reminder go, and what it shows."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import quote

from saleor_retention.chains.models import ChainRun
from saleor_retention.chains.subjects import (
    SEND,
    MessageContent,
    MessageLine,
    Verdict,
    postpone,
    skip,
)
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.stores.models import StoreSettings
from saleor_retention.stores.services import settings_for, storefront_checkout_url
from saleor_retention.webhooks.models import WebhookEvent

# An order event for this checkout is in the inbox but not processed yet: wait this long
# and look again rather than mail someone who has just bought.
PURCHASE_IN_FLIGHT_WAIT = timedelta(minutes=1)
PURCHASE_EVENTS = ("order_created", "checkout_fully_paid")


def checkout_link(settings: StoreSettings, snapshot: CheckoutSnapshot) -> str:
    """Returns the storefront address of the checkout, or "" when the store set none."""
    template = storefront_checkout_url(settings, snapshot.channel_slug)
    return (template.replace("{checkout_id}", quote(snapshot.checkout_id, safe=""))
            .replace("{token}", quote(snapshot.token, safe="")))


class CheckoutSubject:
    def __init__(self, snapshot: CheckoutSnapshot, run: ChainRun, settings: StoreSettings):
        self.snapshot = snapshot
        self.run = run
        self.settings = settings
        self.email = snapshot.email
        self.countries = tuple(c for c in (snapshot.country, snapshot.channel_country) if c)
        self.marketing_consent = snapshot.marketing_consent

    def _purchase_in_flight(self) -> bool:
        return WebhookEvent.objects.filter(
            installation_id=self.snapshot.installation_id, state=WebhookEvent.State.PENDING,
            subject_id=self.snapshot.checkout_id, event_type__in=PURCHASE_EVENTS).exists()

    def _bought_since_run_began(self) -> bool:
        return CheckoutSnapshot.objects.filter(
            installation_id=self.snapshot.installation_id, email=self.snapshot.email,
            converted_at__gte=self.run.triggered_at).exists()

    def verdict(self, now: datetime) -> Verdict:
        snapshot, chain = self.snapshot, self.run.chain
        if snapshot.is_converted:
            return skip("converted")
        if self._purchase_in_flight():
            return postpone(now + PURCHASE_IN_FLIGHT_WAIT)
        if not snapshot.email:
            return skip("no_email")
        if self._bought_since_run_began():
            return skip("converted_by_email")
        if snapshot.line_count == 0:
            return skip("cart_empty")
        if now - snapshot.saleor_updated_at > self.settings.max_idle:
            return skip("too_old")
        if chain is not None and snapshot.saleor_updated_at + chain.abandon_after > now:
            return postpone(snapshot.saleor_updated_at + chain.abandon_after)  # shopper is back
        if not checkout_link(self.settings, snapshot):
            return skip("no_storefront_url")
        return SEND

    def content(self) -> MessageContent:
        snapshot = self.snapshot
        return MessageContent(
            first_name=snapshot.customer_first_name, last_name=snapshot.customer_last_name,
            language=snapshot.language, currency=snapshot.currency, total=snapshot.total,
            link_url=checkout_link(self.settings, snapshot), channel_slug=snapshot.channel_slug,
            lines=tuple(
                MessageLine(product_name=line["product_name"],
                            # Saleor names an unnamed variant by its id: show nothing then.
                            variant_name=("" if line["variant_name"] == line["variant_id"]
                                          else line["variant_name"]),
                            thumbnail_url=line["thumbnail_url"], quantity=line["quantity"],
                            unit_price=Decimal(line["unit_price"]),
                            total_price=Decimal(line["total_price"]))
                for line in snapshot.lines if line["quantity"] > 0),
        )


def load_subject(run: ChainRun, now: datetime) -> CheckoutSubject | None:
    """Returns the run's checkout, or None when its snapshot was purged."""
    snapshot = CheckoutSnapshot.objects.filter(
        installation_id=run.installation_id, checkout_id=run.subject_id).first()
    if snapshot is None:
        return None
    return CheckoutSubject(snapshot, run, settings_for(run.installation))
