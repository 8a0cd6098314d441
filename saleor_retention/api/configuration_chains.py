"""Chains: which abandoned checkouts a chain takes, and in which order chains are tried
(their steps are changed in ``configuration_steps``). Every change re-plans the pending
reminders of the chain's running checkouts (``chains.planning.chain_changed``)."""

from __future__ import annotations

from datetime import timedelta

import graphene
from django.db.models import Max, Prefetch
from django.utils import timezone

from saleor_retention.api.auth import Staff
from saleor_retention.api.base import StaffMutation, staff
from saleor_retention.api.configuration_common import (
    MANAGE_CHECKOUTS,
    Problems,
    id_list,
    own_row,
)
from saleor_retention.api.configuration_discounts import DiscountPolicyType
from saleor_retention.api.errors import MutationError
from saleor_retention.chains.conditions import InvalidConditions, parse_conditions
from saleor_retention.chains.defaults import refresh_earliest_abandonment
from saleor_retention.chains.models import Chain, ChainRun, ChainStep
from saleor_retention.chains.planning import chain_changed, end_run

# A checkout is not abandoned before a shopper could have finished paying; after 30 days
# the store's max idle time has long ended every reminder.
MIN_ABANDON_MINUTES = 1
MAX_ABANDON_MINUTES = 30 * 24 * 60


class ChainTrigger(graphene.Enum):
    """What starts a chain."""

    class Meta:
        name = "RetentionChainTrigger"

    CHECKOUT_ABANDONED = "checkout_abandoned"

    @property
    def description(self):
        return "A checkout with an email and lines, idle for the chain's time."


class DelayFrom(graphene.Enum):
    """What a step's delay counts from."""

    class Meta:
        name = "RetentionStepDelayFrom"

    TRIGGER = "trigger"
    PREVIOUS_STEP = "previous_step"

    @property
    def description(self):
        return {"TRIGGER": "The shopper's last activity in the checkout.",
                "PREVIOUS_STEP": "When the previous step was sent (or was due)."}[self.name]


class StepTemplate(graphene.Enum):
    """The email a step sends (the store's own version when it saved one)."""

    class Meta:
        name = "RetentionStepTemplate"

    FIRST_REMINDER = "first_reminder"
    FOLLOW_UP = "follow_up"
    LAST_CHANCE = "last_chance"

    @property
    def description(self):
        return {"FIRST_REMINDER": "A reminder of the cart, without pressure.",
                "FOLLOW_UP": "A second reminder.",
                "LAST_CHANCE": "The last email, often with a discount."}[self.name]


class ChainStepType(graphene.ObjectType):
    """One email of a chain."""

    class Meta:
        name = "RetentionChainStep"

    id = graphene.ID(required=True, description="The step's id.")
    position = graphene.Int(required=True, description=(
        "The step's place in its chain; steps are sent in this order. Positions only grow: "
        "deleting a step leaves a gap."))
    delay_minutes = graphene.Int(required=True, description="Minutes after `delayFrom`.")
    delay_from = graphene.Field(DelayFrom, required=True,
                                description="What the delay counts from.")
    template = graphene.Field(StepTemplate, required=True, description="The email it sends.")
    discount_policy = graphene.Field(DiscountPolicyType,
                                     description="The discount its email offers, if any.")

    @staticmethod
    def resolve_delay_minutes(step, info):
        return int(step.delay.total_seconds() // 60)


class ChainType(graphene.ObjectType):
    """A reminder chain: which abandoned checkouts it takes and the emails it sends. A
    checkout runs at most one chain: the first enabled one, by priority, that matches."""

    class Meta:
        name = "RetentionChain"

    id = graphene.ID(required=True, description="The chain's id.")
    name = graphene.String(required=True, description="The chain's name, for staff.")
    trigger = graphene.Field(ChainTrigger, required=True, description="What starts it.")
    enabled = graphene.Boolean(required=True, description="Whether it takes new checkouts.")
    priority = graphene.Int(required=True,
                            description="Lower comes first when several chains match.")
    channels = graphene.List(graphene.NonNull(graphene.String), required=True,
                             description="Channel slugs it applies to; empty: every channel.")
    abandon_after_minutes = graphene.Int(
        required=True, description="Minutes without activity before a checkout is abandoned.")
    conditions = graphene.JSONString(required=True, description=(
        'What a checkout must meet, as JSON: {"cart_value": {"USD": {"min": "50", "max": '
        '"500"}}, "customer": "any"|"new"|"returning", "products": {"include": [ids], '
        '"exclude": [ids]}, "categories": {...}, "languages": ["EN"]}; every key optional.'))
    steps = graphene.List(graphene.NonNull(ChainStepType), required=True,
                          description="Its emails, in the order they are sent.")

    @staticmethod
    def resolve_enabled(chain, info):
        return chain.is_enabled

    @staticmethod
    def resolve_abandon_after_minutes(chain, info):
        return int(chain.abandon_after.total_seconds() // 60)

    @staticmethod
    def resolve_steps(chain, info):
        return chain.steps.all()


class ChainInput(graphene.InputObjectType):
    """A chain's fields; those left out stay as they are (or take their default)."""

    class Meta:
        name = "RetentionChainInput"

    name = graphene.String(description="The chain's name; required to create one.")
    enabled = graphene.Boolean(description=(
        "Whether it takes new checkouts. A new chain starts off, and a chain without steps "
        "cannot be switched on. Switching it off stops its running checkouts."))
    channels = graphene.List(graphene.NonNull(graphene.String),
                             description="Channel slugs; empty: every channel.")
    priority = graphene.Int(description="Lower comes first; a new chain defaults to last.")
    abandon_after_minutes = graphene.Int(description=(
        f"Minutes without activity before a checkout is abandoned ({MIN_ABANDON_MINUTES}–"
        f"{MAX_ABANDON_MINUTES}; default 60)."))
    conditions = graphene.JSONString(description="See `RetentionChain.conditions`.")


def store_chains(caller: Staff):
    return Chain.objects.filter(installation=caller.installation).prefetch_related(
        Prefetch("steps", queryset=ChainStep.objects.select_related("discount_policy")))


def _apply_chain_input(chain: Chain, data: dict, problems: Problems) -> None:
    if "name" in data:
        name = (data["name"] or "").strip()
        if not name or len(name) > 200:
            problems.add("name", "required" if not name else "invalid",
                         "A chain needs a name of at most 200 characters.")
        chain.name = name
    if "enabled" in data:
        if data["enabled"] is None:
            problems.add("enabled", "required", "Say true or false.")
        chain.is_enabled = bool(data["enabled"])
    if "channels" in data:
        channels = id_list(data["channels"] or [])
        if channels is None:
            problems.add("channels", "invalid", "Channels are slugs, none of them empty.")
        chain.channels = channels or []
    if "priority" in data:
        if data["priority"] is None:
            problems.add("priority", "required", "A chain needs a priority.")
        else:
            chain.priority = data["priority"]
    if "abandon_after_minutes" in data:
        minutes = data["abandon_after_minutes"]
        if minutes is None or not MIN_ABANDON_MINUTES <= minutes <= MAX_ABANDON_MINUTES:
            problems.add("abandonAfterMinutes", "invalid",
                         f"Give {MIN_ABANDON_MINUTES} to {MAX_ABANDON_MINUTES} minutes.")
        else:
            chain.abandon_after = timedelta(minutes=minutes)
    if "conditions" in data:
        try:
            parse_conditions(data["conditions"])
        except InvalidConditions as exc:
            problems.add("conditions", "invalid", str(exc))
        chain.conditions = data["conditions"] or {}


def _check_can_be_enabled(chain: Chain, data: dict, problems: Problems) -> None:
    # An enabled chain without steps would take checkouts (a checkout runs one chain, ever)
    # and send them nothing.
    if data.get("enabled") and (chain.pk is None or not chain.steps.exists()):
        problems.add("enabled", "invalid", "Add a step before switching the chain on.")


class ChainCreate(StaffMutation):
    """Creates a chain, switched off and last by default. Requires MANAGE_CHECKOUTS."""

    class Meta:
        name = "RetentionChainCreate"

    class Arguments:
        input = ChainInput(required=True, description="The chain's fields.")

    chain = graphene.Field(ChainType, description="The new chain.")
    permissions = (MANAGE_CHECKOUTS,)

    @classmethod
    def perform(cls, info, caller, input):
        last = Chain.objects.filter(installation=caller.installation).aggregate(
            last=Max("priority"))["last"]
        chain = Chain(installation=caller.installation, is_enabled=False,
                      priority=100 if last is None else last + 1)
        problems = Problems()
        _apply_chain_input(chain, {"name": "", **input}, problems)
        _check_can_be_enabled(chain, input, problems)
        problems.raise_any()
        chain.save()
        chain_changed(chain, timezone.now())
        return {"chain": store_chains(caller).get(pk=chain.pk)}


class ChainUpdate(StaffMutation):
    """Changes a chain; its running checkouts' pending reminders follow at once (switched
    off: they stop). Requires MANAGE_CHECKOUTS."""

    class Meta:
        name = "RetentionChainUpdate"

    class Arguments:
        id = graphene.ID(required=True, description="The chain's id.")
        input = ChainInput(required=True, description="The fields to change; others stay.")

    chain = graphene.Field(ChainType, description="The chain as it is now.")
    replanned_reminders = graphene.Int(description="How many pending reminders changed.")
    permissions = (MANAGE_CHECKOUTS,)

    @classmethod
    def perform(cls, info, caller, id, input):
        chain = own_row(Chain.objects.all(), caller, id, "id", "chain")
        problems = Problems()
        _apply_chain_input(chain, input, problems)
        _check_can_be_enabled(chain, input, problems)
        problems.raise_any()
        chain.save()
        changed = chain_changed(chain, timezone.now())
        return {"chain": store_chains(caller).get(pk=chain.pk), "replanned_reminders": changed}


class ChainDelete(StaffMutation):
    """Deletes a chain with its steps; its running checkouts stop (their pending reminders
    are skipped), sent reminders and recovered orders stay in the reports. Requires
    MANAGE_CHECKOUTS."""

    class Meta:
        name = "RetentionChainDelete"

    class Arguments:
        id = graphene.ID(required=True, description="The chain's id.")

    deleted_id = graphene.ID(description="The id of the deleted chain.")
    permissions = (MANAGE_CHECKOUTS,)

    @classmethod
    def perform(cls, info, caller, id):
        chain = own_row(Chain.objects.all(), caller, id, "id", "chain")
        now = timezone.now()
        for run in ChainRun.objects.filter(chain=chain, state=ChainRun.State.RUNNING):
            end_run(run, ChainRun.State.STOPPED, "chain_deleted", now)
        deleted_id = chain.pk
        chain.delete()
        refresh_earliest_abandonment(caller.installation)
        return {"deleted_id": deleted_id}


class ChainsReorder(StaffMutation):
    """Sets the chains' priorities in the order given: the first one is tried first.
    Chains left out follow, in their current order. Requires MANAGE_CHECKOUTS."""

    class Meta:
        name = "RetentionChainsReorder"

    class Arguments:
        ids = graphene.List(graphene.NonNull(graphene.ID), required=True,
                            description="Chain ids, first priority first.")

    chains = graphene.List(graphene.NonNull(ChainType), description="Every chain, in order.")
    permissions = (MANAGE_CHECKOUTS,)

    @classmethod
    def perform(cls, info, caller, ids):
        given = [own_row(Chain.objects.all(), caller, chain_id, "ids", "chain")
                 for chain_id in ids]
        given_ids = {chain.pk for chain in given}
        if len(given_ids) != len(given):
            raise MutationError("ids", "invalid", "Name each chain once.")
        others = [chain for chain in Chain.objects.select_for_update().filter(
            installation=caller.installation) if chain.pk not in given_ids]
        now = timezone.now()
        for priority, chain in enumerate(given + others, start=1):
            if chain.priority != priority:
                chain.priority = priority
                chain.save(update_fields=["priority", "updated_at"])
                chain_changed(chain, now)
        return {"chains": list(store_chains(caller))}


class ChainQueries(graphene.ObjectType):
    retention_chains = graphene.List(
        graphene.NonNull(ChainType), required=True,
        description="The store's chains by priority, with their steps. Requires "
                    "MANAGE_CHECKOUTS.")

    @staticmethod
    def resolve_retention_chains(root, info):
        return list(store_chains(staff(info, MANAGE_CHECKOUTS)))


class ChainMutations(graphene.ObjectType):
    retention_chain_create = ChainCreate.Field(description="Creates a chain.")
    retention_chain_update = ChainUpdate.Field(description="Changes a chain.")
    retention_chain_delete = ChainDelete.Field(description="Deletes a chain.")
    retention_chains_reorder = ChainsReorder.Field(description="Orders the chains.")
