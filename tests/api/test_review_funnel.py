"""A chain's funnel for a period: ``chains.funnel.retention_funnel`` on its own, and
``retentionFunnel`` through the API, on a small scenario walked through the real engine."""

from datetime import timedelta
from decimal import Decimal

import pytest
from anymail.signals import AnymailTrackingEvent

from saleor_retention.chains.funnel import ChainFunnel, Revenue, StepFunnel, retention_funnel
from saleor_retention.chains.models import Reminder
from saleor_retention.checkouts.conversion import (
    PlacedOrder,
    record_order,
    record_order_cancelled,
)
from saleor_retention.emails.tracking import record_tracking_event
from tests.fixtures.api import graphql, permission_denied, refused_callers, staff_headers
from tests.fixtures.checkouts import T0, checkout_id, checkout_node, make_store, run_engine, track

HOUR = timedelta(hours=1)
FUNNEL = """query($from: DateTime, $to: DateTime, $chainId: ID) {
  retentionFunnel(from: $from, to: $to, chainId: $chainId) {
    chainId chainName eligible sent opened clicked ordered
    revenue { currency amount orders }
    steps { position template eligible sent opened clicked ordered
            revenue { currency amount orders } }
  }
}"""
PERIOD = {"from": (T0 - HOUR).isoformat(), "to": (T0 + HOUR).isoformat()}


def order_for(number: int, at, total="40.00", currency="USD") -> PlacedOrder:
    return PlacedOrder(order_id=f"T3JkZXI6{number}", number=str(100 + number),
                       checkout_id=checkout_id(number), email=f"s{number}@example.com",
                       voucher_code="", total=total, currency=currency, created_at=at)


def reported(store, number: int, position: int, kind: str) -> None:
    """The provider reports ``kind`` (opened, clicked) for a checkout's step."""
    reminder = Reminder.objects.get(installation=store, run__subject_id=checkout_id(number),
                                    position=position)
    record_tracking_event(None, event=AnymailTrackingEvent(
        event_type=kind, timestamp=reminder.sent_at + HOUR, message_id=reminder.message_id,
        event_id=f"{kind}-{reminder.pk}", esp_event={}), esp_name="Postmark")


@pytest.fixture
def shop(db):
    """Four carts left at T0 (the period) and one at T0 + 2 h (after it):
    1: 40 USD, step 1 opened and clicked, ordered at 2 h
    2: 30 EUR, step 2 opened, ordered at 25 h
    3: 40 USD, step 1 opened, all three steps sent, no order
    4: 40 USD, ordered at 3 h after step 1, cancelled
    5: 40 USD, left at 2 h, ordered after step 1 (outside the period)
    and another store whose cart got step 1."""
    store, other = make_store(), make_store()
    for number in (1, 3, 4):
        track(store, checkout_node(number, email=f"s{number}@example.com"))
    track(store, checkout_node(2, email="s2@example.com", currency="EUR",
                               lines=[("UHJvZHVjdDox", 2, "15.00")]))
    track(other, checkout_node(1, email="other@example.com"))
    run_engine(T0 + HOUR)
    reported(store, 1, 1, "opened")
    reported(store, 1, 1, "clicked")
    reported(store, 3, 1, "opened")
    record_order(store, order_for(1, T0 + 2 * HOUR), T0 + 2 * HOUR)
    record_order(store, order_for(4, T0 + 3 * HOUR), T0 + 3 * HOUR)
    record_order_cancelled(store, order_for(4, T0).order_id, T0 + 5 * HOUR)
    track(store, checkout_node(5, email="s5@example.com", updated_at=T0 + 2 * HOUR))
    run_engine(T0 + 3 * HOUR)
    record_order(store, order_for(5, T0 + 4 * HOUR), T0 + 4 * HOUR)
    run_engine(T0 + 24 * HOUR)
    reported(store, 2, 2, "opened")
    record_order(store, order_for(2, T0 + 25 * HOUR, "30.00", "EUR"), T0 + 25 * HOUR)
    run_engine(T0 + 48 * HOUR)
    return store


def test_the_funnel_counts_each_step_of_the_runs_triggered_in_the_period(shop):
    # given
    chain = shop.chains.get()

    # when
    funnels = retention_funnel(shop, T0 - HOUR, T0 + HOUR)

    # then: the cancelled order is neither ordered nor revenue
    assert funnels == [ChainFunnel(
        chain_id=chain.pk, chain_name="Forgotten cart", eligible=4, sent=7, opened=3,
        clicked=1, ordered=2,
        revenue=[Revenue("EUR", Decimal("30"), 1), Revenue("USD", Decimal("40"), 1)],
        steps=[
            StepFunnel(position=1, template="first_reminder", eligible=4, sent=4, opened=2,
                       clicked=1, ordered=1, revenue=[Revenue("USD", Decimal("40"), 1)]),
            StepFunnel(position=2, template="follow_up", eligible=2, sent=2, opened=1,
                       clicked=0, ordered=1, revenue=[Revenue("EUR", Decimal("30"), 1)]),
            StepFunnel(position=3, template="last_chance", eligible=1, sent=1, opened=0,
                       clicked=0, ordered=0, revenue=[]),
        ])]


def test_the_funnel_of_a_period_without_runs_lists_the_chain_with_zeros(shop):
    # given
    chain = shop.chains.get()

    # when
    funnels = retention_funnel(shop, T0 + 30 * HOUR, T0 + 40 * HOUR)

    # then
    assert funnels == [ChainFunnel(chain_id=chain.pk, chain_name="Forgotten cart", steps=[
        StepFunnel(position=1, template="first_reminder"),
        StepFunnel(position=2, template="follow_up"),
        StepFunnel(position=3, template="last_chance")])]


def test_the_funnel_without_a_period_takes_every_run(shop):
    # given / when
    funnel, = retention_funnel(shop)

    # then: cart 5 adds a run, a sent step 1 and an order
    assert (funnel.eligible, funnel.sent, funnel.ordered, funnel.revenue) == (
        5, 8, 3, [Revenue("EUR", Decimal("30"), 1), Revenue("USD", Decimal("80"), 2)])
    assert [(step.position, step.eligible, step.sent, step.ordered) for step in funnel.steps] == [
        (1, 5, 5, 2), (2, 2, 2, 1), (3, 1, 1, 0)]


def test_the_funnel_keeps_the_runs_of_a_deleted_chain_under_their_name(shop):
    # given
    shop.chains.get().delete()

    # when
    funnels = retention_funnel(shop, T0 - HOUR, T0 + HOUR)

    # then
    assert [(funnel.chain_id, funnel.chain_name, funnel.eligible, funnel.sent, funnel.ordered)
            for funnel in funnels] == [(None, "Forgotten cart", 4, 7, 2)]


def test_the_api_answers_the_funnel_of_a_chain(shop, client):
    # given
    chain_id = str(shop.chains.get().pk)

    # when
    answer = graphql(client, FUNNEL, {**PERIOD, "chainId": chain_id}, **staff_headers(shop))

    # then
    assert answer == {"data": {"retentionFunnel": [{
        "chainId": chain_id, "chainName": "Forgotten cart", "eligible": 4, "sent": 7,
        "opened": 3, "clicked": 1, "ordered": 2,
        "revenue": [{"currency": "EUR", "amount": 30.0, "orders": 1},
                    {"currency": "USD", "amount": 40.0, "orders": 1}],
        "steps": [
            {"position": 1, "template": "first_reminder", "eligible": 4, "sent": 4,
             "opened": 2, "clicked": 1, "ordered": 1,
             "revenue": [{"currency": "USD", "amount": 40.0, "orders": 1}]},
            {"position": 2, "template": "follow_up", "eligible": 2, "sent": 2, "opened": 1,
             "clicked": 0, "ordered": 1,
             "revenue": [{"currency": "EUR", "amount": 30.0, "orders": 1}]},
            {"position": 3, "template": "last_chance", "eligible": 1, "sent": 1, "opened": 0,
             "clicked": 0, "ordered": 0, "revenue": []}]}]}}


def test_another_stores_funnel_and_chains_never_show(shop, client):
    # given
    other = make_store()
    own_chain, other_chain = str(shop.chains.get().pk), str(other.chains.get().pk)

    # when
    theirs = graphql(client, FUNNEL, PERIOD, **staff_headers(other))
    by_our_chain = graphql(client, FUNNEL, {**PERIOD, "chainId": own_chain},
                           **staff_headers(other))

    # then
    assert [(funnel["chainId"], funnel["eligible"], funnel["sent"])
            for funnel in theirs["data"]["retentionFunnel"]] == [(other_chain, 0, 0)]
    assert by_our_chain == {"data": {"retentionFunnel": []}}


def test_a_malformed_chain_id_is_refused(shop, client):
    # given / when
    answer = graphql(client, FUNNEL, {"chainId": "Q2hhaW46MQ=="}, **staff_headers(shop))

    # then
    assert answer["data"] is None
    assert [error["message"] for error in answer["errors"]] == [
        "Couldn't resolve id: 'Q2hhaW46MQ==' is not a chain's id."]


@pytest.mark.parametrize("case", ["no token", "another app", "another Saleor", "expired",
                                  "missing permission", "not a Dashboard token"])
def test_only_staff_who_may_manage_checkouts_read_the_funnel(db, client, case):
    # given
    store = make_store()

    # when
    answer = graphql(client, FUNNEL, PERIOD, **refused_callers(store, "MANAGE_CHECKOUTS")[case])

    # then
    assert permission_denied(answer)
    assert answer["data"] is None
