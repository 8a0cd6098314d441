import json
from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_retention.webhooks import inbox
from saleor_retention.webhooks.errors import RetryableProcessingError
from saleor_retention.webhooks.models import WebhookEvent
from tests.fixtures.recordings import recorded_webhook


@pytest.fixture
def stored_event(recorded_installation):
    hook = recorded_webhook("0021-order_created")
    event, _ = inbox.record_event(recorded_installation, "order_created", hook.body,
                                  json.loads(hook.body))
    return event


@pytest.fixture
def failing_handler(monkeypatch):
    """Replaces the order handler by one that raises the given error; returns its calls."""
    calls = []

    def install(error: Exception):
        def handler(installation, event_type, payload):
            calls.append(event_type)
            raise error

        monkeypatch.setattr("saleor_retention.webhooks.inbox.handler_for", lambda _: handler)
        return calls

    return install


def test_an_event_is_processed_once_however_often_processing_is_asked(stored_event):
    # when
    outcomes = [inbox.process_event(stored_event.pk).state for _ in range(3)]

    # then
    assert outcomes == ["done", "skipped", "skipped"]
    stored_event.refresh_from_db()
    assert (stored_event.state, stored_event.attempts, stored_event.last_error) == ("done", 1, "")
    assert stored_event.processed_at is not None


def test_a_passing_failure_is_recorded_and_retried_with_backoff(stored_event, failing_handler):
    # given
    calls = failing_handler(RetryableProcessingError("Saleor is down"))

    # when
    first = inbox.process_event(stored_event.pk)
    WebhookEvent.objects.filter(pk=stored_event.pk).update(next_attempt_at=timezone.now())
    second = inbox.process_event(stored_event.pk)

    # then
    assert (first.state, first.retry_in) == ("retry", timedelta(seconds=10))
    assert (second.state, second.retry_in) == ("retry", timedelta(seconds=20))
    stored_event.refresh_from_db()
    assert (stored_event.state, stored_event.attempts) == ("pending", 2)
    assert stored_event.last_error == "RetryableProcessingError: Saleor is down"
    assert calls == ["order_created", "order_created"]


def test_an_event_that_keeps_failing_ends_failed_and_visible(stored_event, failing_handler):
    # given
    failing_handler(RetryableProcessingError("Saleor is down"))

    # when
    outcomes = [inbox.process_event(stored_event.pk).state for _ in range(inbox.MAX_ATTEMPTS)]

    # then
    assert outcomes == ["retry"] * (inbox.MAX_ATTEMPTS - 1) + ["failed"]
    stored_event.refresh_from_db()
    assert (stored_event.state, stored_event.attempts) == ("failed", inbox.MAX_ATTEMPTS)


def test_an_event_without_a_handler_fails_terminally(recorded_installation):
    # given: an event type the app has no handler for
    event, _ = inbox.record_event(recorded_installation, "order_updated", b"{}", {})

    # when
    outcome = inbox.process_event(event.pk)

    # then
    assert outcome.state == "failed"
    event.refresh_from_db()
    assert (event.state, event.attempts) == ("failed", 1)
    assert event.last_error == "TerminalProcessingError: No handler for event 'order_updated'."


def test_a_bug_in_a_handler_does_not_lose_the_event(stored_event, failing_handler):
    # given
    failing_handler(KeyError("lines"))

    # when
    outcome = inbox.process_event(stored_event.pk)

    # then
    assert outcome.state == "retry"
    stored_event.refresh_from_db()
    assert (stored_event.state, stored_event.last_error) == ("pending", "KeyError: 'lines'")


def test_failed_events_can_be_queued_again(recorded_installation):
    # given
    event, _ = inbox.record_event(recorded_installation, "order_updated", b"{}", {})
    inbox.process_event(event.pk)

    # when
    requeued = inbox.retry_failed_events()

    # then
    assert requeued == 1
    event.refresh_from_db()
    assert (event.state, event.attempts) == ("pending", 0)


def test_only_overdue_pending_events_count_as_stalled(recorded_installation):
    # given
    now = timezone.now()
    overdue, _ = inbox.record_event(recorded_installation, "order_created", b"1", {})
    recent, _ = inbox.record_event(recorded_installation, "order_created", b"2", {})
    done, _ = inbox.record_event(recorded_installation, "order_created", b"3", {})
    WebhookEvent.objects.filter(pk__in=[overdue.pk, done.pk]).update(
        next_attempt_at=now - timedelta(minutes=10))
    WebhookEvent.objects.filter(pk=done.pk).update(state="done")

    # when
    stalled = inbox.stalled_event_ids(now)

    # then
    assert stalled == [overdue.pk]


def test_processed_events_are_purged_after_the_retention(recorded_installation):
    # given
    now = timezone.now()
    old, _ = inbox.record_event(recorded_installation, "order_created", b"1", {})
    fresh, _ = inbox.record_event(recorded_installation, "order_created", b"2", {})
    pending, _ = inbox.record_event(recorded_installation, "order_created", b"3", {})
    WebhookEvent.objects.filter(pk=old.pk).update(state="done", processed_at=now - timedelta(days=8))
    WebhookEvent.objects.filter(pk=fresh.pk).update(state="done", processed_at=now - timedelta(days=1))
    WebhookEvent.objects.filter(pk=pending.pk).update(received_at=now - timedelta(days=30))

    # when
    purged = inbox.purge_processed_events(now)

    # then
    assert purged == 1
    assert set(WebhookEvent.objects.values_list("pk", flat=True)) == {fresh.pk, pending.pk}
