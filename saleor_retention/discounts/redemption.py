"""An order used one of the app's codes: the code is spent, and the reminder that showed it
gets the credit (``checkouts.conversion``)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q

from saleor_retention.chains.models import Reminder
from saleor_retention.discounts.models import DiscountCode
from saleor_retention.installations.models import Installation


def redeem_code(installation: Installation, code: str, order_id: str,
                at: datetime) -> Reminder | None:
    """Records that order ``order_id`` used ``code``; returns the reminder that showed it,
    or None when the code is not one of the app's. A replay changes nothing."""
    if not code:
        return None
    row = (DiscountCode.objects.select_related("reminder__run")
           .filter(installation=installation, code__iexact=code.strip()).first())
    if row is None:
        return None
    DiscountCode.objects.filter(pk=row.pk, order_id="").update(order_id=order_id, used_at=at)
    DiscountCode.objects.filter(pk=row.pk).filter(
        Q(state=DiscountCode.State.AVAILABLE) | Q(state=DiscountCode.State.HELD)).update(
        state=DiscountCode.State.USED)
    return row.reminder
