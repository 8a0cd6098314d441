from datetime import timedelta

from saleor_retention.chains.models import Chain, ChainRun, ChainStep
from saleor_retention.checkouts.abandonment import (
    CHECK_LEASE, check_claimed, claim_due_checks, detect_abandoned_checkouts, plan_next_checks)
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.installations.models import Installation
from saleor_retention.stores.services import settings_for
from tests.fixtures.checkouts import T0, checkout_id, checkout_node, make_store, track
from tests.fixtures.installations import make_installation


def add_chain(store, name, priority, **fields) -> Chain:
    chain = Chain.objects.create(installation=store, name=name, priority=priority, **fields)
    ChainStep.objects.create(chain=chain, position=1, delay=timedelta(minutes=15))
    return chain


def chain_of(number: int) -> str | None:
    run = ChainRun.objects.filter(subject_id=checkout_id(number)).first()
    return run.chain_name if run else None


def test_a_checkout_runs_the_first_chain_whose_conditions_match(db):
    # given: a high-value chain first, a PLN-only chain, then the default chain
    store = make_store()
    add_chain(store, "Big carts", 10, conditions={"cart_value": {"USD": {"min": "100"}}})
    add_chain(store, "Poland", 20, channels=["channel-pln"])
    track(store, checkout_node(1, lines=[("P1", 5, "30.00")]))
    track(store, checkout_node(2, email="b@example.com"))
    track(store, checkout_node(3, email="c@example.com", channel="channel-pln", currency="PLN"))

    # when
    outcomes = detect_abandoned_checkouts(T0 + timedelta(hours=1))

    # then
    assert (chain_of(1), chain_of(2), chain_of(3)) == ("Big carts", "Forgotten cart", "Poland")
    assert outcomes == {"started": 3}


def test_a_checkout_waits_for_its_own_chains_threshold(db):
    # given: the only matching chain waits 3 hours
    store = make_store()
    store.chains.update(abandon_after=timedelta(hours=3))
    track(store, checkout_node(1))

    # when
    at_one_hour = detect_abandoned_checkouts(T0 + timedelta(hours=1))
    at_three_hours = detect_abandoned_checkouts(T0 + timedelta(hours=3))

    # then
    assert (at_one_hour, at_three_hours) == ({"waiting": 1}, {"started": 1})


def test_new_customer_chains_ask_saleor_once_and_remember(db, fake_saleor):
    # given: a store with a chain for new customers only, and a shopper who bought before
    installation = make_installation(api_url=fake_saleor.api_url, token=fake_saleor.issue_token())
    add_chain(installation, "Welcome", 10, conditions={"customer": "new"})
    settings = settings_for(installation)
    settings.storefront_checkout_urls = {"*": "https://shop.example.com/{checkout_id}"}
    settings.save()
    fake_saleor.orders = [{"id": "T3JkZXI6MQ==", "userEmail": "known@example.com"}]
    track(installation, checkout_node(1, email="known@example.com"))
    track(installation, checkout_node(2, email="first@example.com"))

    # when
    detect_abandoned_checkouts(T0 + timedelta(hours=1))

    # then
    assert (chain_of(1), chain_of(2)) == (None, "Welcome")
    assert fake_saleor.root_fields() == ["orders", "orders"]
    assert dict(CheckoutSnapshot.objects.values_list("email", "is_returning_customer")) == {
        "known@example.com": True, "first@example.com": False}


def test_when_saleor_cannot_say_the_checkout_is_looked_at_again_later(db, fake_saleor):
    # given
    installation = make_installation(api_url=fake_saleor.api_url, token=fake_saleor.issue_token())
    add_chain(installation, "Welcome", 10, conditions={"customer": "new"})
    track(installation, checkout_node(1))
    fake_saleor.unavailable_for = 1
    now = T0 + timedelta(hours=1)

    # when
    outcomes = detect_abandoned_checkouts(now)

    # then
    assert outcomes == {"saleor_unavailable": 1}
    assert CheckoutSnapshot.objects.get().next_check_at == now + timedelta(minutes=5)
    assert ChainRun.objects.count() == 0


def test_a_checkout_changed_after_its_check_was_claimed_is_decided_on_its_new_state(db):
    # given: the detector leased the checkout, then a webhook brought a newer state
    store = make_store()
    track(store, checkout_node(1))
    now = T0 + timedelta(hours=1)
    claimed = claim_due_checks(now)
    track(store, checkout_node(1, updated_at=T0 + timedelta(minutes=70)))

    # when
    outcomes = check_claimed(claimed, now)

    # then: idle since 15:10, so abandoned at 16:10 at the earliest
    assert (len(claimed), outcomes) == (1, {"waiting": 1})
    assert CheckoutSnapshot.objects.get().next_check_at == T0 + timedelta(minutes=130)


def test_a_checkout_changed_while_its_check_was_decided_is_looked_at_again_at_once(db):
    # given: the detector read the checkout, then a webhook brought a newer state
    store = make_store()
    track(store, checkout_node(1))
    now = T0 + timedelta(hours=1)
    claimed = claim_due_checks(now)
    read = CheckoutSnapshot.objects.get()
    track(store, checkout_node(1, updated_at=T0 + timedelta(minutes=70)))

    # when: it plans the look it decided on the state it read
    plan_next_checks({T0 + timedelta(hours=2): [(read.pk, read.saleor_updated_at)]},
                     now + CHECK_LEASE, now)

    # then
    assert len(claimed) == 1
    assert CheckoutSnapshot.objects.get().next_check_at == now


def test_a_checkout_unchanged_while_its_check_was_decided_gets_the_decided_look(db):
    # given
    store = make_store()
    track(store, checkout_node(1))
    now = T0 + timedelta(hours=1)
    claim_due_checks(now)
    read = CheckoutSnapshot.objects.get()

    # when
    plan_next_checks({T0 + timedelta(hours=2): [(read.pk, read.saleor_updated_at)]},
                     now + CHECK_LEASE, now)

    # then
    assert CheckoutSnapshot.objects.get().next_check_at == T0 + timedelta(hours=2)


def test_an_uninstalled_store_starts_no_chain(db):
    # given
    store = make_store()
    track(store, checkout_node(1))
    Installation.objects.filter(pk=store.pk).update(is_active=False)

    # when
    outcomes = detect_abandoned_checkouts(T0 + timedelta(hours=1))

    # then
    assert outcomes == {"app_uninstalled": 1}
    assert ChainRun.objects.count() == 0
