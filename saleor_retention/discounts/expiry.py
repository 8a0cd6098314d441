"""Codes stop working at their own expiry, and nothing is left behind in Saleor.

Every 30 seconds, held and used codes past their expiry are deleted from Saleor in batches
(``voucherCodeBulkDelete``), so a code works no more than a minute past the time its email
promised; the voucher's end date backs this up. Hourly, codes never handed out are deleted
once their bucket is over, and vouchers with nothing left are deleted. Saleor being down
leaves the rows as they are for the next run; a refusal is recorded on the voucher."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from saleor_retention.discounts import saleor_vouchers
from saleor_retention.discounts.models import DiscountCode, DiscountVoucher
from saleor_retention.saleor.errors import SaleorRejected, SaleorUnavailable

logger = logging.getLogger(__name__)

# Codes deleted per run: 20 calls of 100; the next run (30 s later) takes the rest.
MAX_CODES_PER_RUN = 2000


def _delete(codes: list[DiscountCode], now: datetime) -> int:
    """Deletes ``codes`` from Saleor, grouped by store; returns how many were marked deleted."""
    by_voucher = defaultdict(list)
    for code in codes:
        by_voucher[code.voucher].append(code)
    done = 0
    for voucher, voucher_codes in by_voucher.items():
        ids = [code.saleor_id for code in voucher_codes if code.saleor_id]
        try:
            if ids:
                saleor_vouchers.delete_codes(voucher.installation, ids)
        except SaleorUnavailable as exc:
            logger.warning("deleting codes of voucher %s postponed: %s", voucher.pk, exc)
            continue
        except SaleorRejected as exc:
            DiscountVoucher.objects.filter(pk=voucher.pk).update(last_error=str(exc)[:255])
            logger.warning("Saleor refused deleting codes of voucher %s: %s", voucher.pk, exc)
            continue
        done += DiscountCode.objects.filter(pk__in=[code.pk for code in voucher_codes]).exclude(
            state=DiscountCode.State.DELETED).update(state=DiscountCode.State.DELETED,
                                                     deleted_at=now)
    return done


def expire_codes(now: datetime, limit: int = MAX_CODES_PER_RUN) -> int:
    """Deletes held and used codes past their expiry; returns how many."""
    codes = list(DiscountCode.objects.select_related("voucher__installation").filter(
        state__in=(DiscountCode.State.HELD, DiscountCode.State.USED), expires_at__lte=now,
    ).order_by("expires_at")[:limit])
    return _delete(codes, now)


def clean_up(now: datetime, limit: int = MAX_CODES_PER_RUN) -> dict:
    """Deletes codes never handed out once their bucket is over, then vouchers with nothing
    left whose codes have all expired; returns counts."""
    unheld = list(DiscountCode.objects.select_related("voucher__installation").filter(
        state=DiscountCode.State.AVAILABLE, voucher__bucket_end__lte=now)[:limit])
    report = {"unheld_codes": _delete(unheld, now), "vouchers": 0}
    finished = (DiscountVoucher.objects.select_related("installation")
                .filter(deleted_at__isnull=True, ends_at__lte=now - timedelta(minutes=1))
                .exclude(codes__state__in=(DiscountCode.State.AVAILABLE,
                                           DiscountCode.State.HELD, DiscountCode.State.USED)))
    for voucher in finished[:limit]:
        try:
            if voucher.saleor_id:
                saleor_vouchers.delete_voucher(voucher.installation, voucher.saleor_id)
        except SaleorUnavailable:
            continue
        except SaleorRejected as exc:
            DiscountVoucher.objects.filter(pk=voucher.pk).update(last_error=str(exc)[:255])
            continue
        DiscountVoucher.objects.filter(pk=voucher.pk).update(deleted_at=now)
        report["vouchers"] += 1
    return report
