"""The steps of a chain: the emails it sends and when. Every change re-plans the pending
reminders of the chain's running checkouts (``chains.planning.chain_changed``)."""

from __future__ import annotations

from datetime import timedelta

import graphene
from django.db.models import Max
from django.utils import timezone

from saleor_retention.api.auth import Staff
from saleor_retention.api.base import StaffMutation
from saleor_retention.api.configuration_chains import (
    ChainStepType,
    ChainType,
    DelayFrom,
    StepTemplate,
    store_chains,
)
from saleor_retention.api.configuration_common import (
    MANAGE_CHECKOUTS,
    Problems,
    enum_value,
    own_row,
)
from saleor_retention.api.errors import MutationError
from saleor_retention.chains.models import Chain, ChainStep
from saleor_retention.chains.planning import chain_changed
from saleor_retention.discounts.models import DiscountPolicy

# Saleor deletes a checkout idle for 90 days: no step can come later than that.
MAX_DELAY_MINUTES = 90 * 24 * 60


class ChainStepInput(graphene.InputObjectType):
    """A step's fields; those left out stay as they are (or take their default)."""

    class Meta:
        name = "RetentionChainStepInput"

    delay_minutes = graphene.Int(description=(
        f"Minutes after `delayFrom` (0–{MAX_DELAY_MINUTES}); required to create a step."))
    delay_from = DelayFrom(description="What the delay counts from; default TRIGGER.")
    template = StepTemplate(description="The email; required to create a step.")
    discount_policy_id = graphene.ID(description="The discount to offer; null for none.")


def _apply_step_input(step: ChainStep, caller: Staff, data: dict, problems: Problems) -> None:
    if "delay_minutes" in data:
        minutes = data["delay_minutes"]
        if minutes is None or not 0 <= minutes <= MAX_DELAY_MINUTES:
            problems.add("delayMinutes", "invalid", f"Give 0 to {MAX_DELAY_MINUTES} minutes.")
        else:
            step.delay = timedelta(minutes=minutes)
    if data.get("delay_from") is not None:
        step.delay_from = enum_value(data["delay_from"])
    if data.get("template") is not None:
        step.template = enum_value(data["template"])
    if "discount_policy_id" in data:
        policy_id = data["discount_policy_id"]
        step.discount_policy = None if policy_id is None else own_row(
            DiscountPolicy.objects.all(), caller, policy_id, "discountPolicyId",
            "discount policy")


class ChainStepCreate(StaffMutation):
    """Adds a step at the end of a chain; running checkouts get it too when it is not
    already hours late for them. Requires MANAGE_CHECKOUTS."""

    class Meta:
        name = "RetentionChainStepCreate"

    class Arguments:
        chain_id = graphene.ID(required=True, description="The chain's id.")
        input = ChainStepInput(required=True, description="The step's fields.")

    step = graphene.Field(ChainStepType, description="The new step.")
    chain = graphene.Field(ChainType, description="Its chain as it is now.")
    replanned_reminders = graphene.Int(description="How many pending reminders changed.")
    permissions = (MANAGE_CHECKOUTS,)

    @classmethod
    def perform(cls, info, caller, chain_id, input):
        chain = own_row(Chain.objects.all(), caller, chain_id, "chainId", "chain")
        problems = Problems()
        for key, field in (("delay_minutes", "delayMinutes"), ("template", "template")):
            if input.get(key) is None:
                problems.add(field, "required", "A step needs it.")
        last = chain.steps.aggregate(last=Max("position"))["last"] or 0
        step = ChainStep(chain=chain, position=last + 1)
        given = {key: value for key, value in input.items()
                 if value is not None or key == "discount_policy_id"}
        _apply_step_input(step, caller, given, problems)
        problems.raise_any()
        step.save()
        changed = chain_changed(chain, timezone.now())
        return _answer(caller, chain.pk, step.pk, changed)


class ChainStepUpdate(StaffMutation):
    """Changes a step; its pending reminders move at once. Requires MANAGE_CHECKOUTS."""

    class Meta:
        name = "RetentionChainStepUpdate"

    class Arguments:
        id = graphene.ID(required=True, description="The step's id.")
        input = ChainStepInput(required=True, description="The fields to change; others stay.")

    step = graphene.Field(ChainStepType, description="The step as it is now.")
    chain = graphene.Field(ChainType, description="Its chain as it is now.")
    replanned_reminders = graphene.Int(description="How many pending reminders changed.")
    permissions = (MANAGE_CHECKOUTS,)

    @classmethod
    def perform(cls, info, caller, id, input):
        step = _own_step(caller, id)
        problems = Problems()
        _apply_step_input(step, caller, input, problems)
        problems.raise_any()
        step.save()
        changed = chain_changed(step.chain, timezone.now())
        return _answer(caller, step.chain_id, step.pk, changed)


class ChainStepDelete(StaffMutation):
    """Deletes a step; its pending reminders are skipped. The last step of an enabled chain
    cannot be deleted (switch the chain off first). Requires MANAGE_CHECKOUTS."""

    class Meta:
        name = "RetentionChainStepDelete"

    class Arguments:
        id = graphene.ID(required=True, description="The step's id.")

    deleted_id = graphene.ID(description="The id of the deleted step.")
    chain = graphene.Field(ChainType, description="Its chain as it is now.")
    replanned_reminders = graphene.Int(description="How many pending reminders changed.")
    permissions = (MANAGE_CHECKOUTS,)

    @classmethod
    def perform(cls, info, caller, id):
        step = _own_step(caller, id)
        chain = step.chain
        if chain.is_enabled and not chain.steps.exclude(pk=step.pk).exists():
            raise MutationError("id", "invalid",
                                "This is the chain's only step: switch the chain off first.")
        deleted_id = step.pk
        step.delete()
        changed = chain_changed(chain, timezone.now())
        return {"deleted_id": deleted_id, "chain": store_chains(caller).get(pk=chain.pk),
                "replanned_reminders": changed}


def _answer(caller: Staff, chain_id: int, step_id: int, changed: int) -> dict:
    """Returns the payload: the step and its chain as stored now."""
    chain = store_chains(caller).get(pk=chain_id)
    step = next(step for step in chain.steps.all() if step.pk == step_id)
    return {"step": step, "chain": chain, "replanned_reminders": changed}


def _own_step(caller: Staff, step_id: object) -> ChainStep:
    text = str(step_id or "").strip()
    step = None
    if text.isascii() and text.isdigit():
        step = ChainStep.objects.select_for_update(of=("self", "chain")).select_related(
            "chain").filter(chain__installation=caller.installation, pk=int(text)).first()
    if step is None:
        raise MutationError("id", "not_found", f"There is no step with id {text!r}.")
    return step


class StepMutations(graphene.ObjectType):
    retention_chain_step_create = ChainStepCreate.Field(description="Adds a step.")
    retention_chain_step_update = ChainStepUpdate.Field(description="Changes a step.")
    retention_chain_step_delete = ChainStepDelete.Field(description="Deletes a step.")
