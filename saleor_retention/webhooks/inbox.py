"""The webhook inbox: durable storage of accepted events and their processing, once each.

``record_event`` runs in the web request and commits before Saleor gets its 200.
``process_event`` runs on Celery: it claims the event under a row lock, calls the family's
handler inside a savepoint, and records the outcome. A failing handler never loses the
event: it stays pending with its error and a next attempt time, and after MAX_ATTEMPTS it
is marked failed, where ``saleor-retention inbox`` shows it and can retry it."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from saleor_retention.installations.models import Installation
from saleor_retention.webhooks.errors import RetryableProcessingError, TerminalProcessingError
from saleor_retention.webhooks.models import WebhookEvent
from saleor_retention.webhooks.registry import handler_for

logger = logging.getLogger(__name__)

# About 3 hours of retries with the backoff below: longer than any Saleor or network outage
# we expect, short enough that a broken handler shows up as failed the same day.
MAX_ATTEMPTS = 10
MAX_BACKOFF_SECONDS = 3600
# A pending event this much past its due time lost its Celery message (broker restart,
# crashed worker); the sweeper sends it again.
STALL_GRACE = timedelta(minutes=2)
SWEEP_BATCH = 500
# Processed payloads hold shopper data; keep them only long enough to debug.
PROCESSED_RETENTION = timedelta(days=7)


def dedupe_key(event_type: str, body: bytes) -> str:
    """Returns the key under which a delivery counts as a duplicate of an earlier one."""
    return hashlib.sha256(event_type.encode() + b"\n" + body).hexdigest()


def record_event(
    installation: Installation, event_type: str, body: bytes, payload: dict, subject_id: str = ""
) -> tuple[WebhookEvent, bool]:
    """Returns the stored event and whether it is new; a duplicate only counts a delivery."""
    event, created = WebhookEvent.objects.get_or_create(
        installation=installation,
        dedupe_key=dedupe_key(event_type, body),
        defaults={"event_type": event_type, "payload": payload, "subject_id": subject_id[:100],
                  "next_attempt_at": timezone.now()},
    )
    if not created:
        WebhookEvent.objects.filter(pk=event.pk).update(deliveries=F("deliveries") + 1)
    return event, created


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(10 * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS))


@dataclass(frozen=True)
class ProcessOutcome:
    state: str  # "done", "retry", "failed" or "skipped" (not pending, or claimed elsewhere)
    retry_in: timedelta | None = None


def _record_failure(event: WebhookEvent, error: BaseException, terminal: bool) -> ProcessOutcome:
    event.attempts += 1
    event.last_error = f"{error.__class__.__name__}: {error}"[:4000]
    if terminal or event.attempts >= MAX_ATTEMPTS:
        event.state = WebhookEvent.State.FAILED
        event.save(update_fields=["attempts", "last_error", "state"])
        logger.error("webhook event %s failed for good: %s", event.pk, event.last_error)
        return ProcessOutcome("failed")
    delay = backoff(event.attempts)
    event.next_attempt_at = timezone.now() + delay
    event.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    logger.warning("webhook event %s will be retried in %s: %s", event.pk, delay, event.last_error)
    return ProcessOutcome("retry", delay)


def process_event(event_id: int) -> ProcessOutcome:
    """Processes one pending event at most once; returns what happened.

    Safe to call any number of times and from any number of workers at once: the row lock
    and the state check make a second run a no-op."""
    with transaction.atomic():
        event = (
            WebhookEvent.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("installation")
            .filter(pk=event_id, state=WebhookEvent.State.PENDING)
            .first()
        )
        if event is None:
            return ProcessOutcome("skipped")
        try:
            handler = handler_for(event.event_type)
            with transaction.atomic():
                handler(event.installation, event.event_type, event.payload)
        except RetryableProcessingError as exc:
            return _record_failure(event, exc, terminal=False)
        except TerminalProcessingError as exc:
            return _record_failure(event, exc, terminal=True)
        except Exception as exc:  # noqa: BLE001
            # A bug in a handler must not lose the event either: it is recorded and retried
            # with backoff, so a fixed release processes it. The traceback goes to the log.
            logger.exception("webhook event %s: handler raised", event_id)
            return _record_failure(event, exc, terminal=False)
        event.state = WebhookEvent.State.DONE
        event.attempts += 1
        event.processed_at = timezone.now()
        event.last_error = ""
        event.save(update_fields=["state", "attempts", "processed_at", "last_error"])
        return ProcessOutcome("done")


def stalled_event_ids(now=None) -> list[int]:
    """Returns pending events whose processing is overdue (their Celery message was lost)."""
    now = now or timezone.now()
    return list(
        WebhookEvent.objects.filter(
            state=WebhookEvent.State.PENDING, next_attempt_at__lt=now - STALL_GRACE
        ).order_by("next_attempt_at").values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def retry_failed_events(installation: Installation | None = None) -> int:
    """Puts failed events back to pending with a fresh attempt budget; returns how many."""
    failed = WebhookEvent.objects.filter(state=WebhookEvent.State.FAILED)
    if installation is not None:
        failed = failed.filter(installation=installation)
    return failed.update(state=WebhookEvent.State.PENDING, attempts=0,
                         next_attempt_at=timezone.now())


def purge_processed_events(now=None) -> int:
    """Deletes processed events older than PROCESSED_RETENTION; returns how many."""
    cutoff = (now or timezone.now()) - PROCESSED_RETENTION
    deleted, _ = WebhookEvent.objects.filter(
        state=WebhookEvent.State.DONE, processed_at__lt=cutoff
    ).delete()
    return deleted
