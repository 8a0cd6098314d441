"""``captureEmail``: the address goes on the shopper's checkout in Saleor and in the
snapshot, with their consent, and an address that never ordered gets one welcome code."""

from datetime import timedelta

from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.discounts.models import DiscountCode, DiscountPolicy
from saleor_retention.stores.models import StoreSettings
from tests.fixtures.checkouts import checkout_id, make_store
from tests.offers.helpers import NOW, at, capture, cart

EMAIL = "new.visitor@example.com"


def with_welcome_policy(store) -> DiscountPolicy:
    policy = DiscountPolicy.objects.create(installation=store, name="Welcome: 15% for a week",
                                           value=15, validity=timedelta(days=7))
    StoreSettings.objects.filter(installation=store).update(welcome_discount_policy=policy)
    return policy


def snapshot_of(store, checkout) -> CheckoutSnapshot:
    return CheckoutSnapshot.objects.get(installation=store, checkout_id=checkout["id"])


def test_the_email_and_consent_reach_saleor_and_the_snapshot_at_once(db, client, monkeypatch,
                                                                     fake_saleor):
    # given: an anonymous cart, which no reminder can follow yet
    store = make_store(saleor=fake_saleor)
    checkout = cart(fake_saleor, store, email="")
    assert snapshot_of(store, checkout).next_check_at is None
    at(monkeypatch, fake_saleor, NOW)

    # when
    answer = capture(client, store, checkout["id"], f"  {EMAIL} ", consent=True)

    # then
    assert answer == {"email": EMAIL, "marketingConsent": True, "welcomeDiscount": None,
                      "errors": []}
    [in_saleor] = fake_saleor.checkouts
    assert (in_saleor["email"], in_saleor["metadata"], in_saleor["updatedAt"]) == (
        EMAIL, [{"key": "marketing_consent", "value": "true"}], NOW.isoformat())
    snapshot = snapshot_of(store, checkout)
    assert (snapshot.email, snapshot.marketing_consent, snapshot.saleor_updated_at,
            snapshot.next_check_at) == (EMAIL, True, NOW, NOW + timedelta(minutes=60))
    assert fake_saleor.root_fields() == ["checkoutEmailUpdate", "updateMetadata"]


def test_a_refusal_is_recorded_under_the_stores_consent_key(db, client, monkeypatch,
                                                            fake_saleor):
    # given
    store = make_store(saleor=fake_saleor, marketing_consent_key="newsletter")
    checkout = cart(fake_saleor, store, email="")
    at(monkeypatch, fake_saleor, NOW)

    # when
    answer = capture(client, store, checkout["id"], EMAIL, consent=False)

    # then
    assert (answer["marketingConsent"], answer["errors"]) == (False, [])
    assert fake_saleor.checkouts[0]["metadata"] == [{"key": "newsletter", "value": "false"}]
    assert snapshot_of(store, checkout).marketing_consent is False


def test_an_address_gets_one_welcome_code_whatever_the_checkout(db, client, monkeypatch,
                                                                fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    with_welcome_policy(store)
    first, second = cart(fake_saleor, store, 1, email=""), cart(fake_saleor, store, 2, email="")
    at(monkeypatch, fake_saleor, NOW)

    # when
    one = capture(client, store, first["id"], EMAIL)
    calls = len(fake_saleor.calls)
    two = capture(client, store, second["id"], EMAIL.upper())

    # then
    code = one["welcomeDiscount"]["code"]
    assert one["welcomeDiscount"] == {"code": code, "status": "ACTIVE", "kind": "PERCENTAGE",
                                      "value": 15.0, "currency": "USD",
                                      "expiresAt": "2026-11-23T15:30:00+00:00"}
    assert two["welcomeDiscount"] == one["welcomeDiscount"]
    assert fake_saleor.code(code)["isActive"] is True
    assert [code.code for code in DiscountCode.objects.filter(holder__startswith="welcome:")] == [
        code]
    assert [field for call in fake_saleor.calls[calls:] for field in call["fields"]] == [
        "checkoutEmailUpdate", "updateMetadata"]


def test_an_address_that_ordered_before_gets_no_welcome_code(db, client, monkeypatch,
                                                             fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    with_welcome_policy(store)
    fake_saleor.orders.append({"id": "T3JkZXI6MQ==", "userEmail": EMAIL})
    checkout = cart(fake_saleor, store, email="")
    at(monkeypatch, fake_saleor, NOW)

    # when
    answer = capture(client, store, checkout["id"], EMAIL)

    # then
    assert (answer["email"], answer["welcomeDiscount"], answer["errors"]) == (EMAIL, None, [])
    assert DiscountCode.objects.count() == 0
    assert fake_saleor.root_fields() == ["checkoutEmailUpdate", "updateMetadata", "orders"]


def test_an_invalid_email_is_refused_and_nothing_changes(db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    with_welcome_policy(store)
    checkout = cart(fake_saleor, store, email="")
    at(monkeypatch, fake_saleor, NOW)

    # when
    answer = capture(client, store, checkout["id"], "not-an-address@")

    # then
    assert answer == {"email": None, "marketingConsent": None, "welcomeDiscount": None,
                      "errors": [{"field": "email", "code": "INVALID",
                                  "message": "Enter a valid email address."}]}
    assert fake_saleor.calls == []
    assert (fake_saleor.checkouts[0]["email"], fake_saleor.checkouts[0]["metadata"]) == (None, [])
    snapshot = snapshot_of(store, checkout)
    assert (snapshot.email, snapshot.marketing_consent) == ("", None)
    assert DiscountCode.objects.count() == 0


def test_an_unknown_checkout_is_not_found_and_nothing_changes(db, client, monkeypatch,
                                                              fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    other_store = make_store(saleor=fake_saleor)
    theirs = cart(fake_saleor, other_store, email="")
    at(monkeypatch, fake_saleor, NOW)

    # when
    unknown = capture(client, store, checkout_id(99), EMAIL)
    another_stores = capture(client, store, theirs["id"], EMAIL)

    # then
    expected = {"email": None, "marketingConsent": None, "welcomeDiscount": None, "errors": [{
        "field": "checkoutId", "code": "NOT_FOUND",
        "message": "This store knows no such checkout waiting to be bought."}]}
    assert (unknown, another_stores) == (expected, expected)
    assert fake_saleor.calls == []
    assert fake_saleor.checkouts[0]["email"] is None


def test_a_checkout_saleor_deleted_is_not_found(db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    checkout = cart(fake_saleor, store, email="")
    fake_saleor.checkouts.clear()
    at(monkeypatch, fake_saleor, NOW)

    # when
    answer = capture(client, store, checkout["id"], EMAIL)

    # then
    assert answer["errors"] == [{"field": "checkoutId", "code": "NOT_FOUND",
                                 "message": "The checkout is no longer in the shop."}]
    assert snapshot_of(store, checkout).email == ""
