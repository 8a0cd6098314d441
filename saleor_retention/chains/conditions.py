"""Which subjects a chain takes: its conditions, stored as JSON on the chain.

    {"cart_value": {"USD": {"min": "50", "max": "500"}},   # per currency, either bound optional
     "customer": "any" | "new" | "returning",
     "products": {"include": [ids], "exclude": [ids]},
     "categories": {"include": [ids], "exclude": [ids]},
     "languages": ["EN", "RU"]}                             # Saleor LanguageCodeEnum values

Every key is optional; an empty object matches everything. ``parse_conditions`` checks a
document and says exactly what is wrong; ``matches`` decides for one subject."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

CUSTOMER_KINDS = ("any", "new", "returning")
KNOWN_KEYS = {"cart_value", "customer", "products", "categories", "languages"}


class InvalidConditions(ValueError):
    """The conditions document is wrong; ``field`` names the part (e.g. "cart_value.USD")."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class ValueRange:
    minimum: Decimal | None
    maximum: Decimal | None

    def contains(self, amount: Decimal) -> bool:
        return ((self.minimum is None or amount >= self.minimum)
                and (self.maximum is None or amount <= self.maximum))


@dataclass(frozen=True)
class Conditions:
    cart_value: dict[str, ValueRange] = field(default_factory=dict)
    customer: str = "any"
    include_products: frozenset[str] = frozenset()
    exclude_products: frozenset[str] = frozenset()
    include_categories: frozenset[str] = frozenset()
    exclude_categories: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SubjectFacts:
    """What conditions look at, whatever the subject is."""

    currency: str
    total: Decimal
    language: str
    product_ids: frozenset[str]
    category_ids: frozenset[str]


def _amount(value: object, where: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InvalidConditions(where, "must be a number")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise InvalidConditions(where, f"{value!r} is not a number") from None
    if not amount.is_finite() or amount < 0:
        raise InvalidConditions(where, "must be zero or more")
    return amount


def _ids(data: dict, key: str, where: str) -> tuple[frozenset[str], frozenset[str]]:
    part = data.get(key) or {}
    if not isinstance(part, dict) or set(part) - {"include", "exclude"}:
        raise InvalidConditions(where, 'must be {"include": [...], "exclude": [...]}')
    result = []
    for side in ("include", "exclude"):
        values = part.get(side) or []
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise InvalidConditions(f"{where}.{side}", "must be a list of Saleor ids")
        result.append(frozenset(values))
    if result[0] & result[1]:
        raise InvalidConditions(where, "an id cannot be both included and excluded")
    return result[0], result[1]


def parse_conditions(data: object) -> Conditions:
    """Returns the typed conditions; raises InvalidConditions naming the faulty part."""
    if data in (None, {}):
        return Conditions()
    if not isinstance(data, dict):
        raise InvalidConditions("conditions", "must be an object")
    unknown = set(data) - KNOWN_KEYS
    if unknown:
        raise InvalidConditions(sorted(unknown)[0], f"unknown condition; use {sorted(KNOWN_KEYS)}")
    ranges = {}
    cart_value = data.get("cart_value") or {}
    if not isinstance(cart_value, dict):
        raise InvalidConditions("cart_value", "must map currency codes to {min, max}")
    for currency, bounds in cart_value.items():
        where = f"cart_value.{currency}"
        if not (isinstance(currency, str) and len(currency) == 3 and currency.isalpha()):
            raise InvalidConditions(where, "the key must be a 3-letter currency code")
        if not isinstance(bounds, dict) or set(bounds) - {"min", "max"}:
            raise InvalidConditions(where, "must be {\"min\": …, \"max\": …}")
        value_range = ValueRange(_amount(bounds.get("min"), f"{where}.min"),
                                 _amount(bounds.get("max"), f"{where}.max"))
        if (value_range.minimum is not None and value_range.maximum is not None
                and value_range.minimum > value_range.maximum):
            raise InvalidConditions(where, "min is greater than max")
        ranges[currency.upper()] = value_range
    customer = data.get("customer", "any")
    if customer not in CUSTOMER_KINDS:
        raise InvalidConditions("customer", f"must be one of {list(CUSTOMER_KINDS)}")
    include_products, exclude_products = _ids(data, "products", "products")
    include_categories, exclude_categories = _ids(data, "categories", "categories")
    languages = data.get("languages") or []
    if not isinstance(languages, list) or not all(isinstance(v, str) and v for v in languages):
        raise InvalidConditions("languages", "must be a list of language codes such as EN")
    return Conditions(ranges, customer, include_products, exclude_products, include_categories,
                      exclude_categories, frozenset(code.upper() for code in languages))


def _language_matches(wanted: frozenset[str], language: str) -> bool:
    # "EN" in the conditions takes EN, EN_US, EN_GB...; "EN_US" takes only EN_US.
    return language in wanted or language.split("_")[0] in wanted


def matches(conditions: Conditions, facts: SubjectFacts,
            is_returning_customer: Callable[[], bool]) -> bool:
    """Returns whether a subject meets every condition. ``is_returning_customer`` is asked
    last and only when the chain cares, since it may call Saleor."""
    if conditions.cart_value:
        value_range = conditions.cart_value.get(facts.currency)
        if value_range is None or not value_range.contains(facts.total):
            return False
    if conditions.languages and not _language_matches(conditions.languages, facts.language):
        return False
    if conditions.include_products and not conditions.include_products & facts.product_ids:
        return False
    if conditions.exclude_products & facts.product_ids:
        return False
    if (conditions.include_categories
            and not conditions.include_categories & facts.category_ids):
        return False
    if conditions.exclude_categories & facts.category_ids:
        return False
    if conditions.customer != "any":
        return is_returning_customer() == (conditions.customer == "returning")
    return True
