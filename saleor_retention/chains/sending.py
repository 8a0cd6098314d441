"""Sending one claimed reminder: check again that it may go, apply the sending policy,
hand the email to Django's mail API (anymail or any backend) and record the outcome.

Every decision is made against the app's own state at the moment of sending, so a late
webhook or a gap in reconciliation cannot cause a send after a purchase."""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime

from anymail.exceptions import AnymailError

from saleor_retention.chains.messages import build_message, message_id_of
from saleor_retention.chains.models import ChainRun, Reminder
from saleor_retention.chains.planning import LATE_TOLERANCE, MISSED_WINDOW, end_run, finish_if_done
from saleor_retention.chains.quiet_hours import quiet_until, shopper_zone
from saleor_retention.chains.subjects import Verdict, load_subject, skip
from saleor_retention.recipients.frequency import take_reminder_slot
from saleor_retention.stores.services import settings_for

logger = logging.getLogger(__name__)

CONVERSION_REASONS = ("converted", "converted_by_email")


def _engine_verdict(reminder: Reminder, now: datetime) -> Verdict | None:
    """Returns why the engine itself holds the reminder back, or None."""
    run = reminder.run
    if not reminder.installation.is_active:
        return skip("app_uninstalled")
    if run.state != ChainRun.State.RUNNING:
        return skip(run.end_reason or run.state)
    if run.chain is None or not run.chain.is_enabled:
        return skip("chain_disabled")
    if reminder.step_id is None:
        return skip("step_removed")
    if reminder.due_at < now - LATE_TOLERANCE:
        return skip(MISSED_WINDOW)
    return None


def _release(reminder: Reminder, **changes) -> bool:
    """Moves a claimed reminder on; False when another worker already did."""
    return Reminder.objects.filter(pk=reminder.pk, state=Reminder.State.CLAIMED).update(
        claimed_at=None, **changes) == 1


def _skip(reminder: Reminder, reason: str, now: datetime) -> str:
    _release(reminder, state=Reminder.State.SKIPPED, reason=reason)
    if reason in CONVERSION_REASONS:
        end_run(reminder.run, ChainRun.State.CONVERTED, reason, now)
    elif reason == "chain_disabled":
        end_run(reminder.run, ChainRun.State.STOPPED, reason, now)
    finish_if_done(reminder.run, now)
    logger.info("reminder %s skipped: %s", reminder.pk, reason)
    return "skipped"


def _postpone(reminder: Reminder, until: datetime) -> str:
    _release(reminder, state=Reminder.State.PLANNED, due_at=until)
    logger.info("reminder %s postponed to %s", reminder.pk, until.isoformat())
    return "postponed"


def send_reminder(reminder_id: int, now: datetime) -> str:
    """Sends a claimed reminder or records why not; returns "sent", "skipped", "postponed",
    "failed" or "not_claimed" (another worker has it, or it is no longer claimed)."""
    reminder = (Reminder.objects.select_related("run__chain", "installation")
                .filter(pk=reminder_id, state=Reminder.State.CLAIMED).first())
    if reminder is None:
        return "not_claimed"
    reminder.run.installation = reminder.installation  # the same row: read it, and its settings, once
    verdict = _engine_verdict(reminder, now)
    subject = None
    if verdict is None:
        subject = load_subject(reminder.run, now)
        verdict = subject.verdict(now) if subject is not None else skip("subject_gone")
    if verdict.skip_reason:
        return _skip(reminder, verdict.skip_reason, now)
    if verdict.postpone_until is not None:
        return _postpone(reminder, verdict.postpone_until)

    store = settings_for(reminder.installation)
    if store.quiet_hours_enabled:
        zone = shopper_zone(subject.countries, store.default_time_zone)
        opening = quiet_until(now, zone, store.quiet_hours_start, store.quiet_hours_end)
        if opening is not None:
            return _postpone(reminder, opening)
    if not take_reminder_slot(reminder.installation, subject.email, now, store.frequency_cap):
        return _skip(reminder, "frequency_cap", now)
    # From here on a crash leaves the row in "sending", which the sweeper marks uncertain.
    if not _release(reminder, state=Reminder.State.SENDING, sending_at=now, email=subject.email):
        return "not_claimed"
    message = build_message(reminder, subject.content(), subject.email, store.sender_email)
    try:
        message.send(fail_silently=False)
    except (AnymailError, smtplib.SMTPException, OSError) as exc:
        Reminder.objects.filter(pk=reminder.pk, state=Reminder.State.SENDING).update(
            state=Reminder.State.FAILED, reason=f"{exc.__class__.__name__}: {exc}"[:255])
        finish_if_done(reminder.run, now)
        logger.warning("reminder %s failed: %s", reminder.pk, exc.__class__.__name__)
        return "failed"
    Reminder.objects.filter(pk=reminder.pk, state=Reminder.State.SENDING).update(
        state=Reminder.State.SENT, sent_at=now, message_id=message_id_of(message)[:255])
    finish_if_done(reminder.run, now)
    logger.info("reminder %s sent (step %s of run %s)", reminder.pk, reminder.position,
                reminder.run_id)
    return "sent"
