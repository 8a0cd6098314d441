"""The reminder link (``/r/<token>``) for a headless storefront: the same click, code and
restored checkout as ``recovery.views.follow_link``, answered as data instead of a redirect,
so the storefront can open the checkout itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from saleor_retention.chains.models import ChainRun
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.checkouts.subject import checkout_link
from saleor_retention.emails.tracking import record_link_click
from saleor_retention.installations.models import Installation
from saleor_retention.offers.errors import CheckoutNotFound, LinkRefused
from saleor_retention.recovery.links import UnusableLink, reminder_of
from saleor_retention.recovery.restore import recover_checkout, with_tracking
from saleor_retention.stores.services import settings_for

LINK_MESSAGES = {
    "expired": "This link has expired.",
    "invalid": "This link is not valid for this store.",
}


class RestoredStatus:
    CHECKOUT = "checkout"  # ``url`` opens the checkout (``checkout_id``), code applied or not
    SHOP = "shop"  # bought already, or Saleor could not restore it now: ``url`` is the shop
    SOLD_OUT = "sold_out"  # nothing of the cart is sold any more: no ``url``


@dataclass(frozen=True)
class RestoredCheckout:
    status: str
    url: str
    checkout_id: str | None = None
    checkout_token: str | None = None
    missing_products: list[str] = field(default_factory=list)
    code_applied: bool = False


def restore_from_link(installation: Installation, token: str,
                      now: datetime) -> RestoredCheckout:
    """Records the click on a reminder link of ``installation`` and restores its checkout
    (re-created if Saleor deleted it, with the reminder's code applied while it is valid).

    Raises LinkRefused ("expired", "invalid": tampered, made up, or another store's link)
    before anything is recorded or sent to Saleor, and CheckoutNotFound when the reminder or
    its checkout is gone or the store has no storefront checkout address."""
    try:
        reminder = reminder_of(token)
    except UnusableLink as link:
        if link.reason == "unknown":
            raise CheckoutNotFound("The reminder of this link is gone.", field="token") from link
        raise LinkRefused(link.reason, LINK_MESSAGES.get(link.reason,
                                                         LINK_MESSAGES["invalid"])) from link
    if reminder.installation_id != installation.pk:
        raise LinkRefused("invalid", LINK_MESSAGES["invalid"])
    record_link_click(reminder, now)
    recovery = recover_checkout(reminder, now)
    if recovery is None:
        raise CheckoutNotFound("The checkout of this link is gone, or the store has no "
                               "storefront checkout address.", field="token")
    if not recovery.url:
        return RestoredCheckout(status=RestoredStatus.SOLD_OUT, url="",
                                missing_products=recovery.missing)
    run = ChainRun.objects.get(pk=reminder.run_id)  # it follows a re-created checkout
    snapshot = CheckoutSnapshot.objects.filter(installation=installation,
                                               checkout_id=run.subject_id).first()
    if snapshot is not None and not snapshot.is_converted and recovery.url == with_tracking(
            checkout_link(settings_for(installation), snapshot), reminder):
        return RestoredCheckout(
            status=RestoredStatus.CHECKOUT, url=recovery.url, checkout_id=snapshot.checkout_id,
            checkout_token=snapshot.token, missing_products=recovery.missing,
            code_applied=recovery.code_applied)
    return RestoredCheckout(status=RestoredStatus.SHOP, url=recovery.url)
