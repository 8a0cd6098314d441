"""A held code as the storefront shows it."""

from datetime import timedelta
from decimal import Decimal

from saleor_retention.discounts.issuing import hold_code
from saleor_retention.discounts.models import DiscountCode, DiscountPolicy
from saleor_retention.offers.codes import OfferedDiscount, offered_discount
from tests.fixtures.checkouts import T0, make_store

HOUR = timedelta(hours=1)


def held_code(saleor, store) -> tuple[DiscountCode, DiscountPolicy]:
    saleor.now = T0
    policy = DiscountPolicy.objects.create(installation=store, name="5 off", kind="fixed",
                                           value=5, validity=HOUR,
                                           channel_values={"EUR": {"value": "4"}})
    return hold_code(store, policy, "default-channel", "offer:test", T0), policy


def test_a_code_is_shown_until_its_expiry_then_only_its_expiry(db, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    code, policy = held_code(fake_saleor, store)

    # when
    before = offered_discount(code, policy, "USD", T0 + HOUR - timedelta(seconds=1))
    after = offered_discount(code, policy, "USD", T0 + HOUR)

    # then
    assert before == OfferedDiscount(code=code.code, status="active", kind="fixed",
                                     value=Decimal("5"), minimum_spend=None, currency="USD",
                                     expires_at=T0 + HOUR)
    assert (after.code, after.status) == (None, "expired")


def test_a_used_or_deleted_code_is_not_shown(db, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    code, policy = held_code(fake_saleor, store)

    # when
    code.state = DiscountCode.State.USED
    used = offered_discount(code, policy, "USD", T0)
    code.state = DiscountCode.State.DELETED
    deleted = offered_discount(code, policy, "USD", T0)

    # then
    assert [(shown.code, shown.status) for shown in (used, deleted)] == [
        (None, "used"), (None, "expired")]


def test_the_terms_are_those_of_the_codes_voucher_in_the_currency(db, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    code, policy = held_code(fake_saleor, store)
    other = DiscountPolicy(installation=store, name="now", value=Decimal("20"))

    # when
    shown = offered_discount(code, other, "EUR", T0)

    # then
    assert (shown.kind, shown.value, shown.currency) == ("fixed", Decimal("4"), "EUR")


def test_a_code_whose_policy_was_deleted_shows_the_given_policys_terms(db, fake_saleor):
    # given
    store = make_store(saleor=fake_saleor)
    code, policy = held_code(fake_saleor, store)
    DiscountPolicy.objects.filter(pk=policy.pk).delete()
    code = DiscountCode.objects.select_related("voucher__policy").get(pk=code.pk)
    fallback = DiscountPolicy(installation=store, name="now", value=Decimal("20"))

    # when
    shown = offered_discount(code, fallback, "EUR", T0)

    # then
    assert (shown.kind, shown.value, shown.currency) == ("percentage", Decimal("20"), "EUR")
