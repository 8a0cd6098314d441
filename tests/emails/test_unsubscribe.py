"""One-click unsubscribe: the headers every reminder carries, the page, and what it stops."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from saleor_retention.chains.models import ChainRun, Reminder
from saleor_retention.recipients.models import Recipient
from tests.fixtures.checkouts import T0, checkout_node, make_store, run_engine, track

ONE_CLICK = "List-Unsubscribe=One-Click"


def first_reminder_path(store) -> str:
    """Sends the first reminder and returns the path of its List-Unsubscribe address."""
    track(store, checkout_node(1, first_name="Ada"))
    run_engine(T0 + timedelta(hours=1))
    header = mail.outbox[-1].extra_headers["List-Unsubscribe"]
    return urlsplit(header.strip("<>")).path


def test_every_reminder_carries_the_one_click_headers_and_the_same_link_in_its_footer(db):
    # given
    store = make_store()

    # when
    path = first_reminder_path(store)

    # then
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == ONE_CLICK
    link = f"http://retention.test{path}"
    assert message.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert f"Unsubscribe ({link})" in message.body
    assert f'href="{link}"' in message.alternatives[0][0]
    assert "shopper@example.com" not in path


def test_a_bare_one_click_post_without_cookies_unsubscribes_and_stops_the_chain(db):
    # given
    store = make_store()
    path = first_reminder_path(store)
    client = Client(enforce_csrf_checks=True)  # a mail client: no cookie, no CSRF token

    # when
    response = client.post(path, data=ONE_CLICK, content_type="application/x-www-form-urlencoded")
    run_engine(T0 + timedelta(hours=24))
    run_engine(T0 + timedelta(hours=48))

    # then
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    recipient = Recipient.objects.get(email="shopper@example.com")
    assert recipient.unsubscribed_at is not None
    assert len(mail.outbox) == 1
    assert list(Reminder.objects.order_by("position").values_list("state", "reason")) == [
        ("sent", ""), ("skipped", "unsubscribed"), ("skipped", "unsubscribed")]
    assert ChainRun.objects.get().end_reason == "unsubscribed"


def test_opening_the_link_only_asks_and_changes_nothing(db):
    # given: mail scanners open every link in a message
    store = make_store()
    path = first_reminder_path(store)

    # when
    response = Client().get(path)

    # then
    assert response.status_code == 200
    assert "Stop the emails that remind you of a cart you left at Example Shop?" in (
        response.content.decode())
    assert Recipient.objects.get().unsubscribed_at is None


def test_undo_brings_the_reminders_back(db):
    # given
    store = make_store()
    path = first_reminder_path(store)
    Client().post(path)

    # when
    response = Client(enforce_csrf_checks=True).post(f"{path}undo/")

    # then
    assert response.status_code == 200
    assert "you will get cart reminders from Example Shop again" in response.content.decode()
    assert Recipient.objects.get().unsubscribed_at is None


@pytest.mark.parametrize("forge", [
    lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # altered signature
    lambda token: "WzEsMV0:1xXCpi:" + "x" * 43,  # made up
    lambda token: token.split(":")[0],  # cut short
])
def test_a_forged_or_altered_token_is_refused_and_changes_nothing(db, forge):
    # given
    store = make_store()
    path = first_reminder_path(store)
    token = path.split("/")[2]

    # when
    response = Client().post(f"/unsubscribe/{forge(token)}/", data=ONE_CLICK,
                             content_type="application/x-www-form-urlencoded")

    # then
    assert response.status_code == 400
    assert Recipient.objects.get().unsubscribed_at is None


def test_a_link_of_an_erased_shopper_says_so(db):
    # given
    store = make_store()
    path = first_reminder_path(store)
    Recipient.objects.all().delete()

    # when
    response = Client().post(path)

    # then
    assert response.status_code == 200
    assert "This address is no longer on our list" in response.content.decode()


def test_a_suppressed_address_gets_nothing_from_that_store(db):
    # given: a hard bounce put the address on the store's suppression list
    store = make_store()
    Recipient.objects.create(installation=store, email="shopper@example.com",
                             suppressed_at=T0, suppression_reason="bounced")

    # when
    track(store, checkout_node(1))
    run_engine(T0 + timedelta(hours=1))

    # then
    assert mail.outbox == []
    assert Reminder.objects.get(position=1).reason == "suppressed"
    assert ChainRun.objects.get().end_reason == "suppressed"
