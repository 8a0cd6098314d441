"""Turning Saleor's checkout object (webhook or query) into the app's typed view of it.

The same parser reads CHECKOUT_* webhook bodies and the reconciliation query's nodes, since
both select the ``RetentionCheckout`` fragment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from saleor_retention.webhooks.errors import MalformedWebhook
from saleor_retention.webhooks.payloads import optional_datetime


@dataclass(frozen=True)
class CheckoutLine:
    variant_id: str
    variant_name: str
    sku: str
    product_id: str
    product_name: str
    category_id: str
    thumbnail_url: str
    quantity: int
    unit_price: Decimal
    total_price: Decimal

    def as_json(self) -> dict:
        return {"variant_id": self.variant_id, "variant_name": self.variant_name,
                "sku": self.sku, "product_id": self.product_id,
                "product_name": self.product_name, "category_id": self.category_id,
                "thumbnail_url": self.thumbnail_url, "quantity": self.quantity,
                "unit_price": str(self.unit_price), "total_price": str(self.total_price)}


@dataclass(frozen=True)
class CheckoutState:
    """A checkout as Saleor last described it."""

    checkout_id: str
    token: str
    email: str
    customer_id: str
    customer_first_name: str
    customer_last_name: str
    channel_slug: str
    channel_country: str
    currency: str
    language: str
    country: str
    voucher_code: str
    lines: tuple[CheckoutLine, ...]
    subtotal: Decimal
    total: Decimal
    created_at: datetime | None
    updated_at: datetime
    # Public metadata of the checkout, then of its customer: (key, value) pairs.
    metadata: tuple[tuple[str, str], ...] = ()

    def metadata_value(self, key: str) -> str | None:
        """Returns the checkout's value for ``key``, else its customer's, else None."""
        for item_key, value in self.metadata:
            if item_key == key:
                return value
        return None


# Money is kept to a thousandth, as the snapshot's columns store it.
THOUSANDTH = Decimal("0.001")
ZERO = Decimal("0")


def _object(data: dict, key: str) -> dict:
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise MalformedWebhook(f"{key} must be an object.")
    return value


def _text(data: dict, key: str) -> str:
    # The checkout parser reads about thirty fields per webhook: this is
    # optional_text(...) or "" without a second call.
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise MalformedWebhook(f"{key} must be a string.")
    return value


def parse_money(data: dict, key: str) -> tuple[Decimal, str]:
    """Returns (gross amount, currency) of a TaxedMoney field; 0 and "" when absent.
    Raises MalformedWebhook when the amount is not a number."""
    gross = _object(_object(data, key), "gross")
    return _amount(gross, key), _text(gross, "currency").upper()[:3]


def _money(data: dict, key: str) -> Decimal:
    return _amount(_object(_object(data, key), "gross"), key)


def _amount(gross: dict, key: str) -> Decimal:
    amount = gross.get("amount")
    if amount is None:
        return ZERO
    if isinstance(amount, bool) or not isinstance(amount, (int, float, str)):
        raise MalformedWebhook(f"{key} amount must be a number.")
    try:
        # Saleor sends floats; str() keeps the printed value (160.0, 37.79) exactly.
        return Decimal(str(amount)).quantize(THOUSANDTH)
    except InvalidOperation as exc:
        raise MalformedWebhook(f"{key} amount is not a number: {amount!r}.") from exc


def _country(data: dict, key: str) -> str:
    return _text(_object(_object(data, key), "country"), "code").upper()[:2]


def _metadata(data: dict) -> tuple[tuple[str, str], ...]:
    items = data.get("metadata") or []
    if not isinstance(items, list):
        raise MalformedWebhook("metadata must be a list.")
    return tuple((_text(item, "key"), _text(item, "value"))
                 for item in items if isinstance(item, dict))


def _line(data: object) -> CheckoutLine:
    if not isinstance(data, dict):
        raise MalformedWebhook("A checkout line must be an object.")
    variant = _object(data, "variant")
    product = _object(variant, "product")
    quantity = data.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        raise MalformedWebhook(f"A line quantity must be a whole number: {quantity!r}.")
    return CheckoutLine(
        variant_id=_text(variant, "id"), variant_name=_text(variant, "name"),
        sku=_text(variant, "sku"), product_id=_text(product, "id"),
        product_name=_text(product, "name"), category_id=_text(_object(product, "category"), "id"),
        thumbnail_url=_text(_object(product, "thumbnail"), "url"), quantity=quantity,
        unit_price=_money(data, "unitPrice"), total_price=_money(data, "totalPrice"),
    )


def parse_checkout(checkout: dict) -> CheckoutState:
    """Returns the typed checkout; raises MalformedWebhook when a field has the wrong shape
    or ``id``/``updatedAt`` is missing (without ``updatedAt`` nothing can be ordered)."""
    checkout_id = _text(checkout, "id")
    updated_at = optional_datetime(checkout, "updatedAt")
    if not checkout_id or updated_at is None:
        raise MalformedWebhook("The checkout has no id or no updatedAt.")
    lines = checkout.get("lines") or []
    if not isinstance(lines, list):
        raise MalformedWebhook("lines must be a list.")
    user = _object(checkout, "user")
    channel = _object(checkout, "channel")
    total = _object(_object(checkout, "totalPrice"), "gross")
    return CheckoutState(
        checkout_id=checkout_id,
        token=_text(checkout, "token"),
        email=_text(checkout, "email").strip().lower(),
        customer_id=_text(user, "id"),
        customer_first_name=_text(user, "firstName"),
        customer_last_name=_text(user, "lastName"),
        channel_slug=_text(channel, "slug"),
        channel_country=_text(_object(channel, "defaultCountry"), "code").upper()[:2],
        currency=(_text(total, "currency") or _text(channel, "currencyCode")).upper()[:3],
        language=_text(checkout, "languageCode").upper(),
        country=_country(checkout, "shippingAddress") or _country(checkout, "billingAddress"),
        voucher_code=_text(checkout, "voucherCode"),
        lines=tuple(_line(line) for line in lines),
        subtotal=_money(checkout, "subtotalPrice"),
        total=_money(checkout, "totalPrice"),
        created_at=optional_datetime(checkout, "created"),
        updated_at=updated_at,
        metadata=_metadata(checkout) + _metadata(user),
    )
