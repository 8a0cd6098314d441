"""Bringing the shopper back to a working checkout, with the reminder's code applied.

Saleor deletes checkouts silently (ADR 0004), so the checkout a reminder was about may be
gone by the time the shopper clicks. Then a new one is created with the same lines, email,
channel and language; lines Saleor no longer sells are left out and named. The run follows
the new checkout, so its order still ends the run and credits the reminder. Saleor being
down never stops the shopper: they are sent on to the checkout as it was."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import transaction
from django.utils.text import slugify

from saleor_retention.chains.models import ChainRun, Reminder
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.checkouts.payload import parse_checkout
from saleor_retention.checkouts.snapshots import apply_snapshot
from saleor_retention.checkouts.subject import checkout_link
from saleor_retention.discounts.models import DiscountCode
from saleor_retention.discounts.saleor_vouchers import client_for
from saleor_retention.saleor.client import SaleorClient
from saleor_retention.saleor.errors import SaleorError, SaleorRejected
from saleor_retention.stores.services import settings_for, storefront_home_url
from saleor_retention.webhooks.errors import MalformedWebhook

logger = logging.getLogger(__name__)

VARIANTS_PER_QUERY = 100  # Saleor's page limit


@dataclass
class Recovery:
    """Where to send the shopper, and what to tell them first (nothing: redirect at once)."""

    url: str
    missing: list[str] = field(default_factory=list)  # product names left out
    code_applied: bool = False


def with_tracking(url: str, reminder: Reminder) -> str:
    """Returns ``url`` with UTM parameters naming the app, the chain and the step."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update({"utm_source": "saleor-retention", "utm_medium": "email",
                  "utm_campaign": slugify(reminder.run.chain_name) or "reminder",
                  "utm_content": f"step-{reminder.position}"})
    return urlunsplit(parts._replace(query=urlencode(query)))


def _apply_code(client: SaleorClient, checkout_id: str, code: str) -> str:
    """Returns "applied", "gone" (no such checkout) or "refused" (Saleor will not take the
    code: used, deleted, not for this cart)."""
    payload = client.execute("mutations/checkout_add_promo_code",
                             {"id": checkout_id, "code": code}).get("checkoutAddPromoCode") or {}
    errors = payload.get("errors") or []
    if not errors:
        return "applied"
    if any(error.get("code") == "NOT_FOUND" and error.get("field") != "promoCode"
           for error in errors):
        return "gone"
    logger.info("Saleor refused the code on checkout: %s",
                ", ".join(str(error.get("code")) for error in errors))
    return "refused"


def _recreate(client: SaleorClient, snapshot: CheckoutSnapshot) -> tuple[dict | None, list[str]]:
    """Creates a checkout like ``snapshot`` with the lines the channel still sells; returns
    (its RetentionCheckout node, or None when nothing could be kept; the product names left
    out). Raises SaleorError."""
    lines = [line for line in snapshot.lines if line["quantity"] > 0]
    variant_ids = [line["variant_id"] for line in lines]
    sold: set[str] = set()
    for start in range(0, len(variant_ids), VARIANTS_PER_QUERY):
        edges = (client.execute("queries/available_variants", {
            "ids": variant_ids[start:start + VARIANTS_PER_QUERY],
            "channel": snapshot.channel_slug}).get("productVariants") or {}).get("edges") or []
        sold.update(edge["node"]["id"] for edge in edges if edge.get("node"))
    missing = list(dict.fromkeys(line["product_name"] for line in lines
                                 if line["variant_id"] not in sold))
    lines = [line for line in lines if line["variant_id"] in sold]
    if not lines:
        return None, missing
    checkout_input = {"channel": snapshot.channel_slug, "email": snapshot.email,
                      "lines": [{"variantId": line["variant_id"], "quantity": line["quantity"]}
                                for line in lines]}
    if snapshot.language:
        checkout_input["languageCode"] = snapshot.language
    payload = client.execute("mutations/checkout_create",
                             {"input": checkout_input}).get("checkoutCreate") or {}
    if payload.get("errors") or not payload.get("checkout"):
        raise SaleorRejected("Saleor refused to restore the checkout: " + "; ".join(
            f"{error.get('code')} {error.get('message')}" for error in payload.get("errors") or []))
    return payload["checkout"], missing


def _follow_new_checkout(reminder: Reminder, node: dict, now: datetime) -> CheckoutSnapshot:
    """Records the restored checkout and moves the run onto it."""
    state = parse_checkout(node)
    apply_snapshot(reminder.installation, state, now)
    ChainRun.objects.filter(pk=reminder.run_id).update(subject_id=state.checkout_id)
    logger.info("run %s restored its checkout as a new one", reminder.run_id)
    return CheckoutSnapshot.objects.get(installation=reminder.installation,
                                        checkout_id=state.checkout_id)


def recover_checkout(reminder: Reminder, now: datetime) -> Recovery | None:
    """Makes sure the shopper's checkout exists, applies the reminder's code if it still
    holds one, and returns where to send them: an empty ``url`` when nothing of the cart is
    sold any more, None when the store has no storefront address for it. A cart that was
    bought is not restored: the shopper goes to the shop. Clicks on one run's links are
    handled one at a time, so two clicks never restore two checkouts."""
    store = settings_for(reminder.installation)
    with transaction.atomic():
        run = ChainRun.objects.select_for_update().get(pk=reminder.run_id)
        snapshot = CheckoutSnapshot.objects.filter(installation=reminder.installation,
                                                   checkout_id=run.subject_id).first()
        if snapshot is None or not checkout_link(store, snapshot):
            return None
        home = with_tracking(storefront_home_url(store, snapshot.channel_slug), reminder)
        if snapshot.is_converted:
            return Recovery(url=home)
        code = (DiscountCode.objects.filter(reminder=reminder, state=DiscountCode.State.HELD,
                                            expires_at__gt=now).first())
        client, missing, outcome = client_for(reminder.installation), [], "unknown"
        try:
            outcome = (_apply_code(client, snapshot.checkout_id, code.code) if code is not None
                       else "exists" if client.execute(
                           "queries/checkout", {"id": snapshot.checkout_id}).get("checkout")
                       else "gone")
            if outcome == "gone":
                node, missing = _recreate(client, snapshot)
                if node is None:
                    return Recovery(url="", missing=missing)
                snapshot = _follow_new_checkout(reminder, node, now)
                outcome = (_apply_code(client, snapshot.checkout_id, code.code)
                           if code is not None else "exists")
        except (SaleorError, MalformedWebhook) as exc:
            logger.warning("recovering the checkout of reminder %s: %s", reminder.pk,
                           exc.__class__.__name__)
            if outcome == "gone":  # the old checkout is known to be gone: not there
                return Recovery(url=home)
    return Recovery(url=with_tracking(checkout_link(store, snapshot), reminder),
                    missing=missing, code_applied=outcome == "applied")
