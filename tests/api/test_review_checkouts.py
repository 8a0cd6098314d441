"""``abandonedCheckouts``: the store's carts by state, value and recency, with timelines,
driven through the real engine (abandonment, scheduler, tracking, conversion)."""

from datetime import timedelta

import pytest
from anymail.signals import AnymailTrackingEvent
from django.db import connection
from django.test.utils import CaptureQueriesContext

from saleor_retention.chains.models import Reminder
from saleor_retention.chains.staff_actions import stop_reminders
from saleor_retention.checkouts.conversion import PlacedOrder, record_order
from saleor_retention.emails.tracking import record_tracking_event
from saleor_retention.installations.lookup import forget_installations
from tests.fixtures.api import graphql, permission_denied, refused_callers, staff_headers
from tests.fixtures.checkouts import T0, checkout_id, checkout_node, make_store, run_engine, track

HOUR = timedelta(hours=1)
MINUTE = timedelta(minutes=1)
IDS = """query($filter: AbandonedCheckoutFilterInput, $sortBy: AbandonedCheckoutSortingInput,
               $first: Int, $after: String) {
  abandonedCheckouts(filter: $filter, sortBy: $sortBy, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
    edges { node { id } }
  }
}"""
DETAILS = """{ abandonedCheckouts(first: 1) { edges { node {
  id email customerName channel currency total lineCount updatedAt state chainId chainName
  nextReminderAt
  lines { productId productName variantId variantName sku quantity unitPrice total thumbnailUrl }
} } } }"""
TIMELINES = """{ abandonedCheckouts(first: 20) { totalCount edges { node {
  id state timeline { at kind step detail }
} } } }"""


def order_for(number: int, at, total="40.00", email=None, currency="USD") -> PlacedOrder:
    return PlacedOrder(order_id=f"T3JkZXI6{number}", number=str(100 + number),
                       checkout_id=checkout_id(number), email=email or f"s{number}@example.com",
                       voucher_code="", total=total, currency=currency, created_at=at)


def tracked(reminder: Reminder, kind: str, at, event_id: str) -> None:
    """The email provider reports ``kind`` about a sent reminder (anymail's tracking)."""
    record_tracking_event(None, event=AnymailTrackingEvent(
        event_type=kind, timestamp=at, message_id=reminder.message_id, event_id=event_id,
        esp_event={}), esp_name="Postmark")


def ids(answer: dict) -> list[str]:
    return [edge["node"]["id"] for edge in answer["data"]["abandonedCheckouts"]["edges"]]


def numbers(*values: int) -> list[str]:
    return [checkout_id(number) for number in values]


@pytest.fixture
def shop(db):
    """Seven carts of one store, one in each state, walked through two days:
    2: 150 USD, recovered (ordered after step 1)   3: 10 USD, converted before any reminder
    4: 60 USD, stopped by staff after step 1        6: 25 USD, finished (three steps, no order)
    1: 80 USD, in chain (left at 47 h)              7: 200 EUR on eu-channel, in chain
    5: 35 USD, waiting (left 30 minutes before the last look)
    plus another store's cart, a cart without an address and one without lines."""
    store, other = make_store(), make_store()

    def cart(number, price, updated_at, quantity=1, **node):
        track(store, checkout_node(number, email=f"s{number}@example.com", updated_at=updated_at,
                                   lines=[("UHJvZHVjdDox", quantity, price)], **node))

    cart(2, "50.00", T0 - 10 * MINUTE, quantity=3)
    cart(3, "10.00", T0 - 20 * MINUTE)
    cart(4, "60.00", T0 - 30 * MINUTE)
    cart(6, "25.00", T0 - 40 * MINUTE, first_name="Ada", customer_id="VXNlcjo2")
    track(store, checkout_node(8, email=""))
    track(store, checkout_node(9, email="empty@example.com", lines=[]))
    track(other, checkout_node(2, email="other@example.com", updated_at=T0 - HOUR,
                               first_name="Eve", customer_id="VXNlcjoz"))
    run_engine(T0)
    record_order(store, order_for(3, T0 + 30 * MINUTE, total="10.00"), T0 + 30 * MINUTE)
    run_engine(T0 + HOUR)
    record_order(store, order_for(2, T0 + 2 * HOUR, total="150.00"), T0 + 2 * HOUR)
    stop_reminders(store, checkout_id(4), T0 + 3 * HOUR)
    run_engine(T0 + 24 * HOUR)
    cart(1, "80.00", T0 + 47 * HOUR)
    cart(7, "200.00", T0 + 47 * HOUR + 10 * MINUTE, currency="EUR", channel="eu-channel")
    run_engine(T0 + 48 * HOUR)
    cart(5, "35.00", T0 + 48 * HOUR + 30 * MINUTE)
    run_engine(T0 + 49 * HOUR)
    return store


@pytest.mark.parametrize("sort_by, expected", [
    (None, [5, 7, 1, 2, 3, 4, 6]),
    ({"field": "RECENCY", "direction": "DESC"}, [5, 7, 1, 2, 3, 4, 6]),
    ({"field": "RECENCY", "direction": "ASC"}, [6, 4, 3, 2, 1, 7, 5]),
    ({"field": "VALUE", "direction": "DESC"}, [7, 2, 1, 4, 5, 6, 3]),
    ({"field": "VALUE", "direction": "ASC"}, [3, 6, 5, 4, 1, 2, 7]),
])
def test_checkouts_are_sorted_by_value_or_recency(shop, client, sort_by, expected):
    # given / when
    answer = graphql(client, IDS, {"sortBy": sort_by}, **staff_headers(shop))

    # then: another store's cart, one without an address and one without lines never show
    assert ids(answer) == numbers(*expected)
    assert answer["data"]["abandonedCheckouts"]["totalCount"] == 7


@pytest.mark.parametrize("checkout_filter, expected", [
    ({"state": "WAITING"}, [5]),
    ({"state": "IN_CHAIN"}, [7, 1]),
    ({"state": "CONVERTED"}, [3]),
    ({"state": "RECOVERED"}, [2]),
    ({"state": "STOPPED"}, [4]),
    ({"state": "FINISHED"}, [6]),
    ({"channel": "eu-channel"}, [7]),
    ({"currency": "eur"}, [7]),
    ({"minTotal": 60, "maxTotal": 150}, [1, 2, 4]),
    ({"minTotal": 150.5}, [7]),
    ({"updatedFrom": (T0 + 47 * HOUR).isoformat()}, [5, 7, 1]),
    ({"updatedTo": (T0 - 20 * MINUTE).isoformat()}, [4, 6]),
    ({"state": "IN_CHAIN", "currency": "USD"}, [1]),
    ({"email": " S4@Example.com "}, [4]),  # the customer page's action
    ({"email": "other@example.com"}, []),  # another store's shopper
    ({"customerId": "VXNlcjo2"}, [6]),  # the customer page's action, by Saleor's id
    ({"customerId": "VXNlcjoz"}, []),
])
def test_checkouts_are_filtered(shop, client, checkout_filter, expected):
    # given / when
    answer = graphql(client, IDS, {"filter": checkout_filter}, **staff_headers(shop))

    # then
    assert ids(answer) == numbers(*expected)
    assert answer["data"]["abandonedCheckouts"]["totalCount"] == len(expected)


def test_a_customers_checkouts_include_guest_carts_with_their_address(db, client):
    # given: Ada signed in for cart 1 and left cart 2 as a guest with the same address;
    # cart 3 is a stranger's, cart 4 another customer's; another store has Ada's id too
    store, other = make_store(), make_store()
    ada = {"first_name": "Ada", "customer_id": "VXNlcjo3"}
    for number, email, customer in ((1, "ada@example.com", ada), (2, "ada@example.com", {}),
                                    (3, "eve@example.com", {}),
                                    (4, "bob@example.com", {"first_name": "Bob",
                                                            "customer_id": "VXNlcjo4"})):
        track(store, checkout_node(number, email=email, updated_at=T0 - number * MINUTE,
                                   **customer))
    track(other, checkout_node(5, email="ada@example.com", **ada))

    # when
    answer = graphql(client, IDS, {"filter": {"customerId": "VXNlcjo3"}},
                     **staff_headers(store))

    # then
    assert ids(answer) == numbers(1, 2)


def test_checkouts_are_filtered_by_the_chain_they_ran(shop, client):
    # given
    chain_id = str(shop.chains.get().pk)
    another_stores_chain = str(make_store().chains.get().pk)

    # when
    own = graphql(client, IDS, {"filter": {"chainId": chain_id}}, **staff_headers(shop))
    other = graphql(client, IDS, {"filter": {"chainId": another_stores_chain}},
                    **staff_headers(shop))

    # then
    assert ids(own) == numbers(7, 1, 2, 4, 6)
    assert ids(other) == []


def test_a_checkout_shows_its_cart_and_chain(db, client):
    # given
    store = make_store()
    track(store, checkout_node(1, first_name="Ada", lines=[("UHJvZHVjdDox", 2, "20.00"),
                                                           ("UHJvZHVjdDoy", 1, "5.50")]))
    run_engine(T0 + HOUR)

    # when
    answer = graphql(client, DETAILS, **staff_headers(store))

    # then
    assert answer == {"data": {"abandonedCheckouts": {"edges": [{"node": {
        "id": checkout_id(1), "email": "shopper@example.com", "customerName": "Ada",
        "channel": "default-channel", "currency": "USD", "total": 45.5, "lineCount": 2,
        "updatedAt": "2026-11-16T15:00:00+00:00", "state": "IN_CHAIN",
        "chainId": str(store.chains.get().pk), "chainName": "Forgotten cart",
        "nextReminderAt": "2026-11-17T15:00:00+00:00",
        "lines": [
            {"productId": "UHJvZHVjdDox", "productName": "Product UHJvZHVjdDox",
             "variantId": "variant-UHJvZHVjdDox", "variantName": "M", "sku": "sku",
             "quantity": 2, "unitPrice": 20.0, "total": 40.0,
             "thumbnailUrl": "https://cdn.example.com/UHJvZHVjdDox.png"},
            {"productId": "UHJvZHVjdDoy", "productName": "Product UHJvZHVjdDoy",
             "variantId": "variant-UHJvZHVjdDoy", "variantName": "M", "sku": "sku",
             "quantity": 1, "unitPrice": 5.5, "total": 5.5,
             "thumbnailUrl": "https://cdn.example.com/UHJvZHVjdDoy.png"}]}}]}}}


def test_the_timeline_of_a_checkout_reminded_twice_that_was_opened_clicked_and_bought(
        db, client):
    # given: step 1 at 1 h, step 2 at 24 h, opened and clicked at 25 h, an order at 26 h
    store = make_store()
    track(store, checkout_node(1, email="s1@example.com"))
    run_engine(T0 + HOUR)
    run_engine(T0 + 24 * HOUR)
    second = Reminder.objects.get(position=2)
    tracked(second, "delivered", T0 + 24 * HOUR + MINUTE, "event-1")
    tracked(second, "opened", T0 + 25 * HOUR, "event-2")
    tracked(second, "clicked", T0 + 25 * HOUR + 5 * MINUTE, "event-3")
    record_order(store, order_for(1, T0 + 26 * HOUR), T0 + 26 * HOUR)

    # when
    answer = graphql(client, TIMELINES, **staff_headers(store))

    # then
    node = answer["data"]["abandonedCheckouts"]["edges"][0]["node"]
    assert node["state"] == "RECOVERED"
    assert [(entry["kind"], entry["step"]) for entry in node["timeline"]] == [
        ("CART_CREATED", None), ("CART_UPDATED", None), ("CHAIN_STARTED", None),
        ("REMINDER_SENT", 1), ("REMINDER_SENT", 2), ("EMAIL_DELIVERED", 2),
        ("EMAIL_OPENED", 2), ("EMAIL_CLICKED", 2), ("ORDER_PLACED", 2),
        ("REMINDER_SKIPPED", 3), ("CHAIN_ENDED", None)]
    assert node["timeline"] == [
        {"at": "2026-11-16T14:55:00+00:00", "kind": "CART_CREATED", "step": None,
         "detail": None},
        {"at": "2026-11-16T15:00:00+00:00", "kind": "CART_UPDATED", "step": None,
         "detail": "1 line, 40.00 USD"},
        {"at": "2026-11-16T16:00:00+00:00", "kind": "CHAIN_STARTED", "step": None,
         "detail": "Forgotten cart"},
        {"at": "2026-11-16T16:00:00+00:00", "kind": "REMINDER_SENT", "step": 1,
         "detail": "first_reminder"},
        {"at": "2026-11-17T15:00:00+00:00", "kind": "REMINDER_SENT", "step": 2,
         "detail": "follow_up"},
        {"at": "2026-11-17T15:01:00+00:00", "kind": "EMAIL_DELIVERED", "step": 2,
         "detail": "Postmark"},
        {"at": "2026-11-17T16:00:00+00:00", "kind": "EMAIL_OPENED", "step": 2,
         "detail": "Postmark"},
        {"at": "2026-11-17T16:05:00+00:00", "kind": "EMAIL_CLICKED", "step": 2,
         "detail": "Postmark"},
        {"at": "2026-11-17T17:00:00+00:00", "kind": "ORDER_PLACED", "step": 2,
         "detail": "order 101, 40.00 USD"},
        {"at": "2026-11-17T17:00:00+00:00", "kind": "REMINDER_SKIPPED", "step": 3,
         "detail": "order_placed"},
        {"at": "2026-11-17T17:00:00+00:00", "kind": "CHAIN_ENDED", "step": None,
         "detail": "converted: order_placed"}]


def test_the_timeline_shows_the_code_a_reminder_held_and_the_order_that_used_it(db, client):
    # given: the default step 3 holds a code, and the order uses it
    store = make_store()
    track(store, checkout_node(1, email="s1@example.com"))
    for hours in (1, 24, 48):
        run_engine(T0 + hours * HOUR)
    code = Reminder.objects.get(position=3).discount_codes.get().code
    order = order_for(1, T0 + 50 * HOUR)
    record_order(store, PlacedOrder(**{**order.__dict__, "voucher_code": code}), T0 + 50 * HOUR)

    # when
    answer = graphql(client, TIMELINES, **staff_headers(store))

    # then
    timeline = answer["data"]["abandonedCheckouts"]["edges"][0]["node"]["timeline"]
    assert [(entry["kind"], entry["step"], entry["detail"]) for entry in timeline[2:]] == [
        ("CHAIN_STARTED", None, "Forgotten cart"), ("REMINDER_SENT", 1, "first_reminder"),
        ("REMINDER_SENT", 2, "follow_up"), ("CODE_ISSUED", 3, code),
        ("REMINDER_SENT", 3, "last_chance"), ("CHAIN_ENDED", None, "finished: all_steps_done"),
        ("CODE_USED", 3, code), ("ORDER_PLACED", 3, "order 101, 40.00 USD")]


def test_pages_follow_one_another_with_the_total_count(db, client):
    # given
    store = make_store()
    for number in range(1, 6):
        track(store, checkout_node(number, updated_at=T0 + number * MINUTE))
    headers = staff_headers(store)

    # when
    pages, after = [], None
    for _ in range(3):
        answer = graphql(client, IDS, {"first": 2, "after": after}, **headers)
        connection_ = answer["data"]["abandonedCheckouts"]
        pages.append((ids(answer), connection_["totalCount"],
                      connection_["pageInfo"]["hasNextPage"],
                      connection_["pageInfo"]["hasPreviousPage"]))
        after = connection_["pageInfo"]["endCursor"]

    # then
    assert pages == [(numbers(5, 4), 5, True, False), (numbers(3, 2), 5, True, True),
                     (numbers(1), 5, False, True)]


def reminded_carts(store, count: int) -> None:
    """``count`` carts, each with a run, a sent reminder and a delivery report."""
    for number in range(1, count + 1):
        track(store, checkout_node(number, email=f"s{number}@example.com"))
    run_engine(T0 + HOUR)
    for reminder in Reminder.objects.filter(installation=store, state="sent"):
        tracked(reminder, "delivered", T0 + HOUR + MINUTE, f"delivered-{reminder.pk}")


def queries_for_a_page(client, store) -> tuple[int, int]:
    forget_installations()  # each call looks its store up, as a first call in a process
    with CaptureQueriesContext(connection) as queries:
        answer = graphql(client, TIMELINES, **staff_headers(store))
    entries = sum(len(edge["node"]["timeline"])
                  for edge in answer["data"]["abandonedCheckouts"]["edges"])
    return len(queries), entries


def test_a_page_with_timelines_costs_the_same_queries_for_2_or_20_checkouts(db, client):
    # given
    small, large = make_store(), make_store()
    reminded_carts(small, 2)
    reminded_carts(large, 20)

    # when
    small_queries, small_entries = queries_for_a_page(client, small)
    large_queries, large_entries = queries_for_a_page(client, large)

    # then: the store, the page, its count, runs, reminders, email events, codes, orders
    assert (small_entries, large_entries) == (2 * 7, 20 * 7)
    assert small_queries == large_queries == 8


def test_a_count_alone_reads_no_page_and_a_page_alone_counts_nothing(db, client):
    # given
    store = make_store()
    reminded_carts(store, 3)
    only_count = "{ abandonedCheckouts(first: 0) { totalCount edges { node { id } } } }"
    only_page = "{ abandonedCheckouts(first: 20) { edges { node { id } } } }"
    graphql(client, only_page, **staff_headers(store))  # the store is looked up and cached

    # when
    with CaptureQueriesContext(connection) as counting:
        counted = graphql(client, only_count, **staff_headers(store))
    with CaptureQueriesContext(connection) as paging:
        paged = graphql(client, only_page, **staff_headers(store))

    # then: the Overview's "any checkout at all?" is one COUNT, a page without
    # totalCount is one SELECT
    assert counted["data"]["abandonedCheckouts"] == {"totalCount": 3, "edges": []}
    assert [query["sql"].startswith("SELECT COUNT(*)") for query in counting] == [True]
    assert len(paged["data"]["abandonedCheckouts"]["edges"]) == 3
    assert not any("COUNT(*)" in query["sql"] for query in paging)


@pytest.mark.parametrize("case", ["no token", "another app", "another Saleor", "expired",
                                  "missing permission", "not a Dashboard token"])
def test_only_staff_who_may_manage_checkouts_list_them(db, client, case):
    # given
    store = make_store()
    track(store, checkout_node(1))

    # when
    answer = graphql(client, IDS, **refused_callers(store, "MANAGE_CHECKOUTS")[case])

    # then
    assert permission_denied(answer)
    assert answer["data"] is None
