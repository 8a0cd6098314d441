"""Starting, re-planning and ending chain runs: turning a chain's steps into Reminder rows.

The engine knows subjects only by kind and id: a checkout today, an order or a customer
when other triggers arrive. ``start_run`` takes "a subject, a trigger time, a chain"."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction

from saleor_retention.chains.models import Chain, ChainRun, ChainStep, Reminder
from saleor_retention.installations.models import Installation

logger = logging.getLogger(__name__)

# A step whose time passed this long ago is not sent late: a "1 hour later" email that
# arrives the next day (app just enabled, an outage) reads as spam, not as help.
LATE_TOLERANCE = timedelta(hours=6)
MISSED_WINDOW = "missed_window"


def due_times(steps: list[ChainStep], triggered_at: datetime,
              sent_at: dict[int, datetime] | None = None) -> dict[int, datetime]:
    """Returns each step's due time (by step id), in position order. A step timed from the
    previous step counts from when that one was sent, or was due if not sent yet."""
    sent_at = sent_at or {}
    times: dict[int, datetime] = {}
    previous: datetime = triggered_at
    for step in sorted(steps, key=lambda s: s.position):
        base = triggered_at if step.delay_from == ChainStep.DelayFrom.TRIGGER else previous
        times[step.pk] = base + step.delay
        previous = sent_at.get(step.pk, times[step.pk])
    return times


def _new_reminder(run: ChainRun, step: ChainStep, due_at: datetime, now: datetime) -> Reminder:
    missed = due_at < now - LATE_TOLERANCE
    return Reminder(
        installation_id=run.installation_id, run=run, step=step, position=step.position,
        template=step.template, discount_policy_id=step.discount_policy_id, due_at=due_at,
        state=Reminder.State.SKIPPED if missed else Reminder.State.PLANNED,
        reason=MISSED_WINDOW if missed else "",
    )


def start_run(installation: Installation, chain: Chain, subject_kind: str, subject_id: str,
              email: str, triggered_at: datetime, now: datetime) -> ChainRun | None:
    """Returns the new run with its planned reminders, or None when the subject already
    runs a chain (the unique constraints decide, not a prior check)."""
    steps = list(chain.steps.all())
    try:
        with transaction.atomic():
            run = ChainRun.objects.create(
                installation=installation, chain=chain, chain_name=chain.name,
                subject_kind=subject_kind, subject_id=subject_id, email=email,
                triggered_at=triggered_at, started_at=now)
            times = due_times(steps, triggered_at)
            Reminder.objects.bulk_create(
                [_new_reminder(run, step, times[step.pk], now) for step in steps])
    except IntegrityError:
        return None
    finish_if_done(run, now)
    logger.info("run %s started: %s %s in chain %s", run.pk, subject_kind, subject_id, chain.pk)
    return run


def replan_run(run: ChainRun, now: datetime) -> int:
    """Brings the run's pending reminders in line with its chain's current steps and its
    ``triggered_at``; returns how many rows changed. Sent rows are history and stay."""
    if run.state != ChainRun.State.RUNNING:
        return 0
    chain = run.chain
    if chain is None or not chain.is_enabled:
        return end_run(run, ChainRun.State.STOPPED, "chain_disabled", now)
    steps = list(chain.steps.all())
    reminders = list(run.reminders.all())
    sent_at = {r.step_id: r.sent_at for r in reminders if r.step_id and r.sent_at}
    times = due_times(steps, run.triggered_at, sent_at)
    by_step = {r.step_id: r for r in reminders if r.step_id}
    changed = 0
    for reminder in reminders:
        if reminder.state == Reminder.State.PLANNED and reminder.step_id not in times:
            changed += _skip_planned(reminder, "step_removed")
    for step in steps:
        reminder = by_step.get(step.pk)
        if reminder is None:
            Reminder.objects.bulk_create([_new_reminder(run, step, times[step.pk], now)],
                                         ignore_conflicts=True)
            changed += 1
        elif reminder.state == Reminder.State.PLANNED:
            changed += Reminder.objects.filter(pk=reminder.pk, state=Reminder.State.PLANNED).update(
                due_at=times[step.pk], position=step.position, template=step.template,
                discount_policy_id=step.discount_policy_id)
    finish_if_done(run, now)
    return changed


def reanchor_run(run: ChainRun, triggered_at: datetime, now: datetime) -> int:
    """The subject was active again (the shopper came back and left): the remaining steps
    count from the new ``triggered_at``. Returns how many reminders moved."""
    if run.state != ChainRun.State.RUNNING or triggered_at <= run.triggered_at:
        return 0
    ChainRun.objects.filter(pk=run.pk).update(triggered_at=triggered_at)
    run.triggered_at = triggered_at
    return replan_run(run, now)


def chain_changed(chain: Chain, now: datetime) -> int:
    """Everything that follows an edit of a chain or its steps, wherever it was made (API,
    admin, command): its running reminders are re-planned and the store's earliest
    abandonment check is refreshed. Returns how many reminders changed."""
    from saleor_retention.chains.defaults import refresh_earliest_abandonment

    changed = replan_chain(chain, now)
    refresh_earliest_abandonment(chain.installation)
    return changed


def replan_chain(chain: Chain, now: datetime) -> int:
    """Re-plans every running run of ``chain`` after its steps or switch changed; returns
    how many reminders changed."""
    changed = 0
    for run in ChainRun.objects.filter(chain=chain, state=ChainRun.State.RUNNING).select_related(
            "chain").iterator(chunk_size=500):
        changed += replan_run(run, now)
    return changed


def _skip_planned(reminder: Reminder, reason: str) -> int:
    return Reminder.objects.filter(pk=reminder.pk, state=Reminder.State.PLANNED).update(
        state=Reminder.State.SKIPPED, reason=reason)


def end_run(run: ChainRun, state: str, reason: str, now: datetime) -> int:
    """Ends a running run (converted, stopped) and skips its planned reminders with
    ``reason``; returns how many reminders were skipped. Ended runs stay as they are."""
    updated = ChainRun.objects.filter(pk=run.pk, state=ChainRun.State.RUNNING).update(
        state=state, ended_at=now, end_reason=reason)
    if updated:
        run.state, run.ended_at, run.end_reason = state, now, reason
    return Reminder.objects.filter(run=run, state=Reminder.State.PLANNED).update(
        state=Reminder.State.SKIPPED, reason=reason)


def finish_if_done(run: ChainRun, now: datetime) -> None:
    """Marks a running run finished once no reminder of it can still be sent."""
    open_states = (Reminder.State.PLANNED, Reminder.State.CLAIMED, Reminder.State.SENDING)
    if not Reminder.objects.filter(run=run, state__in=open_states).exists():
        ChainRun.objects.filter(pk=run.pk, state=ChainRun.State.RUNNING).update(
            state=ChainRun.State.FINISHED, ended_at=now, end_reason="all_steps_done")
