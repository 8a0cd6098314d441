"""Deciding that a checkout is abandoned, and starting its chain.

A checkout is abandoned when it has an email and at least one line, has been idle for its
chain's threshold and has not become an order. The webhook path plans a first look
(``next_check_at``) and never postpones one, so a busy cart's updates leave the column
alone; the detector claims due snapshots in batches with SKIP LOCKED, so any number of
workers share the work, and leaves each with its next look (from the cart's real idle time)
or none."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.db.models import Q

from saleor_retention.chains.conditions import SubjectFacts, matches, parse_conditions
from saleor_retention.chains.models import Chain, ChainRun
from saleor_retention.chains.planning import reanchor_run, start_run
from saleor_retention.checkouts.customers import is_returning_customer
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.checkouts.snapshots import is_candidate_snapshot
from saleor_retention.claiming import claim
from saleor_retention.installations.models import Installation
from saleor_retention.saleor.errors import SaleorRejected, SaleorUnavailable
from saleor_retention.stores.services import settings_for

logger = logging.getLogger(__name__)

DETECT_BATCH = 100
# While a worker evaluates a snapshot, others leave it alone for this long.
CHECK_LEASE = timedelta(minutes=5)
# Saleor could not say whether the shopper bought before: look again after this.
SALEOR_RETRY = timedelta(minutes=5)


def claim_due_checks(now: datetime, limit: int = DETECT_BATCH) -> list[int]:
    """Returns the ids of due checks, leased to the caller until ``now + CHECK_LEASE``."""
    return claim(CheckoutSnapshot.objects.filter(next_check_at__lte=now), "next_check_at",
                 limit, next_check_at=now + CHECK_LEASE)


def _facts(snapshot: CheckoutSnapshot) -> SubjectFacts:
    return SubjectFacts(
        currency=snapshot.currency, total=snapshot.total, language=snapshot.language,
        product_ids=frozenset(line["product_id"] for line in snapshot.lines),
        category_ids=frozenset(line["category_id"] for line in snapshot.lines
                               if line["category_id"]))


def first_matching_chain(snapshot: CheckoutSnapshot, chains: list[Chain]) -> Chain | None:
    """Returns the enabled chain of lowest priority that takes this checkout.

    Raises SaleorUnavailable/SaleorRejected when a chain needs the customer's history."""
    facts = _facts(snapshot)
    for chain in chains:
        if chain.channels and snapshot.channel_slug not in chain.channels:
            continue
        if matches(parse_conditions(chain.conditions), facts,
                   lambda: is_returning_customer(snapshot)):
            return chain
    return None


def _decide(snapshot: CheckoutSnapshot, run: ChainRun | None, chains: list[Chain],
            now: datetime) -> tuple[str, datetime | None]:
    """Returns (outcome, next check time) for one snapshot, starting its run when due."""
    if not snapshot.installation.is_active:
        return "app_uninstalled", None
    if snapshot.is_converted:
        return "converted", None
    if run is not None:
        moved = reanchor_run(run, snapshot.saleor_updated_at, now)
        return ("reanchored" if moved else "running"), None
    if not is_candidate_snapshot(snapshot):
        return "not_candidate", None
    if now - snapshot.saleor_updated_at > settings_for(snapshot.installation).max_idle:
        return "too_old", None
    try:
        chain = first_matching_chain(snapshot, chains)
    except (SaleorUnavailable, SaleorRejected) as exc:
        logger.warning("checkout %s: customer history unavailable: %s", snapshot.pk, exc)
        return "saleor_unavailable", now + SALEOR_RETRY
    if chain is None:
        return "no_chain", None
    abandoned_at = snapshot.saleor_updated_at + chain.abandon_after
    if abandoned_at > now:
        return "waiting", abandoned_at
    started = start_run(snapshot.installation, chain, ChainRun.SubjectKind.CHECKOUT,
                        snapshot.checkout_id, snapshot.email, snapshot.saleor_updated_at, now)
    return ("started" if started else "running"), None


def _enabled_chains(installation_id: int) -> list[Chain]:
    return list(Chain.objects.filter(installation_id=installation_id, is_enabled=True,
                                     trigger=Chain.Trigger.CHECKOUT_ABANDONED)
                .prefetch_related("steps"))


def detect_abandoned_checkouts(now: datetime, limit: int = DETECT_BATCH) -> Counter:
    """Looks at up to ``limit`` due checkouts; returns the outcomes counted."""
    return check_claimed(claim_due_checks(now, limit), now)


def check_claimed(ids: list[int], now: datetime) -> Counter:
    """Decides the snapshots ``ids``, leased by ``claim_due_checks(now)``, on their current
    state; returns the outcomes counted."""
    outcomes: Counter = Counter()
    if not ids:
        return outcomes
    lease_until = now + CHECK_LEASE
    snapshots = list(CheckoutSnapshot.objects.filter(pk__in=ids))
    installations = {i.pk: i for i in Installation.objects.filter(
        pk__in={s.installation_id for s in snapshots}).select_related("store_settings")}
    runs = {(run.installation_id, run.subject_id): run for run in ChainRun.objects.filter(
        subject_kind=ChainRun.SubjectKind.CHECKOUT,
        subject_id__in=[s.checkout_id for s in snapshots]).select_related("chain")}
    chains = {pk: _enabled_chains(pk) for pk in installations}
    next_checks: dict[datetime | None, list[tuple[int, datetime]]] = {}
    for snapshot in snapshots:
        snapshot.installation = installations[snapshot.installation_id]
        run = runs.get((snapshot.installation_id, snapshot.checkout_id))
        outcome, next_check_at = _decide(snapshot, run, chains[snapshot.installation_id], now)
        next_checks.setdefault(next_check_at, []).append(
            (snapshot.pk, snapshot.saleor_updated_at))
        outcomes[outcome] += 1
    plan_next_checks(next_checks, lease_until, now)
    return outcomes


def plan_next_checks(next_checks: dict[datetime | None, list[tuple[int, datetime]]],
                     lease_until: datetime, now: datetime) -> None:
    """Ends the lease of checked snapshots: each gets its decided next look, given as
    {next look: [(snapshot id, the updatedAt decided on)]}, unless a webhook brought a newer
    state meanwhile; then it is due again at once, to be decided on that state. (A webhook
    landing between the two statements leaves the lease in place: looked at when it ends.)"""
    unchanged_by_look = {}
    for next_check_at, decided in next_checks.items():
        unchanged = Q()
        for snapshot_id, updated_at in decided:
            unchanged |= Q(pk=snapshot_id, saleor_updated_at=updated_at)
        unchanged_by_look[next_check_at] = unchanged
    everything_decided = Q()
    for unchanged in unchanged_by_look.values():
        everything_decided |= unchanged
    ids = [snapshot_id for decided in next_checks.values() for snapshot_id, _ in decided]
    # A conversion clears the lease; a newer state keeps it.
    CheckoutSnapshot.objects.filter(pk__in=ids, next_check_at=lease_until).exclude(
        everything_decided).update(next_check_at=now)
    for next_check_at, unchanged in unchanged_by_look.items():
        CheckoutSnapshot.objects.filter(unchanged, next_check_at=lease_until).update(
            next_check_at=next_check_at)
