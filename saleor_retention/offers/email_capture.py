"""Scenario 5, a discount for an email: the storefront asks a visitor for their address,
the app puts it on their checkout in Saleor (so reminders can start), records their
marketing consent, and may give a welcome code, one per address.

The address and consent go to Saleor (the checkout's email, and the store's consent key in
its metadata): every later CHECKOUT_UPDATED then carries both, and the snapshot is updated
at once from Saleor's answer, as a webhook would. The welcome code goes only to an address
that has never ordered in the shop."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.checkouts.payload import parse_checkout
from saleor_retention.checkouts.snapshots import apply_snapshot
from saleor_retention.discounts.issuing import hold_code
from saleor_retention.discounts.models import DiscountCode
from saleor_retention.discounts.saleor_vouchers import channel_of
from saleor_retention.installations.models import Installation
from saleor_retention.offers import saleor_calls
from saleor_retention.offers.codes import OfferedDiscount, offered_discount
from saleor_retention.offers.errors import InvalidEmail
from saleor_retention.offers.exit_intent import known_checkout
from saleor_retention.offers.policies import welcome_policy
from saleor_retention.saleor.errors import SaleorRejected
from saleor_retention.stores.services import settings_for
from saleor_retention.webhooks.errors import MalformedWebhook

logger = logging.getLogger(__name__)

MAX_EMAIL_LENGTH = 254  # RFC 5321, and the snapshot's column


@dataclass(frozen=True)
class CapturedEmail:
    checkout_id: str
    email: str
    marketing_consent: bool
    welcome_discount: OfferedDiscount | None


def clean_email(email: str) -> str:
    """Returns the address without surrounding spaces; raises InvalidEmail."""
    address = email.strip()
    try:
        if len(address) > MAX_EMAIL_LENGTH:
            raise ValidationError("too long")
        validate_email(address)
    except ValidationError as exc:
        raise InvalidEmail("Enter a valid email address.") from exc
    return address


def welcome_holder(email: str) -> str:
    """Returns "welcome:<digest of the address>": one code per address, whatever its case.
    A digest because an address (254 characters) does not fit a code's 64-character holder,
    and so the codes table keeps no address to erase."""
    return "welcome:" + hashlib.sha256(email.lower().encode()).hexdigest()[:48]


def welcome_discount(installation: Installation, snapshot: CheckoutSnapshot, email: str,
                     now: datetime) -> OfferedDiscount | None:
    """Returns the address's welcome code, holding one first if the store gives one and the
    address holds none and never ordered; None otherwise. Raises SaleorUnavailable or
    SaleorRejected (nothing is held then)."""
    policy = welcome_policy(installation)
    if policy is None:
        return None
    holder = welcome_holder(email)
    code = (DiscountCode.objects.select_related("voucher__policy")
            .filter(installation=installation, holder=holder).first())
    if code is None:
        if saleor_calls.has_ordered(installation, email):
            logger.info("no welcome code: the address has ordered before")
            return None
        code = hold_code(installation, policy, snapshot.channel_slug, holder, now)
    currency = snapshot.currency
    if code.voucher.channel_slug != snapshot.channel_slug:  # held on a checkout of another channel
        currency = channel_of(installation, code.voucher.channel_slug)[1]
    return offered_discount(code, policy, currency, now)


def capture_email(installation: Installation, checkout_id: str, email: str, consent: bool,
                  now: datetime) -> CapturedEmail:
    """Puts ``email`` and the marketing ``consent`` on the store's checkout, in Saleor and in
    the snapshot; returns them with the welcome code, if any. Calling again is harmless.

    Raises InvalidEmail and CheckoutNotFound before anything changes; SaleorUnavailable or
    SaleorRejected (try again: the address may already be on the checkout)."""
    address = clean_email(email)
    snapshot = known_checkout(installation, checkout_id)
    store = settings_for(installation)
    node = saleor_calls.attach_email(installation, checkout_id, address,
                                     store.marketing_consent_key, consent)
    try:
        state = parse_checkout(node)
    except MalformedWebhook as exc:
        raise SaleorRejected(f"Saleor's checkout could not be read: {exc}") from exc
    apply_snapshot(installation, state, now)
    return CapturedEmail(checkout_id=checkout_id, email=address, marketing_consent=consent,
                         welcome_discount=welcome_discount(installation, snapshot, address, now))
