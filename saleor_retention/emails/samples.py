"""A sample cart to show an email without a shopper: the preview and test-send commands, the
golden tests of the shipped templates and the rendering benchmark all use it.

The cart exercises every branch of the templates: a name long enough to wrap, a line without
a picture, a variant name, quantities above one and a discount."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import get_currency_precision
from django.utils import timezone

from saleor_retention.chains.subjects import MessageContent, MessageDiscount, MessageLine

SAMPLE_FIRST_NAME = "Alex"
SAMPLE_CHECKOUT_URL = "https://shop.example.com/checkout/?token=sample-checkout"
SAMPLE_DISCOUNT_CODE = "COMEBACK10"
SAMPLE_DISCOUNT_LIFETIME = timedelta(hours=24)
# (product name, variant name, thumbnail URL, quantity, unit price in the currency's units)
SAMPLE_LINES = (
    ("Merino Wool Crew-Neck Sweater", "Navy / M",
     "https://cdn.example.com/samples/sweater.png", 2, Decimal("89.90")),
    ("Handcrafted Full-Grain Leather Weekend Duffel Bag with Brass Hardware and a Shoulder Strap",
     "", "https://cdn.example.com/samples/duffel-bag.png", 1, Decimal("1200")),
    ("Organic Cotton Socks, 3-Pack", "", "https://cdn.example.com/samples/socks.png", 3,
     Decimal("12.25")),
    ("Ceramic Pour-Over Coffee Set", "", "https://cdn.example.com/samples/coffee-set.png", 1,
     Decimal("35.5")),
    ("Gift Wrapping", "", "", 1, Decimal("4.5")),
)


def _in_currency(amount: Decimal, currency: str) -> Decimal:
    """Returns ``amount`` rounded to the currency's minor unit, so that in yen (no minor unit)
    the lines still add up to the total a shopper sees."""
    return amount.quantize(Decimal(1).scaleb(-get_currency_precision(currency)),
                           rounding=ROUND_HALF_UP)


def sample_lines(currency: str) -> tuple[MessageLine, ...]:
    """Returns the sample cart's lines, priced in ``currency``."""
    lines = []
    for product_name, variant_name, thumbnail_url, quantity, price in SAMPLE_LINES:
        unit_price = _in_currency(price, currency)
        lines.append(MessageLine(product_name=product_name, variant_name=variant_name,
                                 thumbnail_url=thumbnail_url, quantity=quantity,
                                 unit_price=unit_price, total_price=unit_price * quantity))
    return tuple(lines)


def sample_content(language_code: str = "EN", currency: str = "USD",
                   now: datetime | None = None, channel_slug: str = "") -> MessageContent:
    """Returns the sample cart for Alex in ``language_code`` (a Saleor ``LanguageCodeEnum``
    value) and ``currency``: five lines, their total, and a 10 % code that expires 24 hours
    after ``now`` (default: the current time)."""
    lines = sample_lines(currency)
    moment = now or timezone.now()
    return MessageContent(
        first_name=SAMPLE_FIRST_NAME,
        language=language_code,
        currency=currency,
        total=sum((line.total_price for line in lines), Decimal(0)),
        link_url=SAMPLE_CHECKOUT_URL,
        lines=lines,
        channel_slug=channel_slug,
        discount=MessageDiscount(code=SAMPLE_DISCOUNT_CODE, kind="percentage",
                                 value=Decimal(10), expires_at=moment + SAMPLE_DISCOUNT_LIFETIME),
    )
