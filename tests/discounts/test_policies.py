"""Discount policies: terms per channel or currency, and terms that are refused."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from saleor_retention.discounts.issuing import hold_code
from saleor_retention.discounts.models import DiscountPolicy, DiscountVoucher
from tests.fixtures.checkouts import T0, make_store
from tests.fixtures.fake_saleor_commerce import make_channel


def test_a_channel_or_its_currency_gets_its_own_value_and_minimum_spend(db, fake_saleor):
    # given: a fixed discount, 5 by default, 4 in every EUR channel, 500 in the yen shop
    fake_saleor.now = T0
    fake_saleor.channels += [make_channel(2, "eu", "EU", "EUR", "DE"),
                             make_channel(3, "jp", "Japan", "JPY", "JP")]
    store = make_store(saleor=fake_saleor)
    policy = DiscountPolicy.objects.create(
        installation=store, name="Fixed", kind="fixed", value=Decimal(5),
        minimum_spend=Decimal(30), channel_values={
            "EUR": {"value": "4"}, "jp": {"value": "500", "minimum_spend": "3000"}})

    # when
    for number, channel in enumerate(["default-channel", "eu", "jp"]):
        hold_code(store, policy, channel, f"reminder:{number}", T0)

    # then
    listings = {voucher.channel_slug: fake_saleor.vouchers[voucher.saleor_id]["channelListings"][0]
                for voucher in DiscountVoucher.objects.all()}
    assert {slug: (listing["discountValue"], listing["minSpent"]["amount"])
            for slug, listing in listings.items()} == {
        "default-channel": (5.0, 30.0), "eu": (4.0, 30.0), "jp": (500.0, 3000.0)}
    assert {voucher["discountValueType"] for voucher in fake_saleor.vouchers.values()} == {
        "FIXED"}


@pytest.mark.parametrize("terms, field", [
    ({"value": Decimal(0)}, "value"),
    ({"value": Decimal(120)}, "value"),
    ({"validity": timedelta(minutes=1)}, "validity"),
    ({"validity": timedelta(days=120)}, "validity"),
    ({"channel_values": ["eu", "5"]}, "channel_values"),
    ({"channel_values": {"eu": "5"}}, "channel_values"),
    ({"minimum_spend": Decimal(-1)}, "minimum_spend"),
])
def test_terms_saleor_would_refuse_or_a_shopper_could_not_use_are_refused(terms, field):
    # given
    policy = DiscountPolicy(name="Bad", kind="percentage", **{"value": Decimal(10), **terms})

    # when
    with pytest.raises(ValidationError) as caught:
        policy.clean()

    # then
    assert list(caught.value.message_dict) == [field]


@pytest.mark.parametrize("terms, messages", [
    ({"channel_values": {"eu": {"value": "-1"}}},
     {"channel_values": ["eu: a discount must be more than 0."]}),
    ({"channel_values": {"eu": {"value": "NaN"}}},
     {"channel_values": ["eu: a discount must be more than 0."]}),
    ({"channel_values": {"EUR": {"value": "150"}, "eu": {"value": "5"}}},
     {"channel_values": ["EUR: a percentage cannot be more than 100."]}),
    ({"channel_values": {"EUR": {"minimum_spend": "-1"}, "PLN": {"value": "0"}}},
     {"channel_values": ["EUR: a minimum spend cannot be negative.",
                         "PLN: a discount must be more than 0."]}),
    ({"value": Decimal(120), "channel_values": {"EUR": {"value": "101"}}},
     {"value": ["A percentage cannot be more than 100."],
      "channel_values": ["EUR: a percentage cannot be more than 100."]}),
])
def test_terms_of_a_channel_or_currency_are_refused_under_its_row(terms, messages):
    # given
    policy = DiscountPolicy(name="Bad", kind="percentage", **{"value": Decimal(10), **terms})

    # when
    with pytest.raises(ValidationError) as caught:
        policy.clean()

    # then
    assert caught.value.message_dict == messages
