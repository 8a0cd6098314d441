"""``recoveredOrders`` and ``recoveredRevenue``: orders credited to reminders by the real
conversion path (by checkout, by code, by email), cancellations, periods and stores."""

from datetime import timedelta

import pytest

from saleor_retention.chains.models import Reminder
from saleor_retention.checkouts.conversion import (
    PlacedOrder,
    record_order,
    record_order_cancelled,
)
from tests.fixtures.api import graphql, permission_denied, refused_callers, staff_headers
from tests.fixtures.checkouts import T0, checkout_id, checkout_node, make_store, run_engine, track

HOUR = timedelta(hours=1)
ORDERS = """query($filter: RecoveredOrderFilterInput, $first: Int, $after: String) {
  recoveredOrders(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage }
    edges { node {
      orderId orderNumber total currency matchedBy step { position template sentAt }
      voucherCode orderedAt cancelled cancelledAt checkoutId chainId chainName
    } }
  }
}"""
REVENUE = """query($from: DateTime, $to: DateTime) {
  recoveredRevenue(from: $from, to: $to) { currency amount orders }
}"""
SERIES = """query($from: DateTime!, $to: DateTime!, $interval: RevenueInterval, $zone: String) {
  recoveredRevenueOverTime(from: $from, to: $to, interval: $interval, timeZone: $zone) {
    start currency amount orders
  }
}"""
# The same, with its arguments written in, for callers that pass no variables.
SERIES_OF_NOVEMBER = """{ recoveredRevenueOverTime(from: "2026-11-01T00:00:00+00:00",
  to: "2026-12-01T00:00:00+00:00") { start amount } }"""
NOVEMBER = {"from": "2026-11-01T00:00:00+00:00", "to": "2026-12-01T00:00:00+00:00"}


def order_for(number: int, at, total="40.00", currency="USD", email=None,
              code="") -> PlacedOrder:
    return PlacedOrder(order_id=f"T3JkZXI6{number}", number=str(100 + number),
                       checkout_id=checkout_id(number), email=email or f"s{number}@example.com",
                       voucher_code=code, total=total, currency=currency, created_at=at)


def step_3_code(store) -> str:
    return Reminder.objects.get(installation=store, position=3,
                                state="sent").discount_codes.get().code


def numbers(answer: dict) -> list[str]:
    return [edge["node"]["orderNumber"] for edge in answer["data"]["recoveredOrders"]["edges"]]


@pytest.fixture
def shop(db):
    """Five orders credited to one store's reminders:
    101: checkout 1, 40 USD at 2 h (after step 1)       102: checkout 2, 30 EUR at 3 h, cancelled
    114: the address of checkout 4 from another cart, 40 USD at 4 h (by email)
    105: checkout 5, 30 EUR at 5 h                        103: checkout 3 with step 3's code at 50 h
    and one of another store."""
    store, other = make_store(), make_store()
    for number, currency, price in ((1, "USD", "20.00"), (2, "EUR", "15.00"),
                                    (3, "USD", "20.00"), (4, "USD", "20.00"),
                                    (5, "EUR", "15.00")):
        track(store, checkout_node(number, email=f"s{number}@example.com", currency=currency,
                                   lines=[("UHJvZHVjdDox", 2, price)]))
    track(other, checkout_node(1, email="other@example.com"))
    run_engine(T0 + HOUR)
    record_order(store, order_for(1, T0 + 2 * HOUR), T0 + 2 * HOUR)
    record_order(store, order_for(2, T0 + 3 * HOUR, "30.00", "EUR"), T0 + 3 * HOUR)
    record_order_cancelled(store, order_for(2, T0).order_id, T0 + 6 * HOUR)
    record_order(store, order_for(14, T0 + 4 * HOUR, email="s4@example.com"), T0 + 4 * HOUR)
    record_order(store, order_for(5, T0 + 5 * HOUR, "30.00", "EUR"), T0 + 5 * HOUR)
    record_order(other, order_for(1, T0 + 2 * HOUR, email="other@example.com"), T0 + 2 * HOUR)
    run_engine(T0 + 24 * HOUR)
    run_engine(T0 + 48 * HOUR)
    code = step_3_code(store)
    record_order(store, order_for(3, T0 + 50 * HOUR, code=code.lower()), T0 + 50 * HOUR)
    return store


def test_recovered_orders_are_listed_newest_first_with_their_step_and_code(shop, client):
    # given
    code = step_3_code(shop)
    chain_id = str(shop.chains.get().pk)

    # when
    answer = graphql(client, ORDERS, {"first": 3}, **staff_headers(shop))

    # then
    orders = answer["data"]["recoveredOrders"]
    assert (orders["totalCount"], orders["pageInfo"]["hasNextPage"]) == (5, True)
    assert [edge["node"] for edge in orders["edges"]] == [
        {"orderId": "T3JkZXI63",
         "orderNumber": "103", "total": 40.0, "currency": "USD", "matchedBy": "CODE",
         "step": {"position": 3, "template": "last_chance",
                  "sentAt": "2026-11-18T15:00:00+00:00"},
         "voucherCode": code.lower(), "orderedAt": "2026-11-18T17:00:00+00:00",
         "cancelled": False, "cancelledAt": None, "checkoutId": checkout_id(3),
         "chainId": chain_id, "chainName": "Forgotten cart"},
        {"orderId": "T3JkZXI65", "orderNumber": "105", "total": 30.0, "currency": "EUR",
         "matchedBy": "CHECKOUT",
         "step": {"position": 1, "template": "first_reminder",
                  "sentAt": "2026-11-16T16:00:00+00:00"},
         "voucherCode": None, "orderedAt": "2026-11-16T20:00:00+00:00",
         "cancelled": False, "cancelledAt": None, "checkoutId": checkout_id(5),
         "chainId": chain_id, "chainName": "Forgotten cart"},
        {"orderId": "T3JkZXI614",
         "orderNumber": "114", "total": 40.0, "currency": "USD", "matchedBy": "EMAIL",
         "step": {"position": 1, "template": "first_reminder",
                  "sentAt": "2026-11-16T16:00:00+00:00"},
         "voucherCode": None, "orderedAt": "2026-11-16T19:00:00+00:00",
         "cancelled": False, "cancelledAt": None, "checkoutId": checkout_id(4),
         "chainId": chain_id, "chainName": "Forgotten cart"}]


def test_a_cancelled_order_stays_listed_as_cancelled(shop, client):
    # given / when
    answer = graphql(client, ORDERS, **staff_headers(shop))

    # then
    assert [(edge["node"]["orderNumber"], edge["node"]["matchedBy"], edge["node"]["cancelled"],
             edge["node"]["cancelledAt"])
            for edge in answer["data"]["recoveredOrders"]["edges"]] == [
        ("103", "CODE", False, None), ("105", "CHECKOUT", False, None),
        ("114", "EMAIL", False, None), ("102", "CHECKOUT", True, "2026-11-16T21:00:00+00:00"),
        ("101", "CHECKOUT", False, None)]


@pytest.mark.parametrize("order_filter, expected", [
    ({"from": (T0 + 3 * HOUR).isoformat()}, ["103", "105", "114", "102"]),
    ({"to": (T0 + 3 * HOUR).isoformat()}, ["101"]),
    ({"from": (T0 + 3 * HOUR).isoformat(), "to": (T0 + 50 * HOUR).isoformat()},
     ["105", "114", "102"]),
])
def test_recovered_orders_are_filtered_by_when_they_were_placed(shop, client, order_filter,
                                                                 expected):
    # given / when
    answer = graphql(client, ORDERS, {"filter": order_filter}, **staff_headers(shop))

    # then
    assert numbers(answer) == expected
    assert answer["data"]["recoveredOrders"]["totalCount"] == len(expected)


def test_recovered_orders_are_filtered_by_chain(shop, client):
    # given
    own_chain = str(shop.chains.get().pk)
    another_stores_chain = str(make_store().chains.get().pk)

    # when
    own = graphql(client, ORDERS, {"filter": {"chainId": own_chain}}, **staff_headers(shop))
    other = graphql(client, ORDERS, {"filter": {"chainId": another_stores_chain}},
                    **staff_headers(shop))

    # then
    assert numbers(own) == ["103", "105", "114", "102", "101"]
    assert numbers(other) == []


@pytest.mark.parametrize("period, expected", [
    ({}, [{"currency": "EUR", "amount": 30.0, "orders": 1},
          {"currency": "USD", "amount": 120.0, "orders": 3}]),
    ({"from": (T0 + 3 * HOUR).isoformat(), "to": (T0 + 50 * HOUR).isoformat()},
     [{"currency": "EUR", "amount": 30.0, "orders": 1},
      {"currency": "USD", "amount": 40.0, "orders": 1}]),
    ({"from": (T0 + 51 * HOUR).isoformat()}, []),
])
def test_recovered_revenue_is_totalled_per_currency_without_cancelled_orders(shop, client,
                                                                             period, expected):
    # given / when
    answer = graphql(client, REVENUE, period, **staff_headers(shop))

    # then
    assert answer == {"data": {"recoveredRevenue": expected}}


@pytest.mark.parametrize("interval, zone, expected", [
    ("DAY", "UTC", [
        {"start": "2026-11-16T00:00:00+00:00", "currency": "EUR", "amount": 30.0, "orders": 1},
        {"start": "2026-11-16T00:00:00+00:00", "currency": "USD", "amount": 80.0, "orders": 2},
        {"start": "2026-11-18T00:00:00+00:00", "currency": "USD", "amount": 40.0, "orders": 1},
    ]),
    # 17:00–20:00 UTC on the 16th is the early morning of the 17th in Tokyo.
    ("DAY", "Asia/Tokyo", [
        {"start": "2026-11-17T00:00:00+09:00", "currency": "EUR", "amount": 30.0, "orders": 1},
        {"start": "2026-11-17T00:00:00+09:00", "currency": "USD", "amount": 80.0, "orders": 2},
        {"start": "2026-11-19T00:00:00+09:00", "currency": "USD", "amount": 40.0, "orders": 1},
    ]),
    ("WEEK", "UTC", [
        {"start": "2026-11-16T00:00:00+00:00", "currency": "EUR", "amount": 30.0, "orders": 1},
        {"start": "2026-11-16T00:00:00+00:00", "currency": "USD", "amount": 120.0, "orders": 3},
    ]),
    ("MONTH", "America/Los_Angeles", [
        {"start": "2026-11-01T00:00:00-07:00", "currency": "EUR", "amount": 30.0, "orders": 1},
        {"start": "2026-11-01T00:00:00-07:00", "currency": "USD", "amount": 120.0, "orders": 3},
    ]),
])
def test_recovered_revenue_over_time_is_grouped_by_interval_in_the_viewers_zone(
        shop, client, interval, zone, expected):
    # given / when: the order cancelled on the 16th (102) is left out
    answer = graphql(client, SERIES, {**NOVEMBER, "interval": interval, "zone": zone},
                     **staff_headers(shop))

    # then
    assert answer == {"data": {"recoveredRevenueOverTime": expected}}


def test_recovered_revenue_over_time_keeps_to_the_period(shop, client):
    # given: the 17th and 18th in UTC
    period = {"from": "2026-11-17T00:00:00+00:00", "to": "2026-11-19T00:00:00+00:00"}

    # when
    answer = graphql(client, SERIES, period, **staff_headers(shop))

    # then
    assert answer == {"data": {"recoveredRevenueOverTime": [
        {"start": "2026-11-18T00:00:00+00:00", "currency": "USD", "amount": 40.0, "orders": 1}]}}


@pytest.mark.parametrize("variables, message", [
    ({**NOVEMBER, "zone": "Mars/Olympus"}, "Unknown time zone 'Mars/Olympus'"),
    ({"from": NOVEMBER["to"], "to": NOVEMBER["from"]}, "The period must end after it starts."),
    ({"from": "2025-01-01T00:00:00+00:00", "to": "2026-12-01T00:00:00+00:00"},
     "The period holds more than 400 intervals of a day"),
])
def test_recovered_revenue_over_time_refuses_what_it_cannot_chart(shop, client, variables,
                                                                  message):
    # given / when
    answer = graphql(client, SERIES, variables, **staff_headers(shop))

    # then
    assert answer["data"] is None
    assert answer["errors"][0]["message"].startswith(message)


def test_another_stores_orders_never_show(shop, client):
    # given: a store with no recovered order of its own
    empty = make_store()

    # when
    orders = graphql(client, ORDERS, **staff_headers(empty))
    revenue = graphql(client, REVENUE, **staff_headers(empty))
    series = graphql(client, SERIES, NOVEMBER, **staff_headers(empty))

    # then
    assert orders["data"]["recoveredOrders"]["totalCount"] == 0
    assert revenue == {"data": {"recoveredRevenue": []}}
    assert series == {"data": {"recoveredRevenueOverTime": []}}


@pytest.mark.parametrize("document", [ORDERS, REVENUE, SERIES_OF_NOVEMBER])
@pytest.mark.parametrize("case", ["no token", "another app", "another Saleor", "expired",
                                  "missing permission", "not a Dashboard token"])
def test_only_staff_who_may_manage_checkouts_read_recovered_orders(db, client, case, document):
    # given
    store = make_store()

    # when
    answer = graphql(client, document, **refused_callers(store, "MANAGE_CHECKOUTS")[case])

    # then
    assert permission_denied(answer)
    assert answer["data"] is None


ONE_ORDER = """query($id: ID!) { recoveredOrder(orderId: $id) {
    orderNumber matchedBy voucherCode step { position } } }"""


def test_the_order_pages_widget_finds_one_order_by_saleors_id(shop, client):
    # given
    other_stores_order = order_for(1, T0).order_id  # also the id of this store's order 101

    # when
    recovered = graphql(client, ONE_ORDER, {"id": "T3JkZXI63"}, **staff_headers(shop))
    not_recovered = graphql(client, ONE_ORDER, {"id": "T3JkZXI6OTk="}, **staff_headers(shop))
    mine = graphql(client, ONE_ORDER, {"id": other_stores_order}, **staff_headers(shop))

    # then
    assert recovered["data"]["recoveredOrder"] == {
        "orderNumber": "103", "matchedBy": "CODE", "voucherCode": step_3_code(shop).lower(),
        "step": {"position": 3}}
    assert not_recovered == {"data": {"recoveredOrder": None}}
    assert mine["data"]["recoveredOrder"]["orderNumber"] == "101"


def test_the_order_widget_query_is_for_staff_only(shop, client):
    # given / when
    answer = graphql(client, ONE_ORDER, {"id": "T3JkZXI63"},
                     **refused_callers(shop, "MANAGE_CHECKOUTS")["no token"])

    # then
    assert permission_denied(answer)
