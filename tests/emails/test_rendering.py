"""Golden tests: every shipped template in every shipped language makes a whole email."""

from datetime import datetime, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from saleor_retention.chains.subjects import MessageContent, MessageDiscount, MessageLine
from saleor_retention.emails import rendering
from saleor_retention.emails.messages import compose
from saleor_retention.emails.sources import STEP_TEMPLATES, shipped_folder, shipped_languages
from saleor_retention.emails.store_templates import save_template
from saleor_retention.stores.models import StoreSettings
from tests.fixtures.checkouts import T0, make_store

LONG_NAME = ("Extra-long organic cotton hooded sweatshirt with embroidered mountain landscape "
             "and two pockets")
CHECKOUT_LINK = "https://shop.example.com/checkout/Q2hlY2tvdXQ6MQ"
UNSUBSCRIBE_LINK = "https://retention.test/unsubscribe/token/"
EXPIRES = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)


def cart(language: str, currency: str, prices: list[str]) -> MessageContent:
    """Five lines: a long name, one without thumbnail, one without variant name."""
    names = ["Monospace Tee", LONG_NAME, "Apple Juice", "Paul's Balance 420", "Gift card"]
    quantities = [2, 1, 3, 1, 1]
    lines = tuple(
        MessageLine(product_name=name, variant_name="" if index == 2 else "M",
                    thumbnail_url="" if index == 3 else f"https://cdn.example.com/{index}.png",
                    quantity=quantity, unit_price=Decimal(price),
                    total_price=Decimal(price) * quantity)
        for index, (name, quantity, price) in enumerate(zip(names, quantities, prices)))
    return MessageContent(
        first_name="Ada", language=language, currency=currency,
        total=sum((line.total_price for line in lines), Decimal(0)), link_url=CHECKOUT_LINK,
        lines=lines, discount=MessageDiscount("BACK-7Q2X", "percentage", Decimal(10), EXPIRES))


STORE = StoreSettings(shop_name="Example Shop", contact_email="help@shop.example.com",
                      contact_phone="+1 555 0100")
# (language code, currency, unit prices, expected total, expected price of line 1 × 2)
CASES = [
    ("EN_US", "USD", ["20.00", "59.90", "1.99", "120.00", "25.00"], "$250.87", "$40.00"),
    ("EN", "JPY", ["2500", "8900", "300", "15000", "3000"], "¥32,800", "¥5,000"),
    # Russian groups digits and parts the sign with no-break spaces.
    ("RU", "RUB", ["1500.00", "4990.50", "120.00", "9900.00", "2000.00"],
     "20\u00a0250,50\u00a0₽", "3\u00a0000,00\u00a0₽"),
]
BUTTON = {"en": "Back to my cart", "ru": "Вернуться к корзине"}
UNSUBSCRIBE = {"en": "Unsubscribe", "ru": "Отписаться"}


def test_english_and_russian_ship_every_step_template():
    assert shipped_languages() == ("en", "ru")
    assert STEP_TEMPLATES == ("first_reminder", "follow_up", "last_chance")


@pytest.mark.parametrize("template", STEP_TEMPLATES)
@pytest.mark.parametrize("language, currency, prices, total, line_total", CASES)
def test_a_shipped_template_shows_the_whole_cart(db, template, language, currency, prices,
                                                total, line_total):
    # given
    content = cart(language, currency, prices)

    # when
    email = compose(None, STORE, content, template, ZoneInfo("America/New_York"),
                    UNSUBSCRIBE_LINK)

    # then: the HTML
    base = language[:2].lower()
    assert email.html.count("cdn.example.com/") == 4  # the line without thumbnail has none
    for line in content.lines:
        assert line.product_name.replace("'", "&#x27;") in email.html
    assert total in email.html
    assert line_total in email.html
    assert f'href="{CHECKOUT_LINK}"' in email.html
    assert f'href="{UNSUBSCRIBE_LINK}"' in email.html
    assert "help@shop.example.com" in email.html
    assert "BACK-7Q2X" in email.html  # any step may carry a code
    assert "{{" not in email.html and "{%" not in email.html
    # and the plain text reads as a letter
    assert email.text.startswith("Example Shop\n\n")
    assert ("Hi Ada," if base == "en" else "Ada, здравствуйте!") in email.text
    for line in content.lines:
        assert f"\n{line.product_name}\n" in email.text
    assert total in email.text
    assert f"{BUTTON[base]} ({CHECKOUT_LINK})" in email.text
    assert f"{UNSUBSCRIBE[base]} ({UNSUBSCRIBE_LINK})" in email.text
    assert "<" not in email.text and "{{" not in email.text
    assert email.subject and "\n" not in email.subject


def test_the_last_chance_shows_the_code_and_its_expiry_in_the_shoppers_zone_and_language():
    # given
    english = cart("EN_US", "USD", CASES[0][2])
    russian = cart("RU", "RUB", CASES[2][2])

    # when
    email_en = compose(None, STORE, english, "last_chance", ZoneInfo("America/New_York"), "#")
    email_ru = compose(None, STORE, russian, "last_chance", ZoneInfo("Europe/Moscow"), "#")

    # then
    assert email_en.subject == "10% off your cart, until Nov 30, 2026, 7:00 AM"
    assert "BACK-7Q2X\n\nValid until Nov 30, 2026, 7:00\u202fAM." in email_en.text
    assert email_ru.subject == "Скидка 10 % на вашу корзину до 30 нояб. 2026 г., 15:00"
    assert "BACK-7Q2X\n\nДействует до 30 нояб. 2026\u202fг., 15:00." in email_ru.text


def test_without_a_first_name_the_greeting_falls_back():
    # given
    content = cart("EN", "USD", CASES[0][2])
    nameless = MessageContent(**{**content.__dict__, "first_name": "  "})

    # when
    email = compose(None, STORE, nameless, "first_reminder", ZoneInfo("UTC"), "#")

    # then
    assert email.subject == "You left something in your cart"
    assert "\nHello,\n" in email.text


def test_a_language_the_app_does_not_ship_falls_back_to_english():
    # given: German, and Brazilian Portuguese (neither pt_br nor pt exists)
    for code in ("DE", "PT_BR"):
        content = cart(code, "EUR", CASES[0][2])

        # when
        email = compose(None, STORE, content, "first_reminder", ZoneInfo("UTC"), "#")

        # then: English words, money in the shopper's own format
        assert email.subject == "Ada, you left something in your cart"
        assert ("250,87\u00a0€" if code == "DE" else "€\u00a0250,87") in email.text


def test_mjml_is_compiled_once_per_template_version(db, monkeypatch):
    # given
    compiled = []
    real_compiler = rendering.mjml.mjml2html
    monkeypatch.setattr(rendering.mjml, "mjml2html",
                        lambda source: compiled.append(1) or real_compiler(source))
    rendering.forget_compiled()
    store = make_store()
    ada, bo = cart("EN", "USD", CASES[0][2]), cart("EN", "USD", CASES[0][2][::-1])

    # when: two shoppers, then the store edits the template, then two more
    subjects = [compose(store, STORE, content, "follow_up", ZoneInfo("UTC"), "#").subject
                for content in (ada, bo)]
    save_template(store, "follow_up", "en",
                  (shipped_folder() / "en" / "follow_up.mjml").read_text(), T0,
                  subject="Edited for {{ customer.first_name }}")
    compiled_before_sends = len(compiled)
    subjects += [compose(store, STORE, content, "follow_up", ZoneInfo("UTC"), "#").subject
                 for content in (ada, bo)]

    # then: one compile per version (the save checks its draft with one more)
    assert compiled_before_sends == 2
    assert len(compiled) == 3
    assert subjects == ["Your cart at Example Shop is still waiting for you"] * 2 + [
        "Edited for Ada"] * 2
