"""A reminder email's envelope: sender per channel, tags and metadata for the provider."""

from dataclasses import dataclass, replace
from datetime import timedelta

from django.core import mail

from saleor_retention.chains.models import Reminder
from saleor_retention.emails.messages import reminder_email
from saleor_retention.emails.samples import sample_content
from saleor_retention.recipients.models import Recipient
from saleor_retention.stores.services import settings_for
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


@dataclass
class SubjectWithCode:
    """A subject whose content has a discount (the discounts room will issue real ones)."""

    email: str = "shopper@example.com"
    countries: tuple = ("US",)
    marketing_consent: bool | None = None

    def content(self):
        return replace(sample_content("EN", "USD", now=T0), link_url="https://shop/x")


def test_a_service_only_reminder_shows_no_code(db):
    # given
    store = make_store()
    track(store, checkout_node(1))
    run_engine(T0 + timedelta(hours=1))
    reminder = Reminder.objects.get(position=1)
    recipient = Recipient.objects.get()

    # when
    with_code = reminder_email(reminder, SubjectWithCode(), settings_for(store), recipient)
    without = reminder_email(reminder, SubjectWithCode(), settings_for(store), recipient,
                             with_discount=False)

    # then
    assert "COMEBACK10" in with_code.body
    assert "COMEBACK10" not in without.body
    assert "COMEBACK10" not in without.alternatives[0][0]
