"""Several workers claiming at once, on PostgreSQL, as Celery workers do in production."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection

from saleor_retention.chains.models import Reminder
from saleor_retention.chains.scheduler import send_due_reminders
from saleor_retention.checkouts.abandonment import detect_abandoned_checkouts
from tests.fixtures.checkouts import T0, checkout_node, make_store, track

pytestmark = pytest.mark.django_db(transaction=True)
WORKERS = 4
SHOPPERS = 200


def in_parallel(work) -> list:
    """Runs ``work`` on WORKERS threads, each with its own database connection, released
    together; returns their results."""
    start = threading.Barrier(WORKERS)
    results, errors = [], []

    def worker() -> None:
        try:
            start.wait()
            results.append(work())
        except Exception as exc:  # noqa: BLE001  (reported by the assertion below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


def test_four_workers_send_every_due_reminder_exactly_once():
    # given: 200 shoppers whose first reminder is due
    store = make_store()
    for number in range(SHOPPERS):
        track(store, checkout_node(number, email=f"shopper{number}@example.com"))
    due = T0 + timedelta(hours=1)
    detect_abandoned_checkouts(due, limit=SHOPPERS)
    mail.outbox = []

    # when: four workers claim in small batches at the same moment
    results = in_parallel(lambda: send_due_reminders(lambda: due, batch=5))

    # then: nothing twice, nothing left
    recipients = [address for message in mail.outbox for address in message.to]
    assert len(recipients) == SHOPPERS
    assert len(set(recipients)) == SHOPPERS
    assert sum(result["sent"] for result in results) == SHOPPERS
    assert Reminder.objects.filter(position=1, state="sent").count() == SHOPPERS
    assert Reminder.objects.filter(state__in=["claimed", "sending"]).count() == 0
    assert len([result for result in results if result["sent"]]) > 1  # the load was shared


def test_four_detectors_start_each_chain_once():
    # given
    store = make_store()
    for number in range(SHOPPERS):
        track(store, checkout_node(number, email=f"shopper{number}@example.com"))

    # when
    results = in_parallel(lambda: detect_abandoned_checkouts(T0 + timedelta(hours=1), limit=20))

    # then: each worker took its own batch; together they started 80 runs, no duplicate
    assert sorted(result["started"] for result in results) == [20, 20, 20, 20]
    assert store.chain_runs.count() == 80
    assert Reminder.objects.count() == 240
