from datetime import timedelta

from django.db import connection

from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.checkouts.payload import parse_checkout
from saleor_retention.checkouts.snapshots import apply_snapshot
from tests.fixtures.checkouts import T0, checkout_node


def _prepared_upserts() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s",
                       [f'INSERT INTO "{CheckoutSnapshot._meta.db_table}"%'])
        return [row[0] for row in cursor.fetchall()]


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
    assert len(_prepared_upserts()) == 1


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
