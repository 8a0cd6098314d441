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
