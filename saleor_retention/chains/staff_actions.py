"""What staff may do by hand about one checkout's chain or one address, from the Dashboard
or a script: send the next reminder now, stop the reminders, put an address on or off the
store's suppression list.

None of these sends anything itself. "Now" only moves a row's due time, and the scheduler
sends it on its next pass with every usual check (bought? unsubscribed? quiet hours? the
frequency cap?), so a staff action can never cause a send the engine would refuse."""

from __future__ import annotations

from datetime import datetime

from saleor_retention.chains.models import ChainRun, Reminder
from saleor_retention.chains.planning import end_run
from saleor_retention.installations.models import Installation
from saleor_retention.recipients.models import Recipient

STOPPED_BY_STAFF = "stopped_by_staff"
STAFF_SUPPRESSION = "staff"
# Staff may lift their own suppression and a bounce (a mailbox that was full or briefly
# gone). A complaint or an invalid address is not theirs to overrule, and an unsubscribe is
# the shopper's own choice: lifting a suppression never touches it.
LIFTABLE_SUPPRESSIONS = frozenset({STAFF_SUPPRESSION, "bounced"})


class SuppressionNotLiftable(Exception):
    """The address is suppressed for a reason staff may not lift (``reason``)."""

    def __init__(self, reason: str):
        super().__init__(f"The address is suppressed because of '{reason}', which staff "
                         f"cannot lift.")
        self.reason = reason


def _running_run(installation: Installation, checkout_id: str) -> ChainRun | None:
    """Returns the checkout's running run, locked until the transaction ends (a stop and a
    send-now of the same checkout happen one after the other), or None."""
    return (ChainRun.objects.select_for_update()
            .filter(installation=installation, subject_kind=ChainRun.SubjectKind.CHECKOUT,
                    subject_id=checkout_id, state=ChainRun.State.RUNNING).first())


def send_next_reminder_now(installation: Installation, checkout_id: str,
                           now: datetime) -> Reminder | None:
    """Makes the next planned reminder of the checkout's running chain due ``now``; returns
    it, or None when the checkout has no running chain or nothing planned (a reminder
    already claimed by the scheduler is on its way and is left alone). Call in a
    transaction."""
    run = _running_run(installation, checkout_id)
    if run is None:
        return None
    reminder = (Reminder.objects.filter(run=run, state=Reminder.State.PLANNED)
                .order_by("due_at", "position").first())
    if reminder is None:
        return None
    moved = Reminder.objects.filter(pk=reminder.pk, state=Reminder.State.PLANNED).update(
        due_at=now)
    if not moved:
        return None
    reminder.due_at = now
    return reminder


def stop_reminders(installation: Installation, checkout_id: str,
                   now: datetime) -> int | None:
    """Ends the checkout's running chain as stopped by staff and skips its planned
    reminders; returns how many were skipped, or None when no chain is running. Call in a
    transaction."""
    run = _running_run(installation, checkout_id)
    if run is None:
        return None
    return end_run(run, ChainRun.State.STOPPED, STOPPED_BY_STAFF, now)


def suppress_address(installation: Installation, email: str, now: datetime) -> Recipient:
    """Puts ``email`` on the store's suppression list (reason "staff"), so that no reminder
    goes to it (``chains.sending`` ends its runs at their next step); returns the
    recipient. An address already suppressed keeps its first reason and time."""
    recipient, _ = Recipient.objects.get_or_create(installation=installation, email=email)
    Recipient.objects.filter(pk=recipient.pk, suppressed_at__isnull=True).update(
        suppressed_at=now, suppression_reason=STAFF_SUPPRESSION)
    recipient.refresh_from_db()
    return recipient


def lift_suppression(installation: Installation, email: str) -> Recipient | None:
    """Takes ``email`` off the store's suppression list; returns the recipient, or None when
    the store has never known the address. An unsubscribe stays. Raises
    SuppressionNotLiftable for a complaint or an invalid address."""
    recipient = (Recipient.objects.select_for_update()
                 .filter(installation=installation, email=email).first())
    if recipient is None or recipient.suppressed_at is None:
        return recipient
    if recipient.suppression_reason not in LIFTABLE_SUPPRESSIONS:
        raise SuppressionNotLiftable(recipient.suppression_reason)
    Recipient.objects.filter(pk=recipient.pk).update(suppressed_at=None, suppression_reason="")
    recipient.refresh_from_db()
    return recipient
