"""Chains through the API: listing, creating, changing, ordering and deleting them, with the
running checkouts following every change."""

from datetime import timedelta

import pytest

from saleor_retention.chains.models import Chain, ChainRun, Reminder
from saleor_retention.stores.models import StoreSettings
from tests.fixtures.api import graphql, staff_headers
from tests.fixtures.checkouts import T0, checkout_node, make_store, run_engine, track

CHAIN = ("id name trigger enabled priority channels abandonAfterMinutes conditions "
         "steps { position delayMinutes delayFrom template discountPolicy { name } }")
CREATE = ("mutation($input: RetentionChainInput!) { retentionChainCreate(input: $input) { "
          f"errors {{ field code message }} chain {{ {CHAIN} }} }} }}")
UPDATE = ("mutation($id: ID!, $input: RetentionChainInput!) { retentionChainUpdate(id: $id, "
          f"input: $input) {{ errors {{ field code message }} replannedReminders "
          f"chain {{ {CHAIN} }} }} }}")
DEFAULT_STEPS = [
    {"position": 1, "delayMinutes": 60, "delayFrom": "TRIGGER", "template": "FIRST_REMINDER",
     "discountPolicy": None},
    {"position": 2, "delayMinutes": 1440, "delayFrom": "TRIGGER", "template": "FOLLOW_UP",
     "discountPolicy": None},
    {"position": 3, "delayMinutes": 2880, "delayFrom": "TRIGGER", "template": "LAST_CHANCE",
     "discountPolicy": {"name": "10% for 24 hours"}},
]


def default_chain(store) -> Chain:
    return Chain.objects.get(installation=store, name="Forgotten cart")


def started_run(store) -> ChainRun:
    """Tracks a checkout and lets the engine start the default chain for it (step 1 sent)."""
    track(store, checkout_node(1))
    run_engine(T0 + timedelta(hours=1))
    return ChainRun.objects.get(installation=store)


def test_the_chains_are_listed_by_priority_with_their_steps(db, client):
    # given
    store = make_store()
    vip = Chain.objects.create(installation=store, name="VIP", priority=5, is_enabled=False,
                               channels=["eu"], abandon_after=timedelta(minutes=20),
                               conditions={"customer": "returning"})

    # when
    answer = graphql(client, f"{{ retentionChains {{ {CHAIN} }} }}", **staff_headers(store))

    # then
    assert answer == {"data": {"retentionChains": [
        {"id": str(vip.pk), "name": "VIP", "trigger": "CHECKOUT_ABANDONED", "enabled": False,
         "priority": 5, "channels": ["eu"], "abandonAfterMinutes": 20,
         "conditions": '{"customer": "returning"}', "steps": []},
        {"id": str(default_chain(store).pk), "name": "Forgotten cart",
         "trigger": "CHECKOUT_ABANDONED", "enabled": True, "priority": 100, "channels": [],
         "abandonAfterMinutes": 60, "conditions": "{}", "steps": DEFAULT_STEPS},
    ]}}


def test_a_new_chain_is_switched_off_and_comes_last(db, client):
    # given
    store = make_store()

    # when
    answer = graphql(client, CREATE, {"input": {
        "name": " Big carts ", "channels": ["default-channel"], "abandonAfterMinutes": 30,
        "conditions": '{"cart_value": {"USD": {"min": "200"}}}'}}, **staff_headers(store))

    # then
    chain = Chain.objects.get(name="Big carts")
    assert answer == {"data": {"retentionChainCreate": {"errors": [], "chain": {
        "id": str(chain.pk), "name": "Big carts", "trigger": "CHECKOUT_ABANDONED",
        "enabled": False, "priority": 101, "channels": ["default-channel"],
        "abandonAfterMinutes": 30, "conditions": '{"cart_value": {"USD": {"min": "200"}}}',
        "steps": []}}}}


@pytest.mark.parametrize("chain_input, errors", [
    ({"name": "  "}, [{"field": "name", "code": "REQUIRED", "message": (
        "A chain needs a name of at most 200 characters.")}]),
    ({"name": "A", "conditions": '{"customer": "vip"}'}, [{
        "field": "conditions", "code": "INVALID",
        "message": "customer: must be one of ['any', 'new', 'returning']"}]),
    ({"name": "A", "conditions": '{"cart_value": {"USD": {"min": "9", "max": "1"}}}'}, [{
        "field": "conditions", "code": "INVALID",
        "message": "cart_value.USD: min is greater than max"}]),
    ({"name": "A", "conditions": '{"colour": "red"}'}, [{
        "field": "conditions", "code": "INVALID",
        "message": "colour: unknown condition; use ['cart_value', 'categories', 'customer', "
                   "'languages', 'products']"}]),
    ({"name": "A", "conditions": "[1]"}, [{
        "field": "conditions", "code": "INVALID", "message": "conditions: must be an object"}]),
    ({"name": "A", "abandonAfterMinutes": 0, "channels": [""]}, [
        {"field": "channels", "code": "INVALID",
         "message": "Channels are slugs, none of them empty."},
        {"field": "abandonAfterMinutes", "code": "INVALID",
         "message": "Give 1 to 43200 minutes."}]),
    ({"name": "A", "enabled": True}, [{"field": "enabled", "code": "INVALID",
                                       "message": "Add a step before switching the chain on."}]),
])
def test_a_bad_chain_is_refused_with_every_problem(db, client, chain_input, errors):
    # given
    store = make_store()

    # when
    answer = graphql(client, CREATE, {"input": chain_input}, **staff_headers(store))

    # then
    assert answer == {"data": {"retentionChainCreate": {"errors": errors, "chain": None}}}
    assert Chain.objects.count() == 1


def test_json_that_does_not_parse_is_a_graphql_error_not_a_crash(db, client):
    # given
    store = make_store()

    # when
    answer = graphql(client, CREATE, {"input": {"name": "A", "conditions": "{bad"}},
                     **staff_headers(store))

    # then
    assert answer["data"] is None
    assert [error["message"] for error in answer["errors"]] == [
        "Variable '$input' got invalid value '{bad' at 'input.conditions'; Expected type "
        "'JSONString'. Expecting property name enclosed in double quotes: line 1 column 2 "
        "(char 1)"]
    assert Chain.objects.count() == 1


def test_changing_a_chain_moves_the_threshold_the_webhooks_plan_with(db, client):
    # given
    store = make_store()
    chain = default_chain(store)

    # when
    answer = graphql(client, UPDATE, {"id": str(chain.pk), "input": {
        "name": "Carts", "abandonAfterMinutes": 30, "conditions": '{"languages": ["EN"]}'}},
        **staff_headers(store))

    # then
    assert answer == {"data": {"retentionChainUpdate": {
        "errors": [], "replannedReminders": 0, "chain": {
            "id": str(chain.pk), "name": "Carts", "trigger": "CHECKOUT_ABANDONED",
            "enabled": True, "priority": 100, "channels": [], "abandonAfterMinutes": 30,
            "conditions": '{"languages": ["EN"]}', "steps": DEFAULT_STEPS}}}}
    settings = StoreSettings.objects.get(installation=store)
    assert settings.earliest_abandonment == timedelta(minutes=30)


def test_switching_a_chain_off_stops_its_running_checkouts(db, client):
    # given
    store = make_store()
    run = started_run(store)

    # when
    answer = graphql(client, UPDATE, {"id": str(run.chain_id), "input": {"enabled": False}},
                     **staff_headers(store))

    # then
    assert answer["data"]["retentionChainUpdate"]["replannedReminders"] == 2
    run.refresh_from_db()
    assert (run.state, run.end_reason) == ("stopped", "chain_disabled")
    assert list(Reminder.objects.order_by("position").values_list("state", "reason")) == [
        ("sent", ""), ("skipped", "chain_disabled"), ("skipped", "chain_disabled")]


def test_deleting_a_chain_stops_its_running_checkouts_and_keeps_what_was_sent(db, client):
    # given
    store = make_store()
    run = started_run(store)

    # when
    answer = graphql(client, 'mutation { retentionChainDelete(id: "%s") { errors { code } '
                             "deletedId } }" % run.chain_id, **staff_headers(store))

    # then
    assert answer == {"data": {"retentionChainDelete": {"errors": [],
                                                         "deletedId": str(run.chain_id)}}}
    assert Chain.objects.count() == 0
    run.refresh_from_db()
    assert (run.chain_id, run.state, run.end_reason) == (None, "stopped", "chain_deleted")
    assert list(Reminder.objects.order_by("position").values_list("state", "reason")) == [
        ("sent", ""), ("skipped", "chain_deleted"), ("skipped", "chain_deleted")]


def test_reordering_puts_the_given_chains_first_and_the_rest_after(db, client):
    # given
    store = make_store()
    default = default_chain(store)
    first, second = (Chain.objects.create(installation=store, name=name, priority=priority)
                     for name, priority in (("First", 1), ("Second", 2)))

    # when
    answer = graphql(client, 'mutation { retentionChainsReorder(ids: ["%s", "%s"]) { '
                             "errors { code } chains { name priority } } }"
                     % (second.pk, default.pk), **staff_headers(store))

    # then
    assert answer == {"data": {"retentionChainsReorder": {"errors": [], "chains": [
        {"name": "Second", "priority": 1}, {"name": "Forgotten cart", "priority": 2},
        {"name": "First", "priority": 3}]}}}


def test_reordering_with_a_chain_twice_is_refused(db, client):
    # given
    store = make_store()
    chain = default_chain(store)

    # when
    answer = graphql(client, 'mutation { retentionChainsReorder(ids: ["%s", "0%s"]) { '
                             "errors { field code message } } }" % (chain.pk, chain.pk),
                     **staff_headers(store))

    # then
    assert answer == {"data": {"retentionChainsReorder": {"errors": [
        {"field": "ids", "code": "INVALID", "message": "Name each chain once."}]}}}
    assert Chain.objects.get().priority == 100
