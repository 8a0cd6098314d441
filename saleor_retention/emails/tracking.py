"""What the email provider reports about a sent reminder: anymail's tracking webhooks.

anymail's views (``/anymail/<provider>/tracking/``) verify the request (basic auth, the
provider's signature) and turn each provider's payload into an ``AnymailTrackingEvent``;
``record_tracking_event`` is the service behind them, and the one Django signal receiver of
the app. An event lands on the reminder's timeline (``EmailEvent``), moves its delivery
state and first open/click, and puts an address that must never be mailed again on the
store's suppression list, which ``chains.sending`` checks before every send.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime

from anymail.signals import AnymailTrackingEvent, EventType, RejectReason, tracking
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from saleor_retention.chains.models import Reminder
from saleor_retention.emails.models import EmailEvent
from saleor_retention.recipients.models import Recipient

logger = logging.getLogger(__name__)

# How far along each event puts a message. Providers deliver webhooks out of order, so an
# event never moves a reminder to a lower rank: a late "delivered" cannot undo a bounce.
DELIVERY_RANK = {
    EventType.QUEUED: 0, EventType.SENT: 1, EventType.DEFERRED: 2, EventType.DELIVERED: 3,
    EventType.FAILED: 4, EventType.REJECTED: 4, EventType.BOUNCED: 4,
    EventType.UNSUBSCRIBED: 5, EventType.COMPLAINED: 5,
}
FIRST_TIME_FIELDS = {EventType.OPENED: "opened_at", EventType.CLICKED: "clicked_at"}
# A provider's refusal suppresses the address only when the address itself is the problem.
SUPPRESSING_REJECT_REASONS = {RejectReason.BOUNCED: "bounced", RejectReason.SPAM: "complained",
                              RejectReason.INVALID: "invalid"}
# Postmark reports a temporary failure (full mailbox, greylisting) as a "bounced" event with
# this type; the address is not the problem, so it is not suppressed.
TEMPORARY_BOUNCE_TYPES = frozenset({"SoftBounce", "Transient", "DnsError"})
# Metadata is text the provider echoes back: only up to 18 digits, which fit a bigint key.
ROW_ID_DIGITS = 18


def _row_id(value) -> int | None:
    text = str(value or "")
    return int(text) if text.isdecimal() and len(text) <= ROW_ID_DIGITS else None


def find_reminder(event: AnymailTrackingEvent) -> Reminder | None:
    """Returns the reminder the event is about: by the provider's message id, else by the
    metadata the reminder was sent with (a fast provider may report before the send has
    stored its id). Metadata counts only when its installation owns the reminder."""
    if event.message_id:
        reminder = Reminder.objects.filter(message_id=str(event.message_id)).first()
        if reminder is not None:
            return reminder
    metadata = event.metadata if isinstance(event.metadata, dict) else {}
    reminder_id = _row_id(metadata.get("reminder"))
    installation_id = _row_id(metadata.get("installation"))
    if reminder_id is None or installation_id is None:
        return None
    return Reminder.objects.filter(pk=reminder_id, installation_id=installation_id).first()


def esp_event_id(event: AnymailTrackingEvent) -> str:
    """Returns the provider's id of the event or, when it gives none (Postmark's deliveries,
    opens and clicks), a digest of the event as sent: a provider's retry is the same event."""
    if event.event_id:
        return str(event.event_id)[:255]
    raw = json.dumps(event.esp_event, sort_keys=True, default=str)
    return "sha256:" + hashlib.sha256(raw.encode()).hexdigest()


def _provider_type(event: AnymailTrackingEvent) -> str:
    payload = event.esp_event if isinstance(event.esp_event, dict) else {}
    return str(payload.get("Type") or "")


def suppression_reason(event: AnymailTrackingEvent) -> str:
    """Returns why the event makes the address unmailable ("bounced", "complained",
    "invalid"), or "" when it does not."""
    if event.event_type == EventType.BOUNCED and _provider_type(event) in TEMPORARY_BOUNCE_TYPES:
        return ""
    if event.event_type in (EventType.BOUNCED, EventType.COMPLAINED):
        return event.event_type
    if event.event_type == EventType.REJECTED:
        return SUPPRESSING_REJECT_REASONS.get(event.reject_reason, "")
    return ""


def _move_delivery(reminder: Reminder, kind: str) -> None:
    """One conditional UPDATE, so two concurrent events cannot move the state backwards."""
    reachable_from = [state for state, rank in DELIVERY_RANK.items()
                      if rank <= DELIVERY_RANK[kind]]
    Reminder.objects.filter(pk=reminder.pk, delivery__in=[*reachable_from, ""]).update(
        delivery=kind)


def _record_first(reminder: Reminder, field: str, occurred_at: datetime) -> None:
    """Keeps the earliest time, whatever order the provider's events arrive in."""
    Reminder.objects.filter(
        Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gt": occurred_at}), pk=reminder.pk,
    ).update(**{field: occurred_at})


def _mark_recipient(reminder: Reminder, field: str, at: datetime, **also) -> None:
    """Sets the recipient's ``field`` (and ``also``) unless it is already set: the first
    suppression or unsubscription, and its reason, are the ones kept."""
    recipient, _ = Recipient.objects.get_or_create(installation_id=reminder.installation_id,
                                                   email=reminder.email)
    Recipient.objects.filter(pk=recipient.pk, **{f"{field}__isnull": True}).update(
        **{field: at}, **also)


@receiver(tracking, dispatch_uid="saleor_retention.emails.tracking")
def record_tracking_event(sender, event: AnymailTrackingEvent, esp_name: str, **kwargs) -> None:
    """Applies one provider event to its reminder. An event about no reminder (other mail
    of the same provider account, an erased shopper) is logged and dropped, so the provider
    gets its 200; a replay of a recorded event changes nothing. Database errors propagate:
    anymail answers 500 and the provider retries."""
    reminder = find_reminder(event)
    if reminder is None:
        logger.info("%s %s event for no known reminder (message %s) ignored", esp_name,
                    event.event_type, event.message_id)
        return
    kind = (event.event_type if event.event_type in EmailEvent.Kind.values
            else EmailEvent.Kind.UNKNOWN)
    occurred_at = event.timestamp or timezone.now()
    with transaction.atomic():
        _, created = EmailEvent.objects.get_or_create(
            reminder=reminder, kind=kind, esp_event_id=esp_event_id(event),
            defaults={"installation_id": reminder.installation_id, "esp_name": esp_name[:32],
                      "occurred_at": occurred_at,
                      "description": (event.description or event.mta_response or "")[:255]})
        if not created:
            return
        if kind in DELIVERY_RANK:
            _move_delivery(reminder, kind)
        if kind in FIRST_TIME_FIELDS:
            _record_first(reminder, FIRST_TIME_FIELDS[kind], occurred_at)
        reason = suppression_reason(event)
        if reason and reminder.email:
            _mark_recipient(reminder, "suppressed_at", occurred_at, suppression_reason=reason)
        elif kind == EventType.UNSUBSCRIBED and reminder.email:
            _mark_recipient(reminder, "unsubscribed_at", occurred_at)
    logger.info("reminder %s: %s reported %s", reminder.pk, esp_name, kind)


def record_link_click(reminder: Reminder, at: datetime) -> None:
    """A shopper followed the reminder's own link (``/r/…``): a click on its timeline even
    when the provider tracks nothing."""
    EmailEvent.objects.create(installation_id=reminder.installation_id, reminder=reminder,
                              kind=EmailEvent.Kind.CLICKED, esp_name="recovery-link",
                              occurred_at=at)
    _record_first(reminder, FIRST_TIME_FIELDS[EventType.CLICKED], at)
