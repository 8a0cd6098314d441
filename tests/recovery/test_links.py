"""The link in every reminder, ``/r/<token>``: the click is recorded, the reminder's code is
applied, a checkout Saleor deleted is restored, and the shopper lands on the storefront (or
on a short notice) — never on an error page."""

import re
from datetime import timedelta
from decimal import Decimal
from html import escape
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import pytest
from django.core import mail
from django.utils import timezone as django_timezone
from graphql import get_operation_ast, parse
from graphql.execution.values import get_variable_values

from saleor_retention.chains.models import ChainRun, ChainStep, RecoveredOrder, Reminder
from saleor_retention.checkouts.conversion import PlacedOrder, record_order
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.discounts.models import DiscountCode, DiscountPolicy
from saleor_retention.emails.models import EmailEvent
from saleor_retention.recovery import links
from saleor_retention.saleor.client import SaleorClient
from tests.fixtures.checkouts import T0, make_store, run_engine, track
from tests.fixtures.fake_saleor import saleor_schema, schema_errors
from tests.fixtures.fake_saleor_commerce import global_id

SHIRT = global_id("ProductVariant", 11)
MUG = global_id("ProductVariant", 12)
CAP = global_id("ProductVariant", 13)
SENT_AT = T0 + timedelta(hours=1)  # step 1 of the default chain
CLICK_AT = T0 + timedelta(hours=2)
UTM_STEP_1 = [("utm_source", "saleor-retention"), ("utm_medium", "email"),
              ("utm_campaign", "forgotten-cart"), ("utm_content", "step-1")]
LINK = re.compile(r"Back to my cart \(http://retention\.test(/r/[^)\s]+)\)")
NOTICE_INVALID = "This link does not work any more. You can still find everything in the shop."
NOTICE_EXPIRED = "This link has expired. Your cart may still be in the shop."
HOME_BUTTON = '<a class="button" href="https://shop.example.com/">Go to Example Shop</a>'


# helpers

def abandoned_cart(saleor, store, lines=((SHIRT, 2),), language="EN",
                   email="shopper@example.com") -> dict:
    """Creates the shopper's checkout in the fake Saleor at T0 and tracks it; returns it."""
    saleor.now = T0
    created = SaleorClient(store.saleor_api_url, store.token).execute(
        "mutations/checkout_create", {"input": {
            "channel": "default-channel", "email": email, "languageCode": language,
            "lines": [{"variantId": variant, "quantity": quantity}
                      for variant, quantity in lines]}})["checkoutCreate"]["checkout"]
    track(store, created)
    return created


def with_code_on_step_1(store) -> None:
    ChainStep.objects.filter(chain__installation=store, position=1).update(
        discount_policy=DiscountPolicy.objects.get(installation=store))


def reminder_link(index: int = 0) -> str:
    """Returns the path of the recovery link in the ``index``-th email sent."""
    return LINK.search(mail.outbox[index].body).group(1)


def click_at(monkeypatch, saleor, moment) -> None:
    """The shopper clicks at ``moment``, on the app's clock and on Saleor's."""
    saleor.now = moment
    monkeypatch.setattr(django_timezone, "now", lambda: moment)


def expected_redirect(checkout_id: str) -> tuple[str, str, str, list[tuple[str, str]]]:
    """A storefront address as compared: scheme, host, unquoted path, query pairs."""
    return ("https", "shop.example.com", f"/checkout/{checkout_id}", UTM_STEP_1)


def parsed(location: str) -> tuple[str, str, str, list[tuple[str, str]]]:
    parts = urlsplit(location)
    return parts.scheme, parts.netloc, unquote(parts.path), parse_qsl(parts.query)


def tracked_url(checkout_id: str) -> str:
    return (f"https://shop.example.com/checkout/{quote(checkout_id, safe='')}?utm_source="
            "saleor-retention&utm_medium=email&utm_campaign=forgotten-cart&utm_content=step-1")


def invalid_documents(saleor) -> list[str]:
    """Returns why the fake answered 400 to any call: the schema or the variables refused."""
    problems = []
    for call in saleor.calls:
        errors = schema_errors(call["query"])
        if not errors:
            operation = get_operation_ast(parse(call["query"]))
            coerced = get_variable_values(saleor_schema(), operation.variable_definitions or [],
                                          call["variables"])
            errors = [error.message for error in coerced] if isinstance(coerced, list) else []
        problems.extend(errors)
    return problems


def lines_of(checkout: dict) -> list[tuple[str, int]]:
    return [(line["variant"]["id"], line["quantity"]) for line in checkout["lines"]]


# 1. the click

def test_a_click_is_recorded_and_a_second_click_keeps_the_first_time(db, client, monkeypatch,
                                                                      fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    abandoned_cart(fake_saleor, store)
    run_engine(SENT_AT)
    link = reminder_link()
    reminder = Reminder.objects.get(position=1)

    # when
    click_at(monkeypatch, fake_saleor, CLICK_AT)
    first = client.get(link)
    click_at(monkeypatch, fake_saleor, CLICK_AT + timedelta(minutes=5))
    second = client.get(link)

    # then
    assert (first.status_code, second.status_code) == (302, 302)
    reminder.refresh_from_db()
    assert reminder.clicked_at == CLICK_AT
    assert list(EmailEvent.objects.order_by("occurred_at").values_list(
        "reminder_id", "installation_id", "kind", "esp_name", "occurred_at")) == [
        (reminder.pk, store.pk, "clicked", "recovery-link", CLICK_AT),
        (reminder.pk, store.pk, "clicked", "recovery-link", CLICK_AT + timedelta(minutes=5))]
    assert invalid_documents(fake_saleor) == []


# 2. the code and the redirect

def test_the_code_is_applied_and_the_shopper_is_sent_to_the_checkout_with_utm(
        db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    with_code_on_step_1(store)
    cart = abandoned_cart(fake_saleor, store)
    run_engine(SENT_AT)
    code = DiscountCode.objects.get(reminder__position=1).code
    assert fake_saleor.checkouts[0]["voucherCode"] is None
    calls_before = len(fake_saleor.calls)

    # when
    click_at(monkeypatch, fake_saleor, CLICK_AT)
    response = client.get(reminder_link())

    # then
    assert response.status_code == 302
    assert parsed(response["Location"]) == expected_redirect(cart["id"])
    assert response["Location"] == tracked_url(cart["id"])
    assert response["Cache-Control"] == "no-store"
    assert [checkout["voucherCode"] for checkout in fake_saleor.checkouts] == [code]
    assert fake_saleor.calls[calls_before:][0]["variables"] == {"id": cart["id"], "code": code}
    assert [field for call in fake_saleor.calls[calls_before:] for field in call["fields"]] == [
        "checkoutAddPromoCode"]
    assert ChainRun.objects.get().subject_id == cart["id"]
    assert invalid_documents(fake_saleor) == []


# 3. a checkout Saleor deleted

def test_a_deleted_checkout_is_restored_with_the_code_and_its_order_credits_the_code(
        db, client, monkeypatch, fake_saleor):
    # given: Saleor deleted the checkout after the reminder went out
    store = make_store(saleor=fake_saleor)
    with_code_on_step_1(store)
    cart = abandoned_cart(fake_saleor, store, lines=((SHIRT, 2), (MUG, 1)), language="DE")
    run_engine(SENT_AT)
    code = DiscountCode.objects.get(reminder__position=1).code
    fake_saleor.checkouts.clear()
    calls_before = len(fake_saleor.calls)

    # when
    click_at(monkeypatch, fake_saleor, CLICK_AT)
    response = client.get(reminder_link())

    # then: a new checkout like the old one, with the code
    assert [field for call in fake_saleor.calls[calls_before:] for field in call["fields"]] == [
        "checkoutAddPromoCode", "productVariants", "checkoutCreate", "checkoutAddPromoCode"]
    [restored] = fake_saleor.checkouts
    assert restored["id"] != cart["id"]
    assert (lines_of(restored), restored["email"], restored["channel"]["slug"],
            restored["languageCode"], restored["voucherCode"]) == (
        [(SHIRT, 2), (MUG, 1)], "shopper@example.com", "default-channel", "DE", code)
    assert response.status_code == 302
    assert parsed(response["Location"]) == expected_redirect(restored["id"])
    run = ChainRun.objects.get()
    assert run.subject_id == restored["id"]
    snapshot = CheckoutSnapshot.objects.get(installation=store, checkout_id=restored["id"])
    assert ([(line["variant_id"], line["quantity"]) for line in snapshot.lines],
            snapshot.email, snapshot.language) == (
        [(SHIRT, 2), (MUG, 1)], "shopper@example.com", "DE")
    assert invalid_documents(fake_saleor) == []

    # when: the shopper buys from the restored checkout
    ordered_at = CLICK_AT + timedelta(minutes=10)
    credited = record_order(store, PlacedOrder(
        order_id="T3JkZXI6MQ==", number="101", checkout_id=restored["id"],
        email="shopper@example.com", voucher_code=code, total=Decimal("27.00"), currency="USD",
        created_at=ordered_at), ordered_at)

    # then
    assert credited == 1
    run.refresh_from_db()
    assert (run.state, run.end_reason) == ("converted", "order_placed")
    recovered = RecoveredOrder.objects.get()
    assert (recovered.run_id, recovered.reminder.position, recovered.order_number,
            recovered.voucher_code, recovered.matched_by) == (run.pk, 1, "101", code, "code")
    assert DiscountCode.objects.get(code=code).state == "used"


def test_a_checkout_that_became_an_order_is_not_restored(db, client, monkeypatch, fake_saleor):
    # given: the shopper bought after the reminder; Saleor deleted the completed checkout
    store = make_store(saleor=fake_saleor)
    cart = abandoned_cart(fake_saleor, store)
    run_engine(SENT_AT)
    ordered_at = SENT_AT + timedelta(minutes=5)
    record_order(store, PlacedOrder(
        order_id="T3JkZXI6MQ==", number="101", checkout_id=cart["id"],
        email="shopper@example.com", voucher_code="", total=Decimal("20.00"), currency="USD",
        created_at=ordered_at), ordered_at)
    fake_saleor.checkouts.clear()
    calls_before = len(fake_saleor.calls)

    # when: they click the old reminder
    click_at(monkeypatch, fake_saleor, CLICK_AT)
    response = client.get(reminder_link())

    # then: on to the shop, with no new cart
    assert response.status_code == 302
    assert response["Location"] == (
        "https://shop.example.com/?utm_source=saleor-retention&utm_medium=email"
        "&utm_campaign=forgotten-cart&utm_content=step-1")
    assert "checkoutCreate" not in [field for call in fake_saleor.calls[calls_before:]
                                    for field in call["fields"]]
    assert fake_saleor.checkouts == []
    run = ChainRun.objects.get()
    assert (run.state, run.subject_id) == ("converted", cart["id"])
    assert CheckoutSnapshot.objects.count() == 1


# 4. lines no longer sold

def test_lines_no_longer_sold_are_left_out_and_named_before_going_on(
        db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    abandoned_cart(fake_saleor, store, lines=((SHIRT, 2), (MUG, 1), (CAP, 3)))
    run_engine(SENT_AT)
    fake_saleor.checkouts.clear()
    fake_saleor.unavailable_variants.add(MUG)
    calls_before = len(fake_saleor.calls)

    # when
    click_at(monkeypatch, fake_saleor, CLICK_AT)
    response = client.get(reminder_link())

    # then
    assert [field for call in fake_saleor.calls[calls_before:] for field in call["fields"]] == [
        "checkout", "productVariants", "checkoutCreate"]
    [restored] = fake_saleor.checkouts
    assert lines_of(restored) == [(SHIRT, 2), (CAP, 3)]
    assert response.status_code == 200
    html = response.content.decode()
    assert "<ul><li>Product 12</li></ul>" in html
    assert (f'<a class="button" href="{escape(tracked_url(restored["id"]))}">'
            "Continue to my cart</a>") in html
    assert f'content="8;url={escape(tracked_url(restored["id"]))}"' in html
    assert response["Cache-Control"] == "no-store"
    assert ChainRun.objects.get().subject_id == restored["id"]
    assert invalid_documents(fake_saleor) == []


def test_a_cart_of_which_nothing_is_sold_any_more_leads_to_the_shop(
        db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    cart = abandoned_cart(fake_saleor, store, lines=((SHIRT, 2), (MUG, 1)))
    run_engine(SENT_AT)
    fake_saleor.checkouts.clear()
    fake_saleor.unavailable_variants.update({SHIRT, MUG})
    calls_before = len(fake_saleor.calls)

    # when
    click_at(monkeypatch, fake_saleor, CLICK_AT)
    response = client.get(reminder_link())

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sorry: the items of your cart are no longer available." in html
    assert HOME_BUTTON in html
    assert "Continue to my cart" not in html
    assert fake_saleor.checkouts == []
    assert [field for call in fake_saleor.calls[calls_before:] for field in call["fields"]] == [
        "checkout", "productVariants"]
    assert ChainRun.objects.get().subject_id == cart["id"]
    assert CheckoutSnapshot.objects.count() == 1
    assert Reminder.objects.get(position=1).clicked_at == CLICK_AT
    assert invalid_documents(fake_saleor) == []


# 5. links that cannot be followed

def _tampered(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


def _forget_reminder(token: str) -> str:
    Reminder.objects.filter(position=1).delete()
    return token


def _expire(token: str, monkeypatch) -> str:
    monkeypatch.setattr(links, "LINK_LIFETIME", timedelta(seconds=-1))
    return token


@pytest.mark.parametrize("spoil, message, names_store", [
    (lambda token, monkeypatch: _tampered(token), NOTICE_INVALID, True),
    (lambda token, monkeypatch: "not-a-link-we-sent", NOTICE_INVALID, False),
    (lambda token, monkeypatch: _forget_reminder(token), NOTICE_INVALID, True),
    (_expire, NOTICE_EXPIRED, True),
], ids=["tampered", "made_up", "reminder_gone", "expired"])
def test_a_link_that_cannot_be_followed_shows_a_notice_and_touches_nothing(
        db, client, monkeypatch, fake_saleor, spoil, message, names_store):
    # given
    store = make_store(saleor=fake_saleor)
    abandoned_cart(fake_saleor, store)
    run_engine(SENT_AT)
    token = reminder_link().removeprefix("/r/")
    calls_before = len(fake_saleor.calls)

    # when
    click_at(monkeypatch, fake_saleor, CLICK_AT)
    response = client.get(f"/r/{spoil(token, monkeypatch)}")

    # then
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert message in html
    if names_store:
        assert "<h1>Example Shop</h1>" in html
        assert HOME_BUTTON in html
        assert 'content="4;url=https://shop.example.com/"' in html
    else:
        assert "<h1>Your shop</h1>" in html
        assert 'class="button"' not in html
        assert "http-equiv" not in html
    assert EmailEvent.objects.count() == 0
    assert Reminder.objects.filter(clicked_at__isnull=False).count() == 0
    assert len(fake_saleor.calls) == calls_before
    assert [checkout["voucherCode"] for checkout in fake_saleor.checkouts] == [None]


def test_a_made_up_token_with_an_object_payload_shows_the_notice(db, client, fake_saleor):
    # given
    make_store(saleor=fake_saleor)

    # when
    response = client.get("/r/e30:1tAbCd:forged-signature")

    # then
    assert response.status_code == 200
    assert NOTICE_INVALID in response.content.decode()
    assert EmailEvent.objects.count() == 0
    assert fake_saleor.calls == []


# 6. Saleor down

def test_saleor_down_still_sends_the_shopper_to_the_checkout_as_it_was(
        db, client, monkeypatch, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    with_code_on_step_1(store)
    cart = abandoned_cart(fake_saleor, store)
    run_engine(SENT_AT)
    calls_before = len(fake_saleor.calls)
    fake_saleor.unavailable_for = 5

    # when
    click_at(monkeypatch, fake_saleor, CLICK_AT)
    response = client.get(reminder_link())

    # then
    assert response.status_code == 302
    assert parsed(response["Location"]) == expected_redirect(cart["id"])
    assert len(fake_saleor.calls) == calls_before + 1  # one try: the shopper does not wait
    assert fake_saleor.unavailable_for == 4
    assert [checkout["voucherCode"] for checkout in fake_saleor.checkouts] == [None]
    assert [checkout["id"] for checkout in fake_saleor.checkouts] == [cart["id"]]
    assert Reminder.objects.get(position=1).clicked_at == CLICK_AT
    assert EmailEvent.objects.filter(kind="clicked", esp_name="recovery-link").count() == 1
    assert ChainRun.objects.get().subject_id == cart["id"]
    assert invalid_documents(fake_saleor) == []


# 7. a step without a code

def test_a_step_without_a_code_only_checks_that_the_checkout_exists(
        db, client, monkeypatch, fake_saleor):
    # given: step 1 of the default chain has no code
    store = make_store(saleor=fake_saleor)
    cart = abandoned_cart(fake_saleor, store)
    run_engine(SENT_AT)
    calls_before = len(fake_saleor.calls)

    # when
    click_at(monkeypatch, fake_saleor, CLICK_AT)
    response = client.get(reminder_link())

    # then
    assert response.status_code == 302
    assert parsed(response["Location"]) == expected_redirect(cart["id"])
    new_calls = fake_saleor.calls[calls_before:]
    assert [field for call in new_calls for field in call["fields"]] == ["checkout"]
    assert new_calls[0]["variables"] == {"id": cart["id"]}
    assert DiscountCode.objects.count() == 0
    assert [checkout["voucherCode"] for checkout in fake_saleor.checkouts] == [None]
    assert invalid_documents(fake_saleor) == []


def test_a_restore_saleor_refuses_leads_to_the_shop_not_to_the_deleted_checkout(
        db, client, monkeypatch, fake_saleor):
    # given: the checkout is gone and its channel was switched off since
    store = make_store(saleor=fake_saleor)
    abandoned_cart(fake_saleor, store)
    run_engine(SENT_AT)
    fake_saleor.checkouts.clear()
    fake_saleor.channels[0]["isActive"] = False

    # when
    click_at(monkeypatch, fake_saleor, CLICK_AT)
    response = client.get(reminder_link())

    # then
    assert response.status_code == 302
    assert response["Location"].startswith("https://shop.example.com/?utm_source=")
    assert fake_saleor.checkouts == []
