"""A chain's steps through the API, and the pending reminders of running checkouts that
follow every change."""

from datetime import timedelta

import pytest

from saleor_retention.chains.models import Chain, ChainRun, ChainStep, Reminder
from saleor_retention.discounts.models import DiscountPolicy
from tests.fixtures.api import graphql, staff_headers
from tests.fixtures.checkouts import T0, checkout_node, make_store, run_engine, track

HOUR = timedelta(hours=1)
STEP = "id position delayMinutes delayFrom template discountPolicy { name }"
CREATE = ("mutation($chain: ID!, $input: RetentionChainStepInput!) { "
          "retentionChainStepCreate(chainId: $chain, input: $input) { errors { field code "
          f"message }} replannedReminders step {{ {STEP} }} chain {{ steps {{ position }} }} }} }}")
UPDATE = ("mutation($id: ID!, $input: RetentionChainStepInput!) { "
          "retentionChainStepUpdate(id: $id, input: $input) { errors { field code message } "
          f"replannedReminders step {{ {STEP} }} }} }}")
DELETE = ("mutation($id: ID!) { retentionChainStepDelete(id: $id) { errors { field code "
          "message } deletedId replannedReminders chain { steps { position } } } }")


def step_at(store, position: int) -> ChainStep:
    return ChainStep.objects.get(chain__installation=store, position=position)


def started_run(store) -> ChainRun:
    """Tracks a checkout and lets the engine start the default chain for it (step 1 sent)."""
    track(store, checkout_node(1))
    run_engine(T0 + HOUR)
    return ChainRun.objects.get(installation=store)


def reminders() -> list[tuple]:
    return list(Reminder.objects.order_by("position", "pk").values_list(
        "position", "template", "due_at", "state", "reason"))


def test_changing_a_steps_delay_moves_its_planned_reminder(db, client):
    # given: step 1 sent at T0 + 1 h; steps 2 and 3 planned at 24 h and 48 h
    store = make_store()
    started_run(store)
    step = step_at(store, 2)

    # when
    answer = graphql(client, UPDATE, {"id": str(step.pk), "input": {
        "delayMinutes": 120, "delayFrom": "PREVIOUS_STEP", "template": "LAST_CHANCE"}},
        **staff_headers(store))

    # then: 2 hours after step 1 was sent
    assert answer == {"data": {"retentionChainStepUpdate": {
        "errors": [], "replannedReminders": 2, "step": {
            "id": str(step.pk), "position": 2, "delayMinutes": 120,
            "delayFrom": "PREVIOUS_STEP", "template": "LAST_CHANCE", "discountPolicy": None}}}}
    assert reminders() == [(1, "first_reminder", T0 + HOUR, "sent", ""),
                           (2, "last_chance", T0 + 3 * HOUR, "planned", ""),
                           (3, "last_chance", T0 + 48 * HOUR, "planned", "")]


def test_a_step_is_added_at_the_end_with_its_discount(db, client):
    # given
    store = make_store()
    chain = Chain.objects.get(installation=store)
    policy = DiscountPolicy.objects.get(installation=store)

    # when
    answer = graphql(client, CREATE, {"chain": str(chain.pk), "input": {
        "delayMinutes": 4320, "template": "LAST_CHANCE", "discountPolicyId": str(policy.pk)}},
        **staff_headers(store))

    # then
    step = step_at(store, 4)
    assert answer == {"data": {"retentionChainStepCreate": {
        "errors": [], "replannedReminders": 0, "step": {
            "id": str(step.pk), "position": 4, "delayMinutes": 4320, "delayFrom": "TRIGGER",
            "template": "LAST_CHANCE", "discountPolicy": {"name": "10% for 24 hours"}},
        "chain": {"steps": [{"position": 1}, {"position": 2}, {"position": 3},
                            {"position": 4}]}}}}


def test_a_step_added_to_a_running_chain_is_planned_unless_already_late(db, client):
    # given: the run started at T0, days before the real clock of this test
    store = make_store()
    started_run(store)

    # when
    answer = graphql(client, CREATE, {"chain": str(Chain.objects.get().pk), "input": {
        "delayMinutes": 90, "template": "FOLLOW_UP"}}, **staff_headers(store))

    # then
    assert answer["data"]["retentionChainStepCreate"]["replannedReminders"] == 3
    assert reminders()[-1] == (4, "follow_up", T0 + 90 * timedelta(minutes=1), "skipped",
                               "missed_window")


@pytest.mark.parametrize("step_input, errors", [
    ({}, [{"field": "delayMinutes", "code": "REQUIRED", "message": "A step needs it."},
          {"field": "template", "code": "REQUIRED", "message": "A step needs it."}]),
    ({"delayMinutes": -1, "template": "FOLLOW_UP"}, [
        {"field": "delayMinutes", "code": "INVALID", "message": "Give 0 to 129600 minutes."}]),
    ({"delayMinutes": 129601, "template": "FOLLOW_UP"}, [
        {"field": "delayMinutes", "code": "INVALID", "message": "Give 0 to 129600 minutes."}]),
    ({"delayMinutes": 5, "template": "FOLLOW_UP", "discountPolicyId": "999999"}, [
        {"field": "discountPolicyId", "code": "NOT_FOUND",
         "message": "There is no discount policy with id '999999'."}]),
])
def test_a_bad_step_is_refused_and_nothing_is_added(db, client, step_input, errors):
    # given
    store = make_store()

    # when
    answer = graphql(client, CREATE, {"chain": str(Chain.objects.get().pk), "input": step_input},
                     **staff_headers(store))

    # then
    assert answer == {"data": {"retentionChainStepCreate": {
        "errors": errors, "replannedReminders": None, "step": None, "chain": None}}}
    assert ChainStep.objects.count() == 3


def test_an_unknown_template_is_a_graphql_error_and_nothing_changes(db, client):
    # given
    store = make_store()
    step = step_at(store, 1)

    # when
    answer = graphql(client, UPDATE, {"id": str(step.pk), "input": {"template": "WELCOME"}},
                     **staff_headers(store))

    # then
    assert answer["data"] is None
    assert [error["message"] for error in answer["errors"]] == [
        "Variable '$input' got invalid value 'WELCOME' at 'input.template'; Value 'WELCOME' "
        "does not exist in 'RetentionStepTemplate' enum."]
    assert ChainStep.objects.get(pk=step.pk).template == "first_reminder"


def test_a_step_stops_offering_a_discount_when_given_null(db, client):
    # given
    store = make_store()
    step = step_at(store, 3)

    # when
    answer = graphql(client, UPDATE, {"id": str(step.pk), "input": {"discountPolicyId": None}},
                     **staff_headers(store))

    # then
    assert answer["data"]["retentionChainStepUpdate"]["step"]["discountPolicy"] is None
    step.refresh_from_db()
    assert (step.discount_policy_id, step.delay) == (None, timedelta(hours=48))


def test_deleting_a_step_skips_its_planned_reminders_and_keeps_the_positions(db, client):
    # given
    store = make_store()
    started_run(store)
    step = step_at(store, 2)

    # when
    answer = graphql(client, DELETE, {"id": str(step.pk)}, **staff_headers(store))

    # then
    assert answer == {"data": {"retentionChainStepDelete": {
        "errors": [], "deletedId": str(step.pk), "replannedReminders": 2,
        "chain": {"steps": [{"position": 1}, {"position": 3}]}}}}
    assert reminders() == [(1, "first_reminder", T0 + HOUR, "sent", ""),
                           (2, "follow_up", T0 + 24 * HOUR, "skipped", "step_removed"),
                           (3, "last_chance", T0 + 48 * HOUR, "planned", "")]


def test_the_only_step_of_an_enabled_chain_cannot_be_deleted(db, client):
    # given
    store = make_store()
    step_at(store, 2).delete()
    step_at(store, 3).delete()
    step = step_at(store, 1)

    # when
    answer = graphql(client, DELETE, {"id": str(step.pk)}, **staff_headers(store))

    # then
    assert answer == {"data": {"retentionChainStepDelete": {"errors": [{
        "field": "id", "code": "INVALID",
        "message": "This is the chain's only step: switch the chain off first."}],
        "deletedId": None, "replannedReminders": None, "chain": None}}}
    assert ChainStep.objects.filter(pk=step.pk).exists()
