from datetime import timedelta

import pytest

from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.checkouts.reconciliation import reconcile_checkouts
from saleor_retention.saleor.errors import SaleorUnavailable
from saleor_retention.stores.models import StoreSettings
from saleor_retention.stores.services import settings_for
from tests.fixtures.checkouts import T0, checkout_id, checkout_node, track
from tests.fixtures.installations import make_installation


@pytest.fixture
def store(db, fake_saleor):
    return make_installation(api_url=fake_saleor.api_url, token=fake_saleor.issue_token())


def test_reconciliation_repairs_what_webhooks_missed_and_a_second_run_changes_nothing(
        store, fake_saleor):
    # given: one checkout the app never heard of, one it holds in an older state
    track(store, checkout_node(2, email="before@example.com", updated_at=T0 - timedelta(hours=2)))
    fake_saleor.checkouts = [
        checkout_node(1, updated_at=T0 - timedelta(hours=1)),
        checkout_node(2, email="after@example.com", updated_at=T0 - timedelta(minutes=30)),
    ]

    # when
    first = reconcile_checkouts(store, T0)
    second = reconcile_checkouts(store, T0 + timedelta(minutes=15))

    # then
    assert (first.seen, first.repaired, first.complete) == (2, 2, True)
    assert (second.seen, second.repaired, second.complete) == (2, 0, True)
    assert dict(CheckoutSnapshot.objects.values_list("checkout_id", "email")) == {
        checkout_id(1): "shopper@example.com", checkout_id(2): "after@example.com"}
    sent = [call["variables"] for call in fake_saleor.calls if call["fields"] == ["checkouts"]]
    assert sent == [{"since": "2026-11-09", "after": None}, {"since": "2026-11-16", "after": None}]


def test_a_run_is_bounded_and_the_next_run_resumes_where_it_stopped(store, fake_saleor):
    # given
    fake_saleor.checkouts = [checkout_node(n, updated_at=T0 - timedelta(minutes=n))
                             for n in range(250)]

    # when
    runs = [reconcile_checkouts(store, T0 + timedelta(minutes=i), max_pages=1) for i in range(3)]

    # then
    assert [(r.seen, r.complete) for r in runs] == [(100, False), (100, False), (50, True)]
    assert CheckoutSnapshot.objects.count() == 250
    settings = StoreSettings.objects.get(installation=store)
    assert (settings.reconciled_through, settings.reconcile_cursor) == (T0, "")


def test_reconciliation_stops_at_the_first_checkout_older_than_its_start(store, fake_saleor):
    # given: the pass starts an hour before the last one ended; Saleor filters by day only
    settings = settings_for(store)
    settings.reconciled_through = T0
    settings.save()
    fake_saleor.checkouts = [checkout_node(1, updated_at=T0 - timedelta(minutes=30)),
                             checkout_node(2, updated_at=T0 - timedelta(minutes=90))]

    # when
    report = reconcile_checkouts(store, T0 + timedelta(minutes=15))

    # then
    assert (report.seen, report.repaired, report.complete) == (1, 1, True)
    assert list(CheckoutSnapshot.objects.values_list("checkout_id", flat=True)) == [checkout_id(1)]


def test_saleor_unavailable_raises_and_changes_nothing(store, fake_saleor):
    # given
    fake_saleor.checkouts = [checkout_node(1)]
    fake_saleor.unavailable_for = 1

    # when / then
    with pytest.raises(SaleorUnavailable):
        reconcile_checkouts(store, T0)
    assert CheckoutSnapshot.objects.count() == 0
    assert StoreSettings.objects.get(installation=store).reconciled_through is None


def test_the_fake_saleor_refuses_a_date_time_where_saleor_wants_a_date(fake_saleor):
    # given
    from saleor_retention.saleor.client import SaleorClient
    from saleor_retention.saleor.errors import SaleorRejected
    client = SaleorClient(fake_saleor.api_url, fake_saleor.issue_token())

    # when / then
    with pytest.raises(SaleorRejected):
        client.execute("queries/recent_checkouts", {"since": T0.isoformat()})
