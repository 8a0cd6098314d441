"""Rate limits of the storefront operations: per operation, per client address and per
store, in one-minute windows; a call over a limit answers RATE_LIMITED and does nothing."""

from datetime import timedelta

from saleor_retention.api import storefront_base
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.discounts.models import DiscountCode
from tests.fixtures.api import graphql
from tests.fixtures.checkouts import checkout_id, make_store
from tests.offers.helpers import NOW, at, capture, cart, offer, restore, storefront

OFFER_FLOOD = {"field": None, "code": "RATE_LIMITED",
               "message": "Too many exitIntentOffer calls from this address: at most 30 a "
                          "minute."}


def flood_offers(client, store, calls: int, address: str = "203.0.113.7") -> list[dict]:
    """Asks for offers on checkouts the store does not know, from one address."""
    return [offer(client, store, checkout_id(1000 + number), **storefront(store, address))
            for number in range(calls)]


def test_the_31st_offer_in_a_minute_from_one_address_is_refused_and_issues_nothing(
        db, client, monkeypatch, fake_saleor):
    # given: 30 calls this minute already
    store = make_store(saleor=fake_saleor)
    checkout = cart(fake_saleor, store)
    at(monkeypatch, fake_saleor, NOW)
    earlier = flood_offers(client, store, 30)

    # when
    answer = offer(client, store, checkout["id"])

    # then
    assert [answer["errors"][0]["code"] for answer in earlier] == ["NOT_FOUND"] * 30
    assert answer == {"offer": None, "errors": [OFFER_FLOOD]}
    assert DiscountCode.objects.count() == 0
    assert fake_saleor.calls == []


def test_other_addresses_and_the_next_minute_are_served(db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    checkout = cart(fake_saleor, store)
    at(monkeypatch, fake_saleor, NOW)
    flood_offers(client, store, 31)

    # when
    neighbour = offer(client, store, checkout["id"], **storefront(store, "198.51.100.9"))
    at(monkeypatch, fake_saleor, NOW + timedelta(minutes=1))
    next_minute = offer(client, store, checkout["id"])

    # then
    assert (neighbour["errors"], next_minute["errors"]) == ([], [])
    assert next_minute["offer"]["discount"] == neighbour["offer"]["discount"]


def test_each_operation_has_its_own_count(db, client, monkeypatch, fake_saleor):
    # given: offers flooded from the shopper's address
    store = make_store(saleor=fake_saleor)
    checkout = cart(fake_saleor, store, email="")
    at(monkeypatch, fake_saleor, NOW)
    flood_offers(client, store, 31)

    # when
    answer = capture(client, store, checkout["id"], "visitor@example.com")

    # then
    assert (answer["email"], answer["errors"]) == ("visitor@example.com", [])


def test_a_flood_of_email_captures_changes_nothing(db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    checkout = cart(fake_saleor, store, email="")
    at(monkeypatch, fake_saleor, NOW)
    for _ in range(30):
        capture(client, store, checkout_id(99), "visitor@example.com")

    # when
    answer = capture(client, store, checkout["id"], "visitor@example.com")

    # then
    assert answer["errors"] == [{"field": None, "code": "RATE_LIMITED", "message": (
        "Too many captureEmail calls from this address: at most 30 a minute.")}]
    assert fake_saleor.calls == []
    assert CheckoutSnapshot.objects.get(installation=store).email == ""


def test_a_flood_of_restores_is_refused(db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    at(monkeypatch, fake_saleor, NOW)
    earlier = [restore(client, store, "not-a-link") for _ in range(30)]

    # when
    answer = restore(client, store, "not-a-link")

    # then
    assert {error["code"] for answer in earlier for error in answer["errors"]} == {"INVALID"}
    assert answer["errors"] == [{"field": None, "code": "RATE_LIMITED", "message": (
        "Too many restoreCheckout calls from this address: at most 30 a minute.")}]


def test_a_store_flooded_from_many_addresses_is_refused_past_its_limit(
        db, client, monkeypatch, fake_saleor):
    # given: a store limit of 3 a minute, reached from three addresses
    monkeypatch.setattr(storefront_base, "PER_STORE", 3)
    store, other_store = make_store(saleor=fake_saleor), make_store(saleor=fake_saleor)
    checkout = cart(fake_saleor, store)
    theirs = cart(fake_saleor, other_store, 2)
    at(monkeypatch, fake_saleor, NOW)
    for number in range(3):
        offer(client, store, checkout_id(99), **storefront(store, f"192.0.2.{number}"))

    # when
    answer = offer(client, store, checkout["id"], **storefront(store, "192.0.2.200"))
    other = offer(client, other_store, theirs["id"], **storefront(other_store, "192.0.2.201"))

    # then
    assert answer == {"offer": None, "errors": [{
        "field": None, "code": "RATE_LIMITED",
        "message": "Too many exitIntentOffer calls for this store: at most 3 a minute."}]}
    assert other["errors"] == []
    assert DiscountCode.objects.filter(state="held").count() == 1


def test_unsubscribing_is_limited_per_address(db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    at(monkeypatch, fake_saleor, NOW)
    document = 'mutation { unsubscribe(token: "bad") { unsubscribed errors { code } } }'
    earlier = [graphql(client, document, **storefront(store)) for _ in range(30)]

    # when
    answer = graphql(client, document, **storefront(store))

    # then
    assert {error["code"] for answer in earlier
            for error in answer["data"]["unsubscribe"]["errors"]} == {"INVALID"}
    assert answer["data"]["unsubscribe"] == {"unsubscribed": False,
                                             "errors": [{"code": "RATE_LIMITED"}]}
