"""``exitIntentOffer``: the cart's items and one code per checkout that expires in an hour,
for the store's own checkouts only."""

from datetime import datetime, timedelta

from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.discounts.models import DiscountCode, DiscountPolicy
from saleor_retention.saleor.client import SaleorClient
from saleor_retention.stores.models import StoreSettings
from tests.fixtures.checkouts import checkout_id, make_store
from tests.offers.helpers import NOW, at, cart, offer

HOUR = timedelta(hours=1)
NOT_FOUND = {"field": "checkoutId", "code": "NOT_FOUND",
             "message": "This store knows no such checkout waiting to be bought."}
ITEM = {"productId": "UHJvZHVjdDox", "productName": "Product UHJvZHVjdDox",
        "variantId": "variant-UHJvZHVjdDox", "variantName": "M",
        "thumbnailUrl": "https://cdn.example.com/UHJvZHVjdDox.png", "quantity": 2,
        "unitPrice": 20.0, "totalPrice": 40.0}


def test_the_offer_shows_the_items_and_a_code_that_works_in_saleor_for_an_hour(
        db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    checkout = cart(fake_saleor, store)
    at(monkeypatch, fake_saleor, NOW)

    # when
    answer = offer(client, store, checkout["id"])

    # then
    code = answer["offer"]["discount"]["code"]
    assert answer == {"errors": [], "offer": {
        "checkoutId": checkout["id"], "currency": "USD", "subtotal": 40.0, "items": [ITEM],
        "discount": {"code": code, "status": "ACTIVE", "kind": "PERCENTAGE", "value": 10.0,
                     "minimumSpend": None, "currency": "USD",
                     "expiresAt": "2026-11-16T16:30:00+00:00"}}}
    held = DiscountCode.objects.get(code=code)
    assert (held.holder, held.state, held.expires_at) == (
        "offer:00000001-0000-4000-8000-000000000000", "held", NOW + HOUR)
    in_saleor = fake_saleor.code(code)
    voucher = fake_saleor.vouchers[in_saleor["voucherId"]]
    assert in_saleor["isActive"] is True
    assert datetime.fromisoformat(voucher["endDate"]) >= NOW + HOUR
    assert fake_saleor.root_fields() == ["channels", "voucherCreate",
                                         "voucherChannelListingUpdate"]
    applied = SaleorClient(store.saleor_api_url, store.token).execute(
        "mutations/checkout_add_promo_code", {"id": checkout["id"], "code": code})
    assert applied["checkoutAddPromoCode"] == {
        "checkout": {"id": checkout["id"], "voucherCode": code}, "errors": []}


def test_the_default_exit_offer_policy_is_created_once_and_chosen(db, client, monkeypatch,
                                                                   fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    first, second = cart(fake_saleor, store, 1), cart(fake_saleor, store, 2)
    at(monkeypatch, fake_saleor, NOW)

    # when
    offer(client, store, first["id"])
    offer(client, store, second["id"])

    # then
    policy = DiscountPolicy.objects.get(installation=store, name="Exit offer: 10% for 1 hour")
    assert (policy.kind, policy.value, policy.validity) == ("percentage", 10, HOUR)
    assert StoreSettings.objects.get(installation=store).exit_offer_policy_id == policy.pk
    assert DiscountCode.objects.filter(state="held").count() == 2


def test_the_stores_own_exit_offer_policy_is_used(db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    policy = DiscountPolicy.objects.create(installation=store, name="5 off for 2 hours",
                                           kind="fixed", value=5, minimum_spend=30,
                                           validity=2 * HOUR)
    StoreSettings.objects.filter(installation=store).update(exit_offer_policy=policy)
    checkout = cart(fake_saleor, store)
    at(monkeypatch, fake_saleor, NOW)

    # when
    answer = offer(client, store, checkout["id"])

    # then
    discount = answer["offer"]["discount"]
    assert (discount["kind"], discount["value"], discount["minimumSpend"],
            discount["expiresAt"]) == ("FIXED", 5.0, 30.0, "2026-11-16T17:30:00+00:00")
    assert DiscountPolicy.objects.filter(installation=store).count() == 2  # default chain's + it


def test_asking_twice_gives_the_same_code_and_expiry_without_calling_saleor(
        db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    checkout = cart(fake_saleor, store)
    at(monkeypatch, fake_saleor, NOW)
    first = offer(client, store, checkout["id"])
    calls = len(fake_saleor.calls)

    # when
    at(monkeypatch, fake_saleor, NOW + timedelta(minutes=20))
    second = offer(client, store, checkout["id"])

    # then
    assert second == first
    assert DiscountCode.objects.filter(holder__startswith="offer:").count() == 1
    assert len(fake_saleor.calls) == calls


def test_after_its_expiry_the_offer_says_so_and_no_new_code_is_issued(
        db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    checkout = cart(fake_saleor, store)
    at(monkeypatch, fake_saleor, NOW)
    first = offer(client, store, checkout["id"])
    calls = len(fake_saleor.calls)

    # when
    at(monkeypatch, fake_saleor, NOW + HOUR + timedelta(minutes=1))
    later = offer(client, store, checkout["id"])

    # then
    assert later["offer"]["discount"] == {
        "code": None, "status": "EXPIRED", "kind": "PERCENTAGE", "value": 10.0,
        "minimumSpend": None, "currency": "USD", "expiresAt": "2026-11-16T16:30:00+00:00"}
    assert later["offer"]["items"] == first["offer"]["items"]
    assert DiscountCode.objects.filter(state="held").count() == 1
    assert len(fake_saleor.calls) == calls


def test_an_unknown_checkout_is_not_found_and_gets_no_code(db, client, monkeypatch,
                                                           fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    cart(fake_saleor, store)
    at(monkeypatch, fake_saleor, NOW)

    # when
    answer = offer(client, store, checkout_id(99))

    # then
    assert answer == {"offer": None, "errors": [NOT_FOUND]}
    assert DiscountCode.objects.count() == 0
    assert fake_saleor.calls == []


def test_another_stores_checkout_is_not_found_and_gets_no_code(db, client, monkeypatch,
                                                               fake_saleor):
    # given
    store, other_store = make_store(saleor=fake_saleor), make_store(saleor=fake_saleor)
    theirs = cart(fake_saleor, other_store)
    at(monkeypatch, fake_saleor, NOW)

    # when
    answer = offer(client, store, theirs["id"])

    # then
    assert answer == {"offer": None, "errors": [NOT_FOUND]}
    assert DiscountCode.objects.count() == 0
    assert fake_saleor.calls == []


def test_a_bought_checkout_is_not_found_and_gets_no_code(db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    checkout = cart(fake_saleor, store)
    CheckoutSnapshot.objects.filter(installation=store).update(converted_at=NOW,
                                                               conversion="order")
    at(monkeypatch, fake_saleor, NOW)

    # when
    answer = offer(client, store, checkout["id"])

    # then
    assert answer == {"offer": None, "errors": [NOT_FOUND]}
    assert DiscountCode.objects.count() == 0
    assert fake_saleor.calls == []


def test_an_empty_checkout_gets_no_code(db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    checkout = cart(fake_saleor, store, lines=[])
    at(monkeypatch, fake_saleor, NOW)

    # when
    answer = offer(client, store, checkout["id"])

    # then
    assert answer == {"offer": None, "errors": [{
        "field": "checkoutId", "code": "INVALID",
        "message": "The checkout has no items to offer a discount on."}]}
    assert DiscountCode.objects.count() == 0
    assert fake_saleor.calls == []


def test_a_call_naming_no_store_is_refused(db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    checkout = cart(fake_saleor, store)
    at(monkeypatch, fake_saleor, NOW)

    # when
    answer = offer(client, store, checkout["id"], REMOTE_ADDR="203.0.113.7",
                   HTTP_SALEOR_API_URL="https://unknown.example.com/graphql/")

    # then
    assert answer == {"offer": None, "errors": [{
        "field": None, "code": "NOT_FOUND",
        "message": "The Saleor-Api-Url header names no store where this app is installed."}]}
    assert DiscountCode.objects.count() == 0


def test_saleor_down_answers_saleor_unavailable_and_holds_nothing(db, client, monkeypatch,
                                                                  fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    checkout = cart(fake_saleor, store)
    at(monkeypatch, fake_saleor, NOW)
    fake_saleor.unavailable_for = 1

    # when
    answer = offer(client, store, checkout["id"])

    # then
    assert answer == {"offer": None, "errors": [{
        "field": None, "code": "SALEOR_UNAVAILABLE",
        "message": "The shop's Saleor cannot be reached now; try again in a moment."}]}
    assert DiscountCode.objects.count() == 0
    assert fake_saleor.root_fields() == []  # the 503 resolved nothing

    # when: Saleor is back
    again = offer(client, store, checkout["id"])

    # then
    assert again["errors"] == []
    assert again["offer"]["discount"]["status"] == "ACTIVE"
