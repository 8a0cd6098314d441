"""Scenario 1, the exit-intent offer: a shopper about to leave sees the items of their cart
and a code that expires soon (the store's exit-offer policy; by default 10% for 1 hour).

One code per checkout, ever (holder "offer:<checkout UUID>"): asking again gives the same code
and expiry, and once it has expired the offer says so and no new code is issued, so a
shopper cannot renew the deadline by coming back. The storefront draws the popup."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.discounts.issuing import hold_code
from saleor_retention.installations.models import Installation
from saleor_retention.offers.codes import OfferedDiscount, offered_discount
from saleor_retention.offers.errors import CheckoutNotFound, EmptyCheckout
from saleor_retention.offers.policies import exit_offer_policy


@dataclass(frozen=True)
class OfferItem:
    product_id: str
    product_name: str
    variant_id: str
    variant_name: str
    thumbnail_url: str
    quantity: int
    unit_price: Decimal
    total_price: Decimal


@dataclass(frozen=True)
class ExitOffer:
    checkout_id: str
    currency: str
    subtotal: Decimal
    items: tuple[OfferItem, ...]
    discount: OfferedDiscount


def offer_holder(checkout_id: str) -> str:
    """Returns "offer:<the checkout's UUID>". Saleor's id of a checkout, "Checkout:<UUID>" in
    base64, is 60 characters and does not fit a code's 64-character holder after the prefix;
    the UUID inside names the same checkout. An id of another shape is hashed."""
    try:
        type_name, _, pk = base64.b64decode(checkout_id, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        type_name, pk = "", ""
    if type_name == "Checkout" and 0 < len(pk) <= 58 and pk.isprintable():
        return f"offer:{pk}"
    return f"offer:{hashlib.sha256(checkout_id.encode()).hexdigest()[:48]}"


def known_checkout(installation: Installation, checkout_id: str) -> CheckoutSnapshot:
    """Returns the store's snapshot of a checkout not bought yet; raises CheckoutNotFound."""
    snapshot = CheckoutSnapshot.objects.filter(
        installation=installation, checkout_id=checkout_id, converted_at__isnull=True).first()
    if snapshot is None:
        raise CheckoutNotFound("This store knows no such checkout waiting to be bought.")
    return snapshot


def offer_items(snapshot: CheckoutSnapshot) -> tuple[OfferItem, ...]:
    """Returns the checkout's lines as the popup shows them, in the cart's order."""
    return tuple(OfferItem(
        product_id=line.get("product_id", ""), product_name=line.get("product_name", ""),
        variant_id=line.get("variant_id", ""), variant_name=line.get("variant_name", ""),
        thumbnail_url=line.get("thumbnail_url", ""), quantity=line["quantity"],
        unit_price=Decimal(str(line.get("unit_price", "0"))),
        total_price=Decimal(str(line.get("total_price", "0"))))
        for line in snapshot.lines if line.get("quantity", 0) > 0)


def exit_intent_offer(installation: Installation, checkout_id: str,
                      now: datetime) -> ExitOffer:
    """Returns the offer for a checkout of the store, holding its code on the first call.

    Raises CheckoutNotFound (unknown, bought, or another store's), EmptyCheckout, or
    SaleorUnavailable / SaleorRejected while the code is issued (nothing is held then)."""
    snapshot = known_checkout(installation, checkout_id)
    items = offer_items(snapshot)
    if not items:
        raise EmptyCheckout("The checkout has no items to offer a discount on.")
    policy = exit_offer_policy(installation)
    code = hold_code(installation, policy, snapshot.channel_slug, offer_holder(checkout_id), now)
    return ExitOffer(checkout_id=checkout_id, currency=snapshot.currency,
                     subtotal=snapshot.subtotal, items=items,
                     discount=offered_discount(code, policy, snapshot.currency, now))
