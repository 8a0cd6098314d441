"""Forgetting checkouts the app no longer needs."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Exists, OuterRef

from saleor_retention.chains.models import ChainRun
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.installations.models import Installation
from saleor_retention.stores.services import settings_for

PURGE_BATCH = 1000


def purge_snapshots(installation: Installation, now: datetime, batch: int = PURGE_BATCH) -> int:
    """Deletes up to ``batch`` snapshots idle past the store's retention whose run, if any,
    has ended (the run and its history stay). Returns how many were deleted."""
    cutoff = now - settings_for(installation).snapshot_retention
    running = ChainRun.objects.filter(
        installation=installation, subject_kind=ChainRun.SubjectKind.CHECKOUT,
        subject_id=OuterRef("checkout_id"), state=ChainRun.State.RUNNING)
    ids = list(CheckoutSnapshot.objects.filter(
        installation=installation, last_seen_at__lt=cutoff, saleor_updated_at__lt=cutoff,
    ).exclude(Exists(running)).values_list("pk", flat=True)[:batch])
    deleted, _ = CheckoutSnapshot.objects.filter(pk__in=ids).delete()
    return deleted
