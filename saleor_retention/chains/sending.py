"""Sending one claimed reminder: check again that it may go, apply the sending policy,
hand the email to Django's mail API (anymail or any backend) and record the outcome.

Every decision is made against the app's own state at the moment of sending, so a late
webhook or a gap in reconciliation cannot cause a send after a purchase."""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta

from anymail.exceptions import AnymailError

from saleor_retention.chains.models import ChainRun, Reminder
from saleor_retention.chains.planning import LATE_TOLERANCE, MISSED_WINDOW, end_run, finish_if_done
from saleor_retention.chains.quiet_hours import quiet_until, shopper_zone
from saleor_retention.chains.subjects import Subject, Verdict, load_subject, skip
from saleor_retention.discounts.issuing import reminder_discount
from saleor_retention.emails.errors import TemplateProblem
from saleor_retention.emails.messages import message_id_of, reminder_email
from saleor_retention.recipients.frequency import take_reminder_slot
from saleor_retention.recipients.models import Recipient
from saleor_retention.saleor.errors import SaleorRejected, SaleorUnavailable
from saleor_retention.stores.models import StoreSettings
from saleor_retention.stores.services import settings_for

logger = logging.getLogger(__name__)

CONVERSION_REASONS = ("converted", "converted_by_email")
# Saleor was unreachable for the code: look again this much later (the step is skipped once
# it is hours late, chains.planning.LATE_TOLERANCE).
DISCOUNT_RETRY = timedelta(minutes=5)
# The address may not be mailed by this store any more: the run ends.
UNREACHABLE_REASONS = ("unsubscribed", "suppressed")


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
    elif reason == "chain_disabled" or reason in UNREACHABLE_REASONS:
        end_run(reminder.run, ChainRun.State.STOPPED, reason, now)
    finish_if_done(reminder.run, now)
    logger.info("reminder %s skipped: %s", reminder.pk, reason)
    return "skipped"


def _fail(reminder: Reminder, reason: str, now: datetime) -> str:
    """Records a reminder that could not be sent (claimed, or handed to the backend)."""
    Reminder.objects.filter(
        pk=reminder.pk, state__in=(Reminder.State.CLAIMED, Reminder.State.SENDING),
    ).update(state=Reminder.State.FAILED, reason=reason[:255], claimed_at=None)
    finish_if_done(reminder.run, now)
    logger.warning("reminder %s failed: %s", reminder.pk, reason.split(":")[0])
    return "failed"


def _without_marketing_consent(store: StoreSettings, subject: Subject) -> bool:
    """Returns whether the store requires consent and the shopper has not given it: then
    only the first, service-style reminder goes, without a discount."""
    return store.marketing_consent_required and subject.marketing_consent is not True


def _is_first_of_run(reminder: Reminder) -> bool:
    return not Reminder.objects.filter(run_id=reminder.run_id,
                                       position__lt=reminder.position).exists()


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
    recipient, _ = Recipient.objects.get_or_create(installation=reminder.installation,
                                                   email=subject.email)
    if recipient.suppressed_at is not None:
        return _skip(reminder, "suppressed", now)
    if recipient.unsubscribed_at is not None:
        return _skip(reminder, "unsubscribed", now)
    service_only = _without_marketing_consent(store, subject)
    if service_only and not _is_first_of_run(reminder):
        return _skip(reminder, "no_marketing_consent", now)
    discount = None
    if reminder.discount_policy_id is not None and not service_only:
        try:  # held, and recorded, before the email that shows it can go
            content = subject.content()
            discount = reminder_discount(reminder, content.channel_slug, content.currency, now)
        except SaleorUnavailable:
            return _postpone(reminder, now + DISCOUNT_RETRY)
        except SaleorRejected as exc:
            return _fail(reminder, f"discount: {exc}", now)
    try:
        message = reminder_email(reminder, subject, store, recipient, discount)
    except (TemplateProblem, LookupError) as exc:
        return _fail(reminder, f"template: {exc}", now)
    if not take_reminder_slot(recipient, now, store.frequency_cap):
        return _skip(reminder, "frequency_cap", now)
    # From here on a crash leaves the row in "sending", which the sweeper marks uncertain.
    if not _release(reminder, state=Reminder.State.SENDING, sending_at=now, email=subject.email):
        return "not_claimed"
    try:
        message.send(fail_silently=False)
    except (AnymailError, smtplib.SMTPException, OSError) as exc:
        return _fail(reminder, f"{exc.__class__.__name__}: {exc}", now)
    Reminder.objects.filter(pk=reminder.pk, state=Reminder.State.SENDING).update(
        state=Reminder.State.SENT, sent_at=now, message_id=message_id_of(message)[:255])
    finish_if_done(reminder.run, now)
    logger.info("reminder %s sent (step %s of run %s)", reminder.pk, reminder.position,
                reminder.run_id)
    return "sent"
