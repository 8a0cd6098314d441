"""``restoreCheckout``: the reminder link as an API, for headless storefronts. The flow is
``saleor_retention.offers.restoring``, which reuses the link's own services."""

from __future__ import annotations

from datetime import datetime

import graphene

from saleor_retention.api.storefront_base import StorefrontMutation
from saleor_retention.installations.models import Installation
from saleor_retention.offers.restoring import restore_from_link


class RestoredCheckoutStatus(graphene.Enum):
    """Where the link leads."""

    CHECKOUT = "checkout"
    SHOP = "shop"
    SOLD_OUT = "sold_out"

    @property
    def description(self):
        return {
            RestoredCheckoutStatus.CHECKOUT: "To the checkout (re-created if Saleor had "
                                             "deleted it).",
            RestoredCheckoutStatus.SHOP: "To the shop: the cart was bought, or Saleor could "
                                         "not restore it now.",
            RestoredCheckoutStatus.SOLD_OUT: "Nowhere: nothing of the cart is sold any more.",
        }.get(self)


class RestoredCheckout(graphene.ObjectType):
    """The shopper's checkout, back from a reminder link."""

    status = graphene.Field(RestoredCheckoutStatus, required=True)
    checkout_id = graphene.ID(description="The checkout to open; null unless CHECKOUT.")
    checkout_token = graphene.String(description="Its token; null unless CHECKOUT.")
    url = graphene.String(required=True, description=(
        "The store's storefront address for it, with UTM parameters; empty when SOLD_OUT."))
    missing_products = graphene.List(graphene.NonNull(graphene.String), required=True,
                                     description="Products left out: no longer sold.")
    code_applied = graphene.Boolean(required=True,
                                    description="Whether the reminder's code is on it.")


class RestoreCheckout(StorefrontMutation):
    """Follows a reminder link's token: records the click, brings the checkout back (with the
    reminder's code while it is valid) and says where to send the shopper."""

    operation = "restoreCheckout"

    class Arguments:
        token = graphene.String(required=True,
                                description="The token of the link, after /r/ in the email.")

    restored = graphene.Field(RestoredCheckout, description="Null when there are errors.")

    @classmethod
    def perform(cls, installation: Installation, now: datetime, token: str) -> dict:
        restored = restore_from_link(installation, token, now)
        return {"restored": RestoredCheckout(
            status=restored.status, checkout_id=restored.checkout_id,
            checkout_token=restored.checkout_token or None, url=restored.url,
            missing_products=list(restored.missing_products),
            code_applied=restored.code_applied)}
