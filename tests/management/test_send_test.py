import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command

from saleor_retention.__main__ import main
from saleor_retention.stores.models import StoreSettings
from tests.fixtures.installations import make_installation


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_send_test_delivers_one_marked_email_without_unsubscribe_headers():
    # when
    output = run("send_test", "--to", "owner@example.com")

    # then
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@example.com"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == "[TEST] Alex, you left something in your cart"
    assert sorted(message.extra_headers) == ["Message-ID"]
    assert message.extra_headers["Message-ID"].endswith(".test@retention.test>")
    assert '<a href="#">Unsubscribe</a>' in message.alternatives[0][0]
    assert output.splitlines() == [
        f"Sent to owner@example.com from {settings.DEFAULT_FROM_EMAIL}",
        "Subject: [TEST] Alex, you left something in your cart",
        f"Message-ID: {message.extra_headers['Message-ID']}",
    ]


def test_send_test_refuses_a_bad_address_and_sends_nothing():
    # when
    with pytest.raises(CommandError) as failure:
        run("send_test", "--to", "owner at example.com")

    # then
    assert str(failure.value) == "--to must be an email address, not 'owner at example.com'."
    assert mail.outbox == []


def test_send_test_uses_the_channel_sender_of_a_store(db):
    # given
    installation = make_installation()
    StoreSettings.objects.create(installation=installation, shop_name="Example Shop",
                                 sender_email="Example <shop@example.com>",
                                 channel_senders={"de": "Beispiel <laden@example.de>"})

    # when
    run("send_test", "--to", "owner@example.com", "--template", "follow_up", "--locale", "ru",
        "--currency", "EUR", "--store", installation.saleor_api_url, "--channel", "de")

    # then
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.from_email == "Beispiel <laden@example.de>"
    assert message.subject == "[TEST] Ваша корзина в Example Shop всё ещё ждёт вас"
    assert "Итого: 1\xa0456,55\xa0€" in message.body


def test_send_test_answers_to_its_hyphenated_name(monkeypatch, capsys):
    # given
    monkeypatch.setattr(sys, "argv", ["saleor-retention", "send-test",
                                      "--to", "owner@example.com", "--template", "last_chance"])

    # when
    main()

    # then
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[TEST] 10% off your cart, until ")
    assert capsys.readouterr().out.splitlines()[0] == (
        f"Sent to owner@example.com from {settings.DEFAULT_FROM_EMAIL}")
