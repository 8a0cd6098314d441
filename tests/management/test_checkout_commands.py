from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from saleor_retention.chains.models import ChainStep, Reminder
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.stores.models import StoreSettings
from tests.fixtures.checkouts import checkout_node, make_store, track
from tests.fixtures.installations import make_installation


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_reconcile_shows_progress_per_page(db, fake_saleor):
    # given
    store = make_installation(api_url=fake_saleor.api_url, token=fake_saleor.issue_token())
    now = timezone.now()
    fake_saleor.checkouts = [checkout_node(n, updated_at=now - timedelta(minutes=n))
                             for n in range(150)]

    # when
    output = run("reconcile", "--since", (now - timedelta(days=1)).date().isoformat())

    # then
    assert output.splitlines() == [
        f"{store.saleor_api_url}:",
        "  page 1: 100 checkouts seen, 100 repaired",
        "  page 2: 150 checkouts seen, 150 repaired",
        "  complete: 150 seen, 150 repaired, 0 skipped as malformed",
    ]
    assert CheckoutSnapshot.objects.count() == 150


def test_reconcile_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="--since must be a date like 2026-11-01"):
        run("reconcile", "--since", "last week")


def test_replan_moves_pending_reminders_after_a_direct_chain_edit(db):
    # given: a running chain whose step 2 an operator moved in the admin
    store = make_store()
    now = timezone.now()
    track(store, checkout_node(1, updated_at=now - timedelta(hours=2)), now=now)
    from saleor_retention.checkouts.abandonment import detect_abandoned_checkouts
    detect_abandoned_checkouts(now)
    ChainStep.objects.filter(position=2).update(delay=timedelta(hours=30))

    # when
    output = run("replan")

    # then
    assert output.splitlines()[-1] == "3 reminder(s) re-planned in all."
    step_two = Reminder.objects.get(position=2)
    assert step_two.due_at == step_two.run.triggered_at + timedelta(hours=30)


def test_purge_deletes_only_snapshots_past_retention(db):
    # given
    store = make_store()
    now = timezone.now()
    track(store, checkout_node(1, updated_at=now - timedelta(days=91)), now=now - timedelta(days=91))
    track(store, checkout_node(2, updated_at=now - timedelta(days=3)), now=now - timedelta(days=3))
    StoreSettings.objects.filter(installation=store).update(snapshot_retention=timedelta(days=90))

    # when
    output = run("purge")

    # then
    assert output.splitlines()[-1] == "1 snapshot(s) deleted in all."
    assert CheckoutSnapshot.objects.count() == 1
