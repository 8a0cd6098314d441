"""Discount policies: what a step's email offers. Changing them needs MANAGE_DISCOUNTS, as
discounts do in Saleor; the codes themselves are issued at send time (``discounts.issuing``)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import graphene
from django.core.exceptions import ValidationError

from saleor_retention.api.base import StaffMutation, staff
from saleor_retention.api.configuration_common import (
    MANAGE_CHECKOUTS,
    MANAGE_DISCOUNTS,
    Problems,
    enum_value,
    finite_decimal,
    id_list,
    own_row,
)
from saleor_retention.discounts.models import DiscountPolicy

# The model's field names as the API spells them.
INPUT_FIELDS = {"name": "name", "kind": "kind", "value": "value",
                "minimum_spend": "minimumSpend", "channel_values": "channelValues",
                "validity": "validityMinutes", "once_per_customer": "oncePerCustomer",
                "product_ids": "productIds", "category_ids": "categoryIds"}
TERMS = ("value", "minimum_spend")


def plain(number: Decimal) -> Decimal:
    """Returns ``number`` without trailing zeros or an exponent: 10.000 → 10, 2.500 → 2.5."""
    return Decimal(format(number.normalize(), "f"))


class DiscountKind(graphene.Enum):
    """How a discount's value counts."""

    class Meta:
        name = "RetentionDiscountKind"

    PERCENTAGE = "percentage"
    FIXED = "fixed"

    @property
    def description(self):
        return {"PERCENTAGE": "A percentage of the cart (or of the products it applies to).",
                "FIXED": "An amount in the channel's currency."}[self.name]


class DiscountPolicyType(graphene.ObjectType):
    """What a discount offers and for how long; a step's email shows one code of it."""

    class Meta:
        name = "RetentionDiscountPolicy"

    id = graphene.ID(required=True, description="The policy's id.")
    name = graphene.String(required=True, description="The policy's name, for staff.")
    kind = graphene.Field(DiscountKind, required=True, description="Percentage or amount.")
    value = graphene.Decimal(required=True, description=(
        "Percent off, or the amount off in the channel's currency."))
    minimum_spend = graphene.Decimal(description="The smallest cart it applies to, if any.")
    channel_values = graphene.JSONString(required=True, description=(
        'Terms of a channel or currency of its own: {"<channel slug>" or "EUR": {"value": "5", '
        '"minimum_spend": "30"}}; others use `value` and `minimumSpend`.'))
    validity_minutes = graphene.Int(required=True,
                                    description="How long a code lasts after it is shown.")
    once_per_customer = graphene.Boolean(required=True,
                                         description="Whether a customer may use it once.")
    product_ids = graphene.List(graphene.NonNull(graphene.String), required=True,
                                description="Saleor products it applies to; empty: all.")
    category_ids = graphene.List(graphene.NonNull(graphene.String), required=True,
                                 description="Saleor categories it applies to; empty: all.")

    @staticmethod
    def resolve_value(policy, info):
        return plain(policy.value)

    @staticmethod
    def resolve_minimum_spend(policy, info):
        return None if policy.minimum_spend is None else plain(policy.minimum_spend)

    @staticmethod
    def resolve_validity_minutes(policy, info):
        return int(policy.validity.total_seconds() // 60)


class DiscountPolicyInput(graphene.InputObjectType):
    """A policy's fields; those left out stay as they are (or take their default)."""

    class Meta:
        name = "RetentionDiscountPolicyInput"

    name = graphene.String(description="The policy's name; required to create one.")
    kind = DiscountKind(description="Percentage or amount; default PERCENTAGE.")
    value = graphene.Decimal(description="More than 0 (at most 100 for a percentage); "
                                         "required to create one.")
    minimum_spend = graphene.Decimal(description="The smallest cart; null for none.")
    channel_values = graphene.JSONString(description="See `RetentionDiscountPolicy`.")
    validity_minutes = graphene.Int(description="5 minutes to 90 days; default 24 hours.")
    once_per_customer = graphene.Boolean(description="Default true.")
    product_ids = graphene.List(graphene.NonNull(graphene.String),
                                description="Saleor product ids; empty: the whole order.")
    category_ids = graphene.List(graphene.NonNull(graphene.String),
                                 description="Saleor category ids; empty: the whole order.")


def _channel_values(data: object, problems: Problems) -> dict:
    """Returns the terms per channel with their numbers as strings; adds a problem for a
    shape ``DiscountPolicy`` could not read."""
    if data is None:
        return {}
    if isinstance(data, dict) and all(isinstance(key, str) and key.strip()
                                      and isinstance(terms, dict) and terms
                                      and set(terms) <= set(TERMS)
                                      for key, terms in data.items()):
        result = {}
        for key, terms in data.items():
            numbers = {name: finite_decimal(number) for name, number in terms.items()}
            if any(number is None or number < 0 for number in numbers.values()):
                break
            result[key.strip()] = {name: str(number) for name, number in numbers.items()}
        else:
            return result
    problems.add("channelValues", "invalid", 'Give {"<channel slug or currency>": {"value": '
                 '"5", "minimum_spend": "30"}} with numbers of 0 or more.')
    return {}


def _apply(policy: DiscountPolicy, data: dict, problems: Problems) -> None:
    if "name" in data:
        policy.name = (data["name"] or "").strip()
        if not policy.name:
            problems.add("name", "required", "A policy needs a name.")
    for key, field in (("kind", "kind"), ("once_per_customer", "oncePerCustomer")):
        if key in data and data[key] is None:
            problems.add(field, "required", "Give a value or leave it out.")
        elif key in data:
            setattr(policy, key, enum_value(data[key]))
    for key, field in (("value", "value"), ("minimum_spend", "minimumSpend")):
        if key in data:
            number = data[key]
            if number is None and key == "value":
                problems.add(field, "required", "A policy needs a value.")
            elif number is not None and (not number.is_finite() or number < 0):
                problems.add(field, "invalid", "Give a number of 0 or more.")
            else:
                setattr(policy, key, number)
    if "channel_values" in data:
        policy.channel_values = _channel_values(data["channel_values"], problems)
    if "validity_minutes" in data:
        if data["validity_minutes"] is None:
            problems.add("validityMinutes", "required", "A code needs a validity.")
        else:
            policy.validity = timedelta(minutes=data["validity_minutes"])
    for key, field in (("product_ids", "productIds"), ("category_ids", "categoryIds")):
        if key in data:
            ids = id_list(data[key] or [])
            if ids is None:
                problems.add(field, "invalid", "Give Saleor ids, none of them empty.")
            setattr(policy, key, ids or [])


def _validated(policy: DiscountPolicy, problems: Problems) -> None:
    """Adds the model's own verdict (``DiscountPolicy.clean`` and its fields' limits) and
    raises MutationError when anything is wrong."""
    problems.raise_any()
    try:
        policy.full_clean(exclude=["installation"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            problems.add(INPUT_FIELDS.get(field), "invalid", " ".join(messages))
    problems.raise_any()


class DiscountPolicyCreate(StaffMutation):
    """Creates a discount policy. Requires MANAGE_DISCOUNTS."""

    class Meta:
        name = "RetentionDiscountPolicyCreate"

    class Arguments:
        input = DiscountPolicyInput(required=True, description="The policy's fields.")

    discount_policy = graphene.Field(DiscountPolicyType, description="The new policy.")
    permissions = (MANAGE_DISCOUNTS,)

    @classmethod
    def perform(cls, info, caller, input):
        policy = DiscountPolicy(installation=caller.installation)
        problems = Problems()
        _apply(policy, {"name": "", "value": None, **input}, problems)
        _validated(policy, problems)
        policy.save()
        return {"discount_policy": policy}


class DiscountPolicyUpdate(StaffMutation):
    """Changes a discount policy. Codes already shown keep their terms; the next ones get
    the new terms. Requires MANAGE_DISCOUNTS."""

    class Meta:
        name = "RetentionDiscountPolicyUpdate"

    class Arguments:
        id = graphene.ID(required=True, description="The policy's id.")
        input = DiscountPolicyInput(required=True,
                                    description="The fields to change; others stay.")

    discount_policy = graphene.Field(DiscountPolicyType, description="The policy as it is now.")
    permissions = (MANAGE_DISCOUNTS,)

    @classmethod
    def perform(cls, info, caller, id, input):
        policy = own_row(DiscountPolicy.objects.all(), caller, id, "id", "discount policy")
        problems = Problems()
        _apply(policy, input, problems)
        _validated(policy, problems)
        policy.save()
        return {"discount_policy": policy}


class DiscountPolicyDelete(StaffMutation):
    """Deletes a discount policy, even one that steps use: those steps (and their pending
    reminders) then offer no discount. Codes already shown stay valid until they expire.
    Requires MANAGE_DISCOUNTS."""

    class Meta:
        name = "RetentionDiscountPolicyDelete"

    class Arguments:
        id = graphene.ID(required=True, description="The policy's id.")

    deleted_id = graphene.ID(description="The id of the deleted policy.")
    permissions = (MANAGE_DISCOUNTS,)

    @classmethod
    def perform(cls, info, caller, id):
        policy = own_row(DiscountPolicy.objects.all(), caller, id, "id", "discount policy")
        deleted_id = policy.pk
        policy.delete()
        return {"deleted_id": deleted_id}


class DiscountQueries(graphene.ObjectType):
    retention_discount_policies = graphene.List(
        graphene.NonNull(DiscountPolicyType), required=True,
        description="The store's discount policies by name. Requires MANAGE_CHECKOUTS.")

    @staticmethod
    def resolve_retention_discount_policies(root, info):
        caller = staff(info, MANAGE_CHECKOUTS)
        return list(DiscountPolicy.objects.filter(installation=caller.installation)
                    .order_by("name", "id"))


class DiscountMutations(graphene.ObjectType):
    retention_discount_policy_create = DiscountPolicyCreate.Field(
        description="Creates a discount policy.")
    retention_discount_policy_update = DiscountPolicyUpdate.Field(
        description="Changes a discount policy.")
    retention_discount_policy_delete = DiscountPolicyDelete.Field(
        description="Deletes a discount policy.")
