import logging

from django.utils import timezone

from saleor_retention.celery import app
from saleor_retention.checkouts.abandonment import DETECT_BATCH, detect_abandoned_checkouts
from saleor_retention.checkouts.reconciliation import reconcile_checkouts
from saleor_retention.checkouts.retention import purge_snapshots
from saleor_retention.installations.models import Installation
from saleor_retention.saleor.errors import SaleorPermissionDenied, SaleorRejected, SaleorUnavailable

logger = logging.getLogger(__name__)

# Batches per beat run before handing over to a fresh task.
DETECT_BATCHES_PER_RUN = 20


@app.task
def detect_abandoned() -> dict:
    """Beat task (and its own continuation): starts chains for checkouts gone idle."""
    totals: dict[str, int] = {}
    for _ in range(DETECT_BATCHES_PER_RUN):
        outcomes = detect_abandoned_checkouts(timezone.now())
        for key, count in outcomes.items():
            totals[key] = totals.get(key, 0) + count
        if sum(outcomes.values()) < DETECT_BATCH:
            return totals
    detect_abandoned.delay()
    return totals


@app.task
def reconcile_all_checkouts() -> dict:
    """Beat task: one bounded reconciliation run per active installation."""
    results = {}
    for installation in Installation.objects.active():
        try:
            report = reconcile_checkouts(installation, timezone.now())
        except (SaleorUnavailable, SaleorPermissionDenied, SaleorRejected) as exc:
            logger.warning("reconcile %s failed: %s", installation.saleor_api_url, exc)
            results[installation.pk] = f"failed: {exc.__class__.__name__}"
            continue
        results[installation.pk] = f"{report.repaired} repaired of {report.seen}"
    return results


@app.task
def purge_old_snapshots() -> int:
    """Beat task: deletes snapshots past each store's retention."""
    return sum(purge_snapshots(installation, timezone.now())
               for installation in Installation.objects.all())
