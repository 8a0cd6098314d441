"""A reminder email's envelope: sender per channel, tags and metadata for the provider."""

from datetime import timedelta

import pytest
from django.core import mail

from saleor_retention.chains.models import ChainStep, Reminder
from saleor_retention.discounts.models import DiscountCode, DiscountPolicy
from tests.fixtures.checkouts import T0, checkout_node, make_store, run_engine, track


def test_a_channel_with_its_own_sender_sends_from_it(db):
    # given
    store = make_store(sender_email="Example Shop <shop@example.com>",
                       channel_senders={"de": "Example DE <hallo@example.de>"})

    # when
    track(store, checkout_node(1, channel="de"))
    track(store, checkout_node(2, email="other@example.com"))
    run_engine(T0 + timedelta(hours=1))

    # then
    assert sorted((message.to[0], message.from_email) for message in mail.outbox) == [
        ("other@example.com", "Example Shop <shop@example.com>"),
        ("shopper@example.com", "Example DE <hallo@example.de>")]


def test_a_reminder_carries_its_tag_and_the_metadata_tracking_needs(db):
    # given
    store = make_store()

    # when
    track(store, checkout_node(1))
    run_engine(T0 + timedelta(hours=1))

    # then
    reminder = Reminder.objects.get(state="sent")
    message = mail.outbox[0]
    assert message.tags == ["first_reminder"]
    assert message.metadata == {"installation": str(store.pk),
                                "chain": str(reminder.run.chain_id), "step": "1",
                                "reminder": str(reminder.pk)}
    assert message.extra_headers["Message-ID"] == reminder.message_id


@pytest.mark.parametrize("consent, shows_code", [("true", True), ("false", False)])
def test_without_consent_the_first_reminder_shows_no_code_and_none_is_issued(db, consent,
                                                                         shows_code):
    # given: a store that requires consent and gives a code in its first step
    store = make_store(marketing_consent_required=True)
    ChainStep.objects.filter(chain__installation=store, position=1).update(
        discount_policy=DiscountPolicy.objects.get(installation=store))

    # when
    track(store, checkout_node(1, metadata={"marketing_consent": consent}))
    run_engine(T0 + timedelta(hours=1))

    # then
    assert len(mail.outbox) == 1
    assert ("Your personal code for 10% off" in mail.outbox[0].body) is shows_code
    assert DiscountCode.objects.filter(state="held").count() == (1 if shows_code else 0)
