"""Which policy each storefront offer uses."""

from datetime import timedelta

from saleor_retention.discounts.models import DiscountPolicy
from saleor_retention.offers.policies import exit_offer_policy, welcome_policy
from saleor_retention.stores.models import StoreSettings
from tests.fixtures.checkouts import make_store


def test_a_store_without_an_exit_offer_policy_gets_the_default_once(db):
    # given
    store = make_store()

    # when
    first, second = exit_offer_policy(store), exit_offer_policy(store)

    # then
    assert first.pk == second.pk
    assert (first.name, first.kind, first.value, first.validity) == (
        "Exit offer: 10% for 1 hour", "percentage", 10, timedelta(hours=1))
    assert StoreSettings.objects.get(installation=store).exit_offer_policy_id == first.pk
    assert DiscountPolicy.objects.filter(installation=store,
                                         name="Exit offer: 10% for 1 hour").count() == 1


def test_a_deleted_exit_offer_policy_is_replaced_by_the_default(db):
    # given
    store = make_store()
    exit_offer_policy(store).delete()

    # when
    policy = exit_offer_policy(store)

    # then
    assert StoreSettings.objects.get(installation=store).exit_offer_policy_id == policy.pk
    assert DiscountPolicy.objects.filter(installation=store,
                                         name="Exit offer: 10% for 1 hour").count() == 1


def test_another_stores_policy_is_never_used(db):
    # given: a settings row pointing at another store's policy
    store, other_store = make_store(), make_store()
    theirs = DiscountPolicy.objects.get(installation=other_store)
    StoreSettings.objects.filter(installation=store).update(exit_offer_policy=theirs,
                                                            welcome_discount_policy=theirs)
    store.refresh_from_db()

    # when
    exit_policy, welcome = exit_offer_policy(store), welcome_policy(store)

    # then
    assert (exit_policy.installation_id, exit_policy.name) == (store.pk,
                                                              "Exit offer: 10% for 1 hour")
    assert welcome is None


def test_a_store_gives_no_welcome_code_until_it_chooses_a_policy(db):
    # given
    store = make_store()
    policy = DiscountPolicy.objects.get(installation=store)

    # when
    before = welcome_policy(store)
    StoreSettings.objects.filter(installation=store).update(welcome_discount_policy=policy)
    store.refresh_from_db()
    after = welcome_policy(store)

    # then
    assert (before, after) == (None, policy)
