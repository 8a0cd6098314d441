"""Who may read and change the configuration, and that a refusal or another store's id
changes nothing."""

import pytest
from django.core import mail

from saleor_retention.chains.models import Chain, ChainRun, ChainStep, Reminder
from saleor_retention.discounts.models import DiscountPolicy
from saleor_retention.emails.models import EmailTemplate
from saleor_retention.emails.store_templates import save_template
from saleor_retention.stores.models import StoreSettings
from tests.fixtures.api import graphql, permission_denied, refused_callers, staff_headers
from tests.fixtures.checkouts import T0, make_store

CASES = ["no token", "another app", "another Saleor", "expired", "missing permission",
         "not a Dashboard token"]
CHECKOUTS, DISCOUNTS = "MANAGE_CHECKOUTS", "MANAGE_DISCOUNTS"
# Every mutation: (permission, the call with the ids of a store's rows in braces).
MUTATIONS = {
    "retentionSettingsUpdate": (CHECKOUTS, 'retentionSettingsUpdate(input: {{shopName: "New", '
                                           "frequencyCapHours: 2}})"),
    "retentionChainCreate": (CHECKOUTS, 'retentionChainCreate(input: {{name: "VIP"}})'),
    "retentionChainUpdate": (CHECKOUTS, 'retentionChainUpdate(id: "{chain}", input: '
                                        "{{abandonAfterMinutes: 30, enabled: false}})"),
    "retentionChainDelete": (CHECKOUTS, 'retentionChainDelete(id: "{chain}")'),
    "retentionChainsReorder": (CHECKOUTS, 'retentionChainsReorder(ids: ["{chain}"])'),
    "retentionChainStepCreate": (CHECKOUTS, 'retentionChainStepCreate(chainId: "{chain}", '
                                            "input: {{delayMinutes: 5, template: FOLLOW_UP}})"),
    "retentionChainStepUpdate": (CHECKOUTS, 'retentionChainStepUpdate(id: "{step}", input: '
                                            "{{delayMinutes: 5, discountPolicyId: null}})"),
    "retentionChainStepDelete": (CHECKOUTS, 'retentionChainStepDelete(id: "{step}")'),
    "retentionDiscountPolicyCreate": (DISCOUNTS, 'retentionDiscountPolicyCreate(input: '
                                                 '{{name: "5 off", kind: FIXED, value: "5"}})'),
    "retentionDiscountPolicyUpdate": (DISCOUNTS, 'retentionDiscountPolicyUpdate(id: "{policy}", '
                                                 'input: {{value: "15"}})'),
    "retentionDiscountPolicyDelete": (DISCOUNTS, 'retentionDiscountPolicyDelete(id: "{policy}")'),
    "retentionEmailTemplateSave": (CHECKOUTS, 'retentionEmailTemplateSave(input: {{name: '
                                              '"partials/banner", language: "en", body: '
                                              '"<mj-text>Sale</mj-text>"}})'),
    "retentionEmailTemplateDelete": (CHECKOUTS, 'retentionEmailTemplateDelete(name: '
                                                '"partials/banner", language: "en")'),
    "retentionEmailSendTest": (CHECKOUTS, 'retentionEmailSendTest(to: "owner@example.com", '
                                          "template: FIRST_REMINDER)"),
}
QUERIES = ["retentionChains { id }", "retentionDiscountPolicies { id }",
           "retentionEmailTemplates { id }",
           "retentionEmailPreview(template: FIRST_REMINDER) { subject }"]


def given_store():
    """Returns a store with the default chain and policy and a saved partial, and the ids
    of its last step, chain and policy."""
    store = make_store()
    save_template(store, "partials/banner", "en", "<mj-text>Free shipping</mj-text>", T0)
    chain = Chain.objects.get(installation=store)
    ids = {"chain": chain.pk, "step": chain.steps.order_by("position").last().pk,
           "policy": DiscountPolicy.objects.get(installation=store).pk}
    return store, ids


def everything() -> dict:
    """Returns every row the configuration touches, and the emails sent."""
    models = (StoreSettings, Chain, ChainStep, ChainRun, Reminder, DiscountPolicy, EmailTemplate)
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in models} | {
        "emails": len(mail.outbox)}


def mutation(name: str, ids: dict) -> str:
    return f"mutation {{ {MUTATIONS[name][1].format(**ids)} {{ errors {{ field code }} }} }}"


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", MUTATIONS)
def test_every_mutation_refuses_every_other_caller_and_changes_nothing(db, client, name, case):
    # given
    store, ids = given_store()
    before = everything()

    # when
    answer = graphql(client, mutation(name, ids),
                     **refused_callers(store, MUTATIONS[name][0])[case])

    # then
    assert permission_denied(answer)
    assert answer["data"] == {name: None}
    assert everything() == before


@pytest.mark.parametrize("name", MUTATIONS)
def test_every_mutation_works_with_its_one_permission(db, client, name):
    # given
    store, ids = given_store()
    before = everything()

    # when
    answer = graphql(client, mutation(name, ids), **staff_headers(store, [MUTATIONS[name][0]]))

    # then
    assert answer == {"data": {name: {"errors": []}}}
    assert everything() != before


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("query", QUERIES)
def test_every_query_refuses_every_other_caller(db, client, query, case):
    # given
    store, _ids = given_store()

    # when
    answer = graphql(client, f"{{ {query} }}", **refused_callers(store, CHECKOUTS)[case])

    # then
    assert permission_denied(answer)


def test_changing_discount_policies_needs_manage_discounts_not_checkouts(db, client):
    # given
    store, ids = given_store()
    before = everything()

    # when
    answer = graphql(client, mutation("retentionDiscountPolicyUpdate", ids),
                     **staff_headers(store, [CHECKOUTS]))

    # then
    assert permission_denied(answer)
    assert answer["errors"][0]["extensions"]["exception"]["permissions"] == [DISCOUNTS]
    assert everything() == before


# Mutations naming a row by id, and the field the refusal names.
BY_ID = {"retentionChainUpdate": "id", "retentionChainDelete": "id",
         "retentionChainsReorder": "ids", "retentionChainStepCreate": "chainId",
         "retentionChainStepUpdate": "id", "retentionChainStepDelete": "id",
         "retentionDiscountPolicyUpdate": "id", "retentionDiscountPolicyDelete": "id"}


@pytest.mark.parametrize("name", BY_ID)
def test_an_id_of_another_stores_row_is_not_found_and_nothing_changes(db, client, name):
    # given
    store, _ids = given_store()
    _other_store, other_ids = given_store()
    before = everything()

    # when
    answer = graphql(client, mutation(name, other_ids), **staff_headers(store))

    # then
    assert answer == {"data": {name: {"errors": [{"field": BY_ID[name], "code": "NOT_FOUND"}]}}}
    assert everything() == before


@pytest.mark.parametrize("step_id", ["12abc", "", "-1", "99999999"])
def test_an_id_that_is_no_row_at_all_is_not_found(db, client, step_id):
    # given
    store, _ids = given_store()
    before = everything()

    # when
    answer = graphql(client, mutation("retentionChainStepDelete", {"step": step_id}),
                     **staff_headers(store))

    # then
    assert answer == {"data": {"retentionChainStepDelete": {"errors": [
        {"field": "id", "code": "NOT_FOUND"}]}}}
    assert everything() == before


def test_a_step_cannot_offer_another_stores_discount(db, client):
    # given
    store, ids = given_store()
    _other_store, other_ids = given_store()
    before = everything()

    # when
    answer = graphql(client, 'mutation { retentionChainStepUpdate(id: "%s", input: '
                             '{discountPolicyId: "%s"}) { errors { field code } } }'
                     % (ids["step"], other_ids["policy"]), **staff_headers(store))

    # then
    assert answer == {"data": {"retentionChainStepUpdate": {"errors": [
        {"field": "discountPolicyId", "code": "NOT_FOUND"}]}}}
    assert everything() == before


def test_the_lists_show_only_the_callers_store(db, client):
    # given
    store, ids = given_store()
    given_store()

    # when
    answer = graphql(client, "{ retentionChains { id } retentionDiscountPolicies { id } "
                             "retentionEmailTemplates { name } }", **staff_headers(store))

    # then
    assert answer == {"data": {"retentionChains": [{"id": str(ids["chain"])}],
                               "retentionDiscountPolicies": [{"id": str(ids["policy"])}],
                               "retentionEmailTemplates": [{"name": "partials/banner"}]}}
