"""``restoreCheckout``: the reminder link as an API. The click is recorded, the checkout
restored with the reminder's code, and the storefront told where to go; a link that cannot
be used changes nothing and calls no Saleor."""

import re
from datetime import timedelta

import pytest
from django.core import mail

from saleor_retention.chains.models import ChainRun, ChainStep, Reminder
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.discounts.models import DiscountCode, DiscountPolicy
from saleor_retention.emails.models import EmailEvent
from saleor_retention.recovery import links
from saleor_retention.saleor.client import SaleorClient
from tests.fixtures.checkouts import T0, make_store, run_engine, track
from tests.fixtures.fake_saleor_commerce import global_id
from tests.offers.helpers import at, restore

SHIRT = global_id("ProductVariant", 11)
SENT_AT = T0 + timedelta(hours=1)  # step 1 of the default chain
CLICK_AT = T0 + timedelta(hours=2)
LINK = re.compile(r"Back to my cart \(http://retention\.test/r/([^)\s]+)\)")
UTM = ("utm_source=saleor-retention&utm_medium=email&utm_campaign=forgotten-cart"
       "&utm_content=step-1")


def reminded_cart(saleor, store, *, with_code: bool = False) -> tuple[dict, str]:
    """A cart created in the fake Saleor at T0 and reminded an hour later; returns it and the
    token of the reminder's link."""
    if with_code:
        ChainStep.objects.filter(chain__installation=store, position=1).update(
            discount_policy=DiscountPolicy.objects.get(installation=store))
    saleor.now = T0
    created = SaleorClient(store.saleor_api_url, store.token).execute(
        "mutations/checkout_create", {"input": {
            "channel": "default-channel", "email": "shopper@example.com",
            "lines": [{"variantId": SHIRT, "quantity": 2}]}})["checkoutCreate"]["checkout"]
    track(store, created)
    run_engine(SENT_AT)
    return created, LINK.search(mail.outbox[0].body).group(1)


def checkout_url(checkout_id: str) -> str:
    return f"https://shop.example.com/checkout/{checkout_id.replace('=', '%3D')}?{UTM}"


def test_a_good_token_restores_the_checkout_with_its_code_and_records_the_click(
        db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    checkout, token = reminded_cart(fake_saleor, store, with_code=True)
    code = DiscountCode.objects.get(reminder__position=1).code
    calls = len(fake_saleor.calls)
    at(monkeypatch, fake_saleor, CLICK_AT)

    # when
    answer = restore(client, store, token)

    # then
    assert answer == {"errors": [], "restored": {
        "status": "CHECKOUT", "checkoutId": checkout["id"], "checkoutToken": checkout["token"],
        "url": checkout_url(checkout["id"]), "missingProducts": [], "codeApplied": True}}
    assert [checkout["voucherCode"] for checkout in fake_saleor.checkouts] == [code]
    assert [field for call in fake_saleor.calls[calls:] for field in call["fields"]] == [
        "checkoutAddPromoCode"]
    assert Reminder.objects.get(position=1).clicked_at == CLICK_AT
    assert EmailEvent.objects.filter(kind="clicked", esp_name="recovery-link").count() == 1


def test_a_checkout_saleor_deleted_comes_back_as_a_new_one(db, client, monkeypatch,
                                                           fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    old, token = reminded_cart(fake_saleor, store)
    fake_saleor.checkouts.clear()
    at(monkeypatch, fake_saleor, CLICK_AT)

    # when
    answer = restore(client, store, token)

    # then
    [new] = fake_saleor.checkouts
    assert new["id"] != old["id"]
    assert answer == {"errors": [], "restored": {
        "status": "CHECKOUT", "checkoutId": new["id"], "checkoutToken": new["token"],
        "url": checkout_url(new["id"]), "missingProducts": [], "codeApplied": False}}
    assert ChainRun.objects.get().subject_id == new["id"]


def test_a_bought_cart_leads_to_the_shop(db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    _, token = reminded_cart(fake_saleor, store)
    CheckoutSnapshot.objects.filter(installation=store).update(converted_at=SENT_AT,
                                                               conversion="order")
    at(monkeypatch, fake_saleor, CLICK_AT)

    # when
    answer = restore(client, store, token)

    # then
    assert answer == {"errors": [], "restored": {
        "status": "SHOP", "checkoutId": None, "checkoutToken": None,
        "url": f"https://shop.example.com/?{UTM}", "missingProducts": [],
        "codeApplied": False}}


def test_a_cart_of_which_nothing_is_sold_any_more_is_sold_out(db, client, monkeypatch,
                                                              fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    _, token = reminded_cart(fake_saleor, store)
    fake_saleor.checkouts.clear()
    fake_saleor.unavailable_variants.add(SHIRT)
    at(monkeypatch, fake_saleor, CLICK_AT)

    # when
    answer = restore(client, store, token)

    # then
    assert answer == {"errors": [], "restored": {
        "status": "SOLD_OUT", "checkoutId": None, "checkoutToken": None, "url": "",
        "missingProducts": ["Product 11"], "codeApplied": False}}
    assert fake_saleor.checkouts == []


def _tampered(token: str, monkeypatch) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def _expired(token: str, monkeypatch) -> str:
    monkeypatch.setattr(links, "LINK_LIFETIME", timedelta(seconds=-1))
    return token


@pytest.mark.parametrize("spoil, message", [
    (_tampered, "This link is not valid for this store."),
    (lambda token, monkeypatch: "not-a-link-we-sent", "This link is not valid for this store."),
    (_expired, "This link has expired."),
], ids=["tampered", "made_up", "expired"])
def test_a_token_that_cannot_be_used_is_invalid_and_touches_nothing(
        db, client, monkeypatch, fake_saleor, spoil, message):
    # given
    store = make_store(saleor=fake_saleor)
    _, token = reminded_cart(fake_saleor, store, with_code=True)
    calls = len(fake_saleor.calls)
    at(monkeypatch, fake_saleor, CLICK_AT)

    # when
    answer = restore(client, store, spoil(token, monkeypatch))

    # then
    assert answer == {"restored": None, "errors": [
        {"field": "token", "code": "INVALID", "message": message}]}
    assert len(fake_saleor.calls) == calls
    assert EmailEvent.objects.count() == 0
    assert Reminder.objects.filter(clicked_at__isnull=False).count() == 0
    assert [checkout["voucherCode"] for checkout in fake_saleor.checkouts] == [None]


def test_another_stores_token_is_invalid_here_and_touches_nothing(db, client, monkeypatch,
                                                                  fake_saleor):
    # given
    store, other_store = make_store(saleor=fake_saleor), make_store(saleor=fake_saleor)
    _, token = reminded_cart(fake_saleor, other_store)
    calls = len(fake_saleor.calls)
    at(monkeypatch, fake_saleor, CLICK_AT)

    # when
    answer = restore(client, store, token)

    # then
    assert answer == {"restored": None, "errors": [{
        "field": "token", "code": "INVALID", "message": "This link is not valid for this store."}]}
    assert len(fake_saleor.calls) == calls
    assert EmailEvent.objects.count() == 0


def test_a_token_whose_checkout_is_gone_is_not_found(db, client, monkeypatch, fake_saleor):
    # given: the customer was erased, and their snapshot with them
    store = make_store(saleor=fake_saleor)
    _, token = reminded_cart(fake_saleor, store)
    CheckoutSnapshot.objects.filter(installation=store).delete()
    calls = len(fake_saleor.calls)
    at(monkeypatch, fake_saleor, CLICK_AT)

    # when
    answer = restore(client, store, token)

    # then
    assert answer == {"restored": None, "errors": [{
        "field": "token", "code": "NOT_FOUND",
        "message": "The checkout of this link is gone, or the store has no storefront "
                   "checkout address."}]}
    assert len(fake_saleor.calls) == calls
