"""The shopper bought: stop reminding them, and credit the chain when a reminder came first.

ORDER_CREATED (by ``order.checkoutId``, and by the buyer's email for other runs of the same
address) and CHECKOUT_FULLY_PAID end runs as converted. An order from a run that had sent at
least one reminder is recorded as recovered, with the last reminder sent before it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction

from saleor_retention.chains.models import ChainRun, RecoveredOrder, Reminder
from saleor_retention.chains.planning import end_run
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.discounts.redemption import redeem_code
from saleor_retention.installations.models import Installation

logger = logging.getLogger(__name__)

# An order by the same address counts as recovered only this soon after its last reminder;
# later, the reminder is unlikely to be why they bought.
EMAIL_ATTRIBUTION_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class PlacedOrder:
    order_id: str
    number: str
    checkout_id: str
    email: str
    voucher_code: str
    total: Decimal
    currency: str
    created_at: datetime


def mark_checkout_converted(installation: Installation, checkout_id: str, conversion: str,
                            at: datetime, order_id: str = "") -> None:
    """Marks the snapshot converted (creating a tombstone when the app never saw the
    checkout, so a late CHECKOUT_UPDATED cannot start a chain for it)."""
    snapshot, _ = CheckoutSnapshot.objects.get_or_create(
        installation=installation, checkout_id=checkout_id,
        defaults={"saleor_updated_at": at, "first_seen_at": at, "last_seen_at": at})
    CheckoutSnapshot.objects.filter(pk=snapshot.pk, converted_at__isnull=True).update(
        converted_at=at, conversion=conversion, next_check_at=None)
    if order_id:
        CheckoutSnapshot.objects.filter(pk=snapshot.pk, order_id="").update(order_id=order_id)


def _checkout_run(installation: Installation, checkout_id: str) -> ChainRun | None:
    return ChainRun.objects.filter(installation=installation,
                                   subject_kind=ChainRun.SubjectKind.CHECKOUT,
                                   subject_id=checkout_id).first()


def _last_reminder_before(run: ChainRun, at: datetime) -> Reminder | None:
    return (run.reminders.filter(state=Reminder.State.SENT, sent_at__lte=at)
            .order_by("-sent_at").first())


def _record_recovery(run: ChainRun, order: PlacedOrder, matched_by: str,
                     reminder: Reminder | None = None) -> bool:
    reminder = reminder or _last_reminder_before(run, order.created_at)
    if reminder is None:
        return False
    if (matched_by == RecoveredOrder.MatchedBy.EMAIL
            and order.created_at - reminder.sent_at > EMAIL_ATTRIBUTION_WINDOW):
        return False
    try:
        with transaction.atomic():
            RecoveredOrder.objects.create(
                installation_id=run.installation_id, run=run, reminder=reminder,
                order_id=order.order_id, order_number=order.number, total=order.total,
                currency=order.currency, voucher_code=order.voucher_code,
                matched_by=matched_by, ordered_at=order.created_at)
    except IntegrityError:
        return False  # this order was already credited (a replayed event)
    logger.info("order %s recovered by run %s (step %s)", order.number, run.pk,
                reminder.position)
    return True


def record_order(installation: Installation, order: PlacedOrder, now: datetime) -> int:
    """Ends the runs this order converts and credits a recovery; returns how many runs were
    credited (0 or 1: one order is credited once)."""
    runs: list[tuple[ChainRun, str]] = []
    # The code an order used names the reminder that showed it: the strongest evidence.
    code_reminder = redeem_code(installation, order.voucher_code, order.order_id,
                                order.created_at)
    if code_reminder is not None:
        runs.append((code_reminder.run, RecoveredOrder.MatchedBy.CODE))
    if order.checkout_id:
        mark_checkout_converted(installation, order.checkout_id, "order", order.created_at,
                                order.order_id)
        run = _checkout_run(installation, order.checkout_id)
        if run is not None and run.pk not in {known.pk for known, _ in runs}:
            runs.append((run, RecoveredOrder.MatchedBy.CHECKOUT))
    if order.email:
        others = ChainRun.objects.filter(
            installation=installation, email=order.email, state=ChainRun.State.RUNNING,
            triggered_at__lte=order.created_at).exclude(pk__in=[run.pk for run, _ in runs])
        runs.extend((run, RecoveredOrder.MatchedBy.EMAIL) for run in others)
    credited = 0
    for run, matched_by in runs:
        end_run(run, ChainRun.State.CONVERTED, "order_placed", now)
        shown = code_reminder if matched_by == RecoveredOrder.MatchedBy.CODE else None
        if not credited and _record_recovery(run, order, matched_by, shown):
            credited += 1
    return credited


def record_checkout_paid(installation: Installation, checkout_id: str, at: datetime,
                         now: datetime) -> None:
    """CHECKOUT_FULLY_PAID: the order is on its way, so the run stops now; the recovery is
    credited when ORDER_CREATED brings the order's number and total."""
    mark_checkout_converted(installation, checkout_id, "checkout_paid", at)
    run = _checkout_run(installation, checkout_id)
    if run is not None:
        end_run(run, ChainRun.State.CONVERTED, "checkout_paid", now)


def record_order_cancelled(installation: Installation, order_id: str, now: datetime) -> int:
    """A recovered order was cancelled: it no longer counts as revenue. Returns 0 or 1."""
    return RecoveredOrder.objects.filter(installation=installation, order_id=order_id,
                                         cancelled_at__isnull=True).update(cancelled_at=now)
