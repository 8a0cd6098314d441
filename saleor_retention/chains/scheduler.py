"""The database is the scheduler: due reminders are rows, claimed in small batches
(``saleor_retention.claiming``). Nothing here holds the truth in a Celery ETA."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

from saleor_retention.chains.models import ChainRun, Reminder
from saleor_retention.chains.planning import finish_if_done
from saleor_retention.chains.sending import send_reminder
from saleor_retention.claiming import claim

logger = logging.getLogger(__name__)

# Small enough that a worker holds few rows at a time, large enough to amortise the claim.
CLAIM_BATCH = 20
# A claim older than this belongs to a worker that died before sending; nothing went out,
# so the row is planned again.
CLAIM_LEASE = timedelta(minutes=5)
# A row still "sending" after this was handed to a backend by a worker that died: the email
# may or may not have left, so it is marked uncertain and never sent again.
SENDING_TIMEOUT = timedelta(minutes=10)


def claim_due_reminders(now: datetime, limit: int = CLAIM_BATCH) -> list[int]:
    """Returns the ids of up to ``limit`` due reminders, now claimed by the caller."""
    return claim(Reminder.objects.filter(state=Reminder.State.PLANNED, due_at__lte=now),
                 "due_at", limit, state=Reminder.State.CLAIMED, claimed_at=now)


def send_due_reminders(clock: Callable[[], datetime], budget_seconds: float = 20.0,
                       batch: int = CLAIM_BATCH) -> Counter:
    """Claims and sends due reminders until none is due or the budget is spent; returns the
    outcomes counted, with "more" set when due reminders were left for the next run."""
    outcomes: Counter = Counter()
    deadline = time.monotonic() + budget_seconds
    while True:
        ids = claim_due_reminders(clock(), batch)
        for reminder_id in ids:
            outcomes[send_reminder(reminder_id, clock())] += 1
        if len(ids) < batch:
            return outcomes
        if time.monotonic() >= deadline:
            outcomes["more"] = 1
            return outcomes


def release_expired_claims(now: datetime) -> int:
    """Plans again the claims of workers that died before sending; returns how many."""
    return Reminder.objects.filter(
        state=Reminder.State.CLAIMED, claimed_at__lt=now - CLAIM_LEASE
    ).update(state=Reminder.State.PLANNED, claimed_at=None)


def mark_uncertain(now: datetime) -> int:
    """Marks reminders stuck in "sending" as uncertain, never to be retried; returns how many."""
    stuck = Reminder.objects.filter(state=Reminder.State.SENDING,
                                    sending_at__lt=now - SENDING_TIMEOUT)
    run_ids = set(stuck.values_list("run_id", flat=True))
    count = stuck.update(state=Reminder.State.UNCERTAIN,
                         reason="the worker stopped while sending; not retried to avoid a duplicate")
    for run in ChainRun.objects.filter(pk__in=run_ids):
        finish_if_done(run, now)
    if count:
        logger.error("%s reminders were left mid-send and are marked uncertain", count)
    return count
