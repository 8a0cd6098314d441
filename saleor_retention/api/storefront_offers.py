"""The storefront's offers: ``exitIntentOffer`` (scenario 1) and ``captureEmail``
(scenario 5). The decisions are in ``saleor_retention.offers``."""

from __future__ import annotations

from datetime import datetime

import graphene

from saleor_retention.api.storefront_base import StorefrontMutation
from saleor_retention.installations.models import Installation
from saleor_retention.offers.email_capture import capture_email
from saleor_retention.offers.exit_intent import exit_intent_offer


class StorefrontDiscountStatus(graphene.Enum):
    """Whether a code can be used."""

    ACTIVE = "active"
    EXPIRED = "expired"
    USED = "used"


class StorefrontDiscountKind(graphene.Enum):
    """How a discount is counted."""

    PERCENTAGE = "percentage"
    FIXED = "fixed"


class StorefrontDiscount(graphene.ObjectType):
    """A single-use code held for one shopper. It is issued once and never renewed: after
    its expiry the status says so and no code is shown."""

    code = graphene.String(description="The code to show; null unless the status is ACTIVE.")
    status = graphene.Field(StorefrontDiscountStatus, required=True,
                            description="Whether the code can be used now.")
    kind = graphene.Field(StorefrontDiscountKind, required=True,
                          description="Percent off, or a fixed amount off.")
    value = graphene.Float(required=True,
                           description="The percent off, or the amount off in the currency.")
    minimum_spend = graphene.Float(description="The least subtotal the code needs; null: any.")
    currency = graphene.String(required=True, description="The channel's currency code.")
    expires_at = graphene.DateTime(required=True, description="When the code stops working.")


class StorefrontOfferItem(graphene.ObjectType):
    """One line of the cart, as the popup shows it."""

    product_id = graphene.ID(required=True)
    product_name = graphene.String(required=True)
    variant_id = graphene.ID(required=True)
    variant_name = graphene.String(required=True)
    thumbnail_url = graphene.String(required=True, description="256 px; empty when none.")
    quantity = graphene.Int(required=True)
    unit_price = graphene.Float(required=True, description="Gross, in the offer's currency.")
    total_price = graphene.Float(required=True, description="Gross, in the offer's currency.")


class StorefrontOffer(graphene.ObjectType):
    """What the exit-intent popup shows: the cart's items and a code that expires soon."""

    checkout_id = graphene.ID(required=True)
    currency = graphene.String(required=True)
    subtotal = graphene.Float(required=True, description="The cart's gross subtotal.")
    items = graphene.List(graphene.NonNull(StorefrontOfferItem), required=True)
    discount = graphene.Field(StorefrontDiscount, required=True)


class ExitIntentOffer(StorefrontMutation):
    """The offer for a shopper about to leave: their cart's items and a code from the
    store's exit-offer policy (by default 10% for 1 hour). The code is issued on the first
    call for a checkout and never again: later calls answer the same code and expiry, and
    after the expiry the status EXPIRED without a code."""

    operation = "exitIntentOffer"

    class Arguments:
        checkout_id = graphene.ID(required=True, description="The shopper's Saleor checkout.")

    offer = graphene.Field(StorefrontOffer, description="Null when there are errors.")

    @classmethod
    def perform(cls, installation: Installation, now: datetime, checkout_id: str) -> dict:
        return {"offer": exit_intent_offer(installation, checkout_id, now)}


class CaptureEmail(StorefrontMutation):
    """Puts the shopper's email on their checkout (in Saleor, so reminders can start),
    records their marketing consent, and gives the store's welcome code, one per address,
    to an address that never ordered. Calling again is harmless."""

    operation = "captureEmail"

    class Arguments:
        checkout_id = graphene.ID(required=True, description="The shopper's Saleor checkout.")
        email = graphene.String(required=True, description="The address the shopper typed.")
        consent = graphene.Boolean(required=True,
                                   description="Whether they agreed to marketing emails.")

    email = graphene.String(description="The address as recorded.")
    marketing_consent = graphene.Boolean(description="The consent as recorded.")
    welcome_discount = graphene.Field(
        StorefrontDiscount, description="The address's welcome code; null when the store gives "
                                        "none or the address has ordered before.")

    @classmethod
    def perform(cls, installation: Installation, now: datetime, checkout_id: str, email: str,
                consent: bool) -> dict:
        captured = capture_email(installation, checkout_id, email, consent, now)
        return {"email": captured.email, "marketing_consent": captured.marketing_consent,
                "welcome_discount": captured.welcome_discount}
