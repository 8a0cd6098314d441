from decimal import Decimal

import pytest

from saleor_retention.chains.conditions import (
    InvalidConditions,
    SubjectFacts,
    matches,
    parse_conditions,
)

FACTS = SubjectFacts(currency="USD", total=Decimal("120"), language="EN_US",
                     product_ids=frozenset({"P1", "P2"}), category_ids=frozenset({"C1"}))


def never_asked() -> bool:
    raise AssertionError("the customer's history was asked for without need")


@pytest.mark.parametrize("conditions, expected", [
    ({}, True),
    ({"cart_value": {"USD": {"min": "100"}}}, True),
    ({"cart_value": {"USD": {"min": 100, "max": 119.99}}}, False),
    ({"cart_value": {"EUR": {"min": "1"}}}, False),  # a range for other currencies only
    ({"languages": ["EN"]}, True),
    ({"languages": ["EN_GB"]}, False),
    ({"products": {"include": ["P2", "P9"]}}, True),
    ({"products": {"include": ["P9"]}}, False),
    ({"products": {"exclude": ["P1"]}}, False),
    ({"categories": {"include": ["C1"], "exclude": ["C2"]}}, True),
    ({"categories": {"exclude": ["C1"]}}, False),
])
def test_conditions_decide_without_asking_saleor_when_not_needed(conditions, expected):
    # when
    result = matches(parse_conditions(conditions), FACTS, never_asked)

    # then
    assert result is expected


@pytest.mark.parametrize("wanted, returning, expected", [
    ("new", False, True), ("new", True, False), ("returning", True, True),
    ("returning", False, False),
])
def test_new_or_returning_customer(wanted, returning, expected):
    # when
    result = matches(parse_conditions({"customer": wanted}), FACTS, lambda: returning)

    # then
    assert result is expected


@pytest.mark.parametrize("conditions, field, message", [
    ([], "conditions", "must be an object"),
    ({"colour": "red"}, "colour", "unknown condition; use ['cart_value', 'categories', "
                                  "'customer', 'languages', 'products']"),
    ({"cart_value": {"US": {"min": 1}}}, "cart_value.US", "the key must be a 3-letter currency code"),
    ({"cart_value": {"USD": {"min": "ten"}}}, "cart_value.USD.min", "'ten' is not a number"),
    ({"cart_value": {"USD": {"min": -1}}}, "cart_value.USD.min", "must be zero or more"),
    ({"cart_value": {"USD": {"min": 5, "max": 1}}}, "cart_value.USD", "min is greater than max"),
    ({"customer": "vip"}, "customer", "must be one of ['any', 'new', 'returning']"),
    ({"products": {"include": ["P1"], "exclude": ["P1"]}}, "products",
     "an id cannot be both included and excluded"),
    ({"products": {"include": "P1"}}, "products.include", "must be a list of Saleor ids"),
    ({"languages": "EN"}, "languages", "must be a list of language codes such as EN"),
])
def test_wrong_conditions_are_refused_naming_the_field(conditions, field, message):
    # when
    with pytest.raises(InvalidConditions) as refused:
        parse_conditions(conditions)

    # then
    assert (refused.value.field, refused.value.message) == (field, message)
