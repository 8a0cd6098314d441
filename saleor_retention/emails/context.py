"""The variables of a reminder email (``emails.variables.VARIABLES``), formatted for the
shopper: money in the currency's own digits and the shopper's language, dates in the
shopper's time zone."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_percent

from saleor_retention.chains.subjects import MessageContent, MessageDiscount
from saleor_retention.installations.models import Installation
from saleor_retention.stores.models import StoreSettings

HUNDRED = Decimal(100)


@lru_cache(maxsize=64)
def babel_locale(language_code: str) -> Locale:
    """Returns the CLDR locale of a Saleor language code ("EN_US", "RU", "pt-BR"); English
    when there is none or it is unknown."""
    try:
        return Locale.parse((language_code or "en").replace("-", "_"), sep="_")
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def format_money(amount: Decimal, currency: str, locale: Locale) -> str:
    """Returns ``amount`` as the shopper reads it: "$1,200.50", "1 200,50 ₽", "¥1,200"."""
    if not currency:
        return format_currency(amount, "XXX", locale=locale, format="#,##0.00")
    return format_currency(amount, currency, locale=locale)


def format_moment(moment: datetime, zone: ZoneInfo, locale: Locale) -> str:
    """Returns a date and time in the shopper's zone, to the minute: "Nov 30, 2026, 1:00 PM",
    "30 нояб. 2026 г., 15:00"."""
    local = moment.astimezone(zone)
    return str(locale.datetime_formats["medium"]).format(
        format_time(local, "short", locale=locale), format_date(local, "medium", locale=locale))


def _discount_value(discount: MessageDiscount, currency: str, locale: Locale) -> str:
    if discount.kind == "percentage":
        return format_percent(discount.value / HUNDRED, locale=locale, decimal_quantization=False)
    return format_money(discount.value, currency, locale)


def shop_name(store: StoreSettings, installation: Installation | None) -> str:
    """Returns the name the store set, else its Saleor domain."""
    if store.shop_name or installation is None:
        return store.shop_name or "our shop"
    return installation.saleor_domain or urlsplit(installation.saleor_api_url).hostname or ""


def email_context(content: MessageContent, store: StoreSettings, installation: Installation | None,
                  unsubscribe_url: str, zone: ZoneInfo) -> dict:
    """Returns the template variables for ``content``."""
    locale = babel_locale(content.language)
    discount = None
    if content.discount is not None:
        discount = {
            "code": content.discount.code,
            "value": _discount_value(content.discount, content.currency, locale),
            "expires_at": format_moment(content.discount.expires_at, zone, locale),
        }
    return {
        "shop": {"name": shop_name(store, installation), "logo_url": store.logo_url,
                 "contact_email": store.contact_email, "contact_phone": store.contact_phone,
                 "contact_address": store.contact_address},
        "customer": {"first_name": content.first_name.strip(),
                     "last_name": content.last_name.strip()},
        "lines": [{"product_name": line.product_name, "variant_name": line.variant_name,
                   "thumbnail_url": line.thumbnail_url, "quantity": line.quantity,
                   "unit_price": format_money(line.unit_price, content.currency, locale),
                   "total_price": format_money(line.total_price, content.currency, locale)}
                  for line in content.lines],
        "line_count": len(content.lines),
        "total": format_money(content.total, content.currency, locale),
        "currency": content.currency,
        "checkout_url": content.link_url,
        "discount": discount,
        "unsubscribe_url": unsubscribe_url,
        "language": str(locale),
    }
