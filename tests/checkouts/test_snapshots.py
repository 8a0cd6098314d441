from datetime import timedelta

import pytest
from django.db import DataError, connection, transaction

from saleor_retention.checkouts import snapshot_statements as statements
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.checkouts.payload import parse_checkout
from saleor_retention.checkouts.snapshots import apply_snapshot
from saleor_retention.config import get_config
from tests.fixtures.checkouts import T0, checkout_node


def _prepared_statements() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, statement FROM pg_prepared_statements "
                       "WHERE name LIKE 'saleor_retention_snapshot_%%' ORDER BY name")
        return dict(cursor.fetchall())


def test_the_snapshot_upsert_is_prepared_once_per_connection_and_reused(recorded_installation):
    # given
    states = [parse_checkout(checkout_node(number, updated_at=T0 + timedelta(minutes=number)))
              for number in (1, 2, 3)]

    # when
    changed = [apply_snapshot(recorded_installation, state, T0) for state in states]
    replayed = apply_snapshot(recorded_installation, states[0], T0)

    # then
    assert (changed, replayed) == ([True, True, True], False)
    assert CheckoutSnapshot.objects.count() == 3
    assert list(_prepared_statements()) == ["saleor_retention_snapshot_upsert"]


def _hot_updates() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT n_tup_hot_upd FROM pg_stat_xact_user_tables WHERE relname = %s",
                       [CheckoutSnapshot._meta.db_table])
        return cursor.fetchone()[0]


def test_a_busy_carts_updates_keep_its_planned_check_and_rewrite_no_index(recorded_installation):
    # given: a cart, then three more changes within its first hour
    apply_snapshot(recorded_installation, parse_checkout(checkout_node(1)), T0)
    planned = CheckoutSnapshot.objects.get().next_check_at

    # when
    for minutes in (10, 20, 30):
        state = parse_checkout(checkout_node(1, updated_at=T0 + timedelta(minutes=minutes),
                                             lines=[("UHJvZHVjdDox", minutes, "20.00")]))
        apply_snapshot(recorded_installation, state, T0 + timedelta(minutes=minutes))

    # then: the detector moves the check when it looks; PostgreSQL updated the row in place
    snapshot = CheckoutSnapshot.objects.get()
    assert (planned, snapshot.next_check_at) == (T0 + timedelta(hours=1), T0 + timedelta(hours=1))
    assert (snapshot.line_count, snapshot.lines[0]["quantity"]) == (1, 30)
    assert _hot_updates() == 3


def test_a_cart_that_can_no_longer_be_reminded_has_no_planned_check(recorded_installation):
    # given
    apply_snapshot(recorded_installation, parse_checkout(checkout_node(1)), T0)

    # when: the shopper emptied the cart
    emptied = parse_checkout(checkout_node(1, updated_at=T0 + timedelta(minutes=5), lines=[]))
    apply_snapshot(recorded_installation, emptied, T0 + timedelta(minutes=5))

    # then
    assert CheckoutSnapshot.objects.get().next_check_at is None


def _setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_only_the_upsert_itself_commits_asynchronously(
        recorded_installation):
    # given: a new database session (prepared statements outlive transactions)
    connection.close()
    state = parse_checkout(checkout_node(1))

    # when
    changed = apply_snapshot(recorded_installation, state, T0)

    # then: stored, by the asynchronous variant, and the session is synchronous as before
    assert (changed, CheckoutSnapshot.objects.get().checkout_id) == (True, state.checkout_id)
    assert _prepared_statements() == {
        "saleor_retention_snapshot_upsert_async": statements.upsert_sql("postgresql", True)}
    assert _setting("synchronous_commit") == "on"


@pytest.fixture
def prepared_statements_off(monkeypatch):
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "off")
    get_config.cache_clear()
    yield
    monkeypatch.undo()
    get_config.cache_clear()


@pytest.mark.django_db(transaction=True)
def test_with_prepared_statements_off_the_upsert_works_unprepared(
        recorded_installation, prepared_statements_off):
    # given: a new database session
    connection.close()
    older, newer = (parse_checkout(checkout_node(1, updated_at=T0 + timedelta(minutes=m)))
                    for m in (1, 2))

    # when
    changed = [apply_snapshot(recorded_installation, state, T0) for state in (newer, older)]

    # then
    assert changed == [True, False]
    assert CheckoutSnapshot.objects.get().saleor_updated_at == T0 + timedelta(minutes=2)
    assert _prepared_statements() == {}


def test_a_value_its_column_refuses_raises_djangos_data_error_and_stores_nothing(
        recorded_installation):
    # given: an id longer than the column takes
    node = checkout_node(1)
    node["id"] = "Q" * 101
    state = parse_checkout(node)

    # when / then
    with pytest.raises(DataError, match="too long"):
        with transaction.atomic():
            apply_snapshot(recorded_installation, state, T0)
    assert CheckoutSnapshot.objects.count() == 0
