"""Repairing snapshots that webhooks missed (a deployment, an outage, a lost delivery).

Saleor's ``checkouts`` query filters on ``updatedAt`` by date only and lists the newest
update first, 100 a page. A pass reads from ``since`` (the end of the last complete pass,
less an overlap) until it meets an older checkout or runs out of pages. It is bounded: at
most ``max_pages`` per run, resuming from its cursor on the next run. Applying a snapshot
is idempotent, so overlap and repeats change nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from saleor_retention.checkouts.payload import parse_checkout
from saleor_retention.checkouts.snapshots import apply_snapshot
from saleor_retention.installations.models import Installation
from saleor_retention.saleor.client import SaleorClient
from saleor_retention.saleor.errors import SaleorRejected
from saleor_retention.stores.models import StoreSettings
from saleor_retention.stores.services import forget_cached_settings, settings_for
from saleor_retention.webhooks.errors import MalformedWebhook

logger = logging.getLogger(__name__)

# 10 pages of 100: a run stays well under a minute even on a slow Saleor.
MAX_PAGES_PER_RUN = 10
# Re-read a little before the last pass ended: clocks and in-flight writes are not exact.
OVERLAP = timedelta(hours=1)


@dataclass
class ReconcileReport:
    pages: int = 0
    seen: int = 0
    repaired: int = 0
    malformed: int = 0
    complete: bool = False


def _pass_since(store: StoreSettings, now: datetime, since: datetime | None) -> datetime:
    if since is not None:
        return since
    if store.reconcile_pass_since is not None and store.reconcile_cursor:
        return store.reconcile_pass_since
    if store.reconciled_through is not None:
        return store.reconciled_through - OVERLAP
    # First pass: nothing idle longer than the store's max age could be reminded anyway.
    return now - store.max_idle


def reconcile_checkouts(installation: Installation, now: datetime, since: datetime | None = None,
                        max_pages: int = MAX_PAGES_PER_RUN,
                        progress: Callable[[ReconcileReport], None] | None = None) -> ReconcileReport:
    """Compares recently updated checkouts with Saleor and repairs the snapshots; returns
    what it did. ``since`` starts a fresh pass from that time.

    Raises SaleorUnavailable (try later) or SaleorRejected."""
    store = settings_for(installation)
    resuming = since is None and bool(store.reconcile_cursor)
    pass_since = _pass_since(store, now, since)
    cursor = store.reconcile_cursor if resuming else None
    started_at = store.reconcile_pass_started_at if resuming else now
    client = SaleorClient(installation.saleor_api_url, installation.token)
    report = ReconcileReport()
    while report.pages < max_pages:
        data = client.execute("queries/recent_checkouts",
                              {"since": pass_since.date().isoformat(), "after": cursor})
        connection = data.get("checkouts")
        if not isinstance(connection, dict):
            raise SaleorRejected("Saleor answered checkouts without a connection.")
        report.pages += 1
        reached_older = False
        for edge in connection.get("edges") or []:
            node = (edge or {}).get("node") or {}
            try:
                state = parse_checkout(node)
            except MalformedWebhook as exc:
                report.malformed += 1
                logger.warning("reconcile: skipped a checkout Saleor described oddly: %s", exc)
                continue
            if state.updated_at < pass_since:
                reached_older = True  # newest first: everything after this is older too
                break
            report.seen += 1
            report.repaired += apply_snapshot(installation, state, now)
        if progress:
            progress(report)
        page_info = connection.get("pageInfo") or {}
        cursor = page_info.get("endCursor")
        if reached_older or not page_info.get("hasNextPage"):
            report.complete = True
            break
    if report.complete:
        StoreSettings.objects.filter(pk=store.pk).update(
            reconciled_through=started_at, reconcile_cursor="", reconcile_pass_since=None,
            reconcile_pass_started_at=None)
    else:
        StoreSettings.objects.filter(pk=store.pk).update(
            reconcile_cursor=cursor or "", reconcile_pass_since=pass_since,
            reconcile_pass_started_at=started_at)
    forget_cached_settings(installation)
    logger.info("reconciled %s: %s pages, %s seen, %s repaired, complete=%s",
                installation.saleor_api_url, report.pages, report.seen, report.repaired,
                report.complete)
    return report
