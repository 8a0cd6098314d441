"""Discount policies through the API: terms checked as the model checks them, and a deleted
policy leaves the steps that offered it without a discount."""

from datetime import timedelta
from decimal import Decimal

import pytest

from saleor_retention.chains.models import ChainStep
from saleor_retention.discounts.models import DiscountPolicy
from tests.fixtures.api import graphql, staff_headers
from tests.fixtures.checkouts import make_store

POLICY = ("id name kind value minimumSpend channelValues validityMinutes oncePerCustomer "
          "productIds categoryIds")
CREATE = ("mutation($input: RetentionDiscountPolicyInput!) { retentionDiscountPolicyCreate("
          f"input: $input) {{ errors {{ field code message }} discountPolicy {{ {POLICY} }} }} }}")
UPDATE = ("mutation($id: ID!, $input: RetentionDiscountPolicyInput!) { "
          "retentionDiscountPolicyUpdate(id: $id, input: $input) { errors { field code message }"
          f" discountPolicy {{ {POLICY} }} }} }}")


def default_policy(store) -> DiscountPolicy:
    return DiscountPolicy.objects.get(installation=store, name="10% for 24 hours")


def test_the_stores_policies_are_listed_by_name(db, client):
    # given
    store = make_store()
    fixed = DiscountPolicy.objects.create(
        installation=store, name="5 off 30", kind="fixed", value=Decimal("5"),
        minimum_spend=Decimal("30"), channel_values={"EUR": {"value": "4"}},
        validity=timedelta(hours=2), once_per_customer=False, product_ids=["UHJvZHVjdDox"])

    # when
    answer = graphql(client, f"{{ retentionDiscountPolicies {{ {POLICY} }} }}",
                     **staff_headers(store, ["MANAGE_CHECKOUTS"]))

    # then
    assert answer == {"data": {"retentionDiscountPolicies": [
        {"id": str(default_policy(store).pk), "name": "10% for 24 hours", "kind": "PERCENTAGE",
         "value": "10", "minimumSpend": None, "channelValues": "{}", "validityMinutes": 1440,
         "oncePerCustomer": True, "productIds": [], "categoryIds": []},
        {"id": str(fixed.pk), "name": "5 off 30", "kind": "FIXED", "value": "5",
         "minimumSpend": "30", "channelValues": '{"EUR": {"value": "4"}}',
         "validityMinutes": 120, "oncePerCustomer": False, "productIds": ["UHJvZHVjdDox"],
         "categoryIds": []},
    ]}}


def test_a_policy_is_created_with_its_terms_per_channel(db, client):
    # given
    store = make_store()

    # when
    answer = graphql(client, CREATE, {"input": {
        "name": "Fixed 7.5", "kind": "FIXED", "value": "7.50", "minimumSpend": "40",
        "channelValues": '{"channel-pl": {"value": 30, "minimum_spend": "150"}}',
        "validityMinutes": 90, "oncePerCustomer": False, "categoryIds": ["Q2F0ZWdvcnk6MQ=="]}},
        **staff_headers(store, ["MANAGE_DISCOUNTS"]))

    # then
    policy = DiscountPolicy.objects.get(name="Fixed 7.5")
    assert answer == {"data": {"retentionDiscountPolicyCreate": {"errors": [], "discountPolicy": {
        "id": str(policy.pk), "name": "Fixed 7.5", "kind": "FIXED", "value": "7.5",
        "minimumSpend": "40", "channelValues": '{"channel-pl": {"value": "30", '
                                               '"minimum_spend": "150"}}',
        "validityMinutes": 90, "oncePerCustomer": False, "productIds": [],
        "categoryIds": ["Q2F0ZWdvcnk6MQ=="]}}}}
    assert policy.terms_in("channel-pl", "PLN") == {"value": Decimal("30"),
                                                    "minimum_spend": Decimal("150")}


@pytest.mark.parametrize("policy_input, errors", [
    ({"value": "120"}, [{"field": "value", "code": "INVALID",
                         "message": "A percentage cannot be more than 100."}]),
    ({"value": "0"}, [{"field": "value", "code": "INVALID",
                       "message": "A discount must be more than 0."}]),
    ({"value": "10", "channelValues": '{"EUR": {"value": "101"}}'}, [
        {"field": "channelValues", "code": "INVALID",
         "message": "EUR: a percentage cannot be more than 100."}]),
    ({"value": "10", "channelValues": '{"eu": {"value": "5"}, "PLN": {"value": "0"}}'}, [
        {"field": "channelValues", "code": "INVALID",
         "message": "PLN: a discount must be more than 0."}]),
    ({"value": "120", "channelValues": '{"EUR": {"value": "5"}}'}, [
        {"field": "value", "code": "INVALID", "message": "A percentage cannot be more than 100."}]),
    ({"value": "10", "channelValues": '{"EUR": 5}'}, [
        {"field": "channelValues", "code": "INVALID",
         "message": 'Give {"<channel slug or currency>": {"value": "5", "minimum_spend": '
                    '"30"}} with numbers of 0 or more.'}]),
    ({"value": "10", "channelValues": '{"EUR": {"value": "NaN"}}'}, [
        {"field": "channelValues", "code": "INVALID",
         "message": 'Give {"<channel slug or currency>": {"value": "5", "minimum_spend": '
                    '"30"}} with numbers of 0 or more.'}]),
    ({"value": "Infinity"}, [{"field": "value", "code": "INVALID",
                              "message": "Give a number of 0 or more."}]),
    ({"value": "10", "validityMinutes": 1}, [
        {"field": "validityMinutes", "code": "INVALID",
         "message": "A code must be valid between 5 minutes and 90 days."}]),
    ({"value": "10.1234"}, [{"field": "value", "code": "INVALID",
                             "message": "Ensure that there are no more than 3 decimal places."}]),
    ({"value": "10", "minimumSpend": "-1", "productIds": [""]}, [
        {"field": "minimumSpend", "code": "INVALID", "message": "Give a number of 0 or more."},
        {"field": "productIds", "code": "INVALID",
         "message": "Give Saleor ids, none of them empty."}]),
    ({"kind": "FIXED"}, [{"field": "value", "code": "REQUIRED",
                          "message": "A policy needs a value."}]),
])
def test_bad_terms_are_refused_and_nothing_is_created(db, client, policy_input, errors):
    # given
    store = make_store()

    # when
    answer = graphql(client, CREATE, {"input": {"name": "Bad", **policy_input}},
                     **staff_headers(store))

    # then
    assert answer == {"data": {"retentionDiscountPolicyCreate": {
        "errors": errors, "discountPolicy": None}}}
    assert DiscountPolicy.objects.count() == 1


def test_a_policy_changes_only_what_is_given(db, client):
    # given
    store = make_store()
    policy = default_policy(store)

    # when
    answer = graphql(client, UPDATE, {"id": str(policy.pk), "input": {
        "value": "15", "minimumSpend": "25"}}, **staff_headers(store))

    # then
    assert answer["data"]["retentionDiscountPolicyUpdate"] == {"errors": [], "discountPolicy": {
        "id": str(policy.pk), "name": "10% for 24 hours", "kind": "PERCENTAGE", "value": "15",
        "minimumSpend": "25", "channelValues": "{}", "validityMinutes": 1440,
        "oncePerCustomer": True, "productIds": [], "categoryIds": []}}


def test_a_percentage_cannot_be_raised_over_100(db, client):
    # given
    store = make_store()
    policy = default_policy(store)

    # when
    answer = graphql(client, UPDATE, {"id": str(policy.pk), "input": {"value": "150"}},
                     **staff_headers(store))

    # then
    assert answer["data"]["retentionDiscountPolicyUpdate"]["errors"] == [
        {"field": "value", "code": "INVALID", "message": "A percentage cannot be more than 100."}]
    assert default_policy(store).value == Decimal("10")


def test_a_channels_percentage_over_100_is_refused_under_its_row(db, client):
    # given
    store = make_store()
    policy = default_policy(store)

    # when
    answer = graphql(client, UPDATE, {"id": str(policy.pk), "input": {
        "value": "20", "channelValues": '{"EUR": {"value": "150"}}'}}, **staff_headers(store))

    # then
    assert answer["data"]["retentionDiscountPolicyUpdate"] == {"errors": [
        {"field": "channelValues", "code": "INVALID",
         "message": "EUR: a percentage cannot be more than 100."}], "discountPolicy": None}
    stored = default_policy(store)
    assert (stored.value, stored.channel_values) == (Decimal("10"), {})


def test_deleting_a_policy_in_use_leaves_its_steps_without_a_discount(db, client):
    # given
    store = make_store()
    policy = default_policy(store)

    # when
    answer = graphql(client, 'mutation { retentionDiscountPolicyDelete(id: "%s") { '
                             "errors { code } deletedId } }" % policy.pk, **staff_headers(store))

    # then
    assert answer == {"data": {"retentionDiscountPolicyDelete": {"errors": [],
                                                                 "deletedId": str(policy.pk)}}}
    assert DiscountPolicy.objects.count() == 0
    assert list(ChainStep.objects.order_by("position").values_list(
        "template", "discount_policy")) == [("first_reminder", None), ("follow_up", None),
                                            ("last_chance", None)]
