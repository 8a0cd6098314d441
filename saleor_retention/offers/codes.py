"""A held discount code as a storefront shows it: its terms, its expiry, and whether it can
still be used. A code is shown only while it works; afterwards the storefront learns that it
expired (or was used) and when, and no new code replaces it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from saleor_retention.discounts.models import DiscountCode, DiscountPolicy


class CodeStatus:
    ACTIVE = "active"  # the shopper can use it now
    EXPIRED = "expired"  # past its expiry (Saleor deletes it within a minute)
    USED = "used"  # an order used it


@dataclass(frozen=True)
class OfferedDiscount:
    code: str | None  # None unless ACTIVE: a dead code is never shown
    status: str
    kind: str  # DiscountPolicy.Kind
    value: Decimal  # percent off, or the amount off in ``currency``
    minimum_spend: Decimal | None
    currency: str
    expires_at: datetime


def code_status(code: DiscountCode, now: datetime) -> str:
    if code.state == DiscountCode.State.USED:
        return CodeStatus.USED
    if code.state == DiscountCode.State.DELETED or code.expires_at <= now:
        return CodeStatus.EXPIRED
    return CodeStatus.ACTIVE


def offered_discount(code: DiscountCode, policy: DiscountPolicy, currency: str,
                     now: datetime) -> OfferedDiscount:
    """Returns ``code`` as shown, with the terms of the policy its voucher was made from
    (``policy`` when that one was deleted since) in the voucher's channel and ``currency``."""
    terms_policy = code.voucher.policy or policy
    terms = terms_policy.terms_in(code.voucher.channel_slug, currency)
    status = code_status(code, now)
    return OfferedDiscount(
        code=code.code if status == CodeStatus.ACTIVE else None, status=status,
        kind=terms_policy.kind, value=terms["value"], minimum_spend=terms["minimum_spend"],
        currency=currency, expires_at=code.expires_at)
