"""``abandonedCheckouts``: the store's carts that could be reminded (an address and at least
one line), with where each stands, so staff can follow up on the most valuable first.

A checkout's state is decided in the database (one annotated query per page), so it can be
filtered and counted: RECOVERED (an order credited to a reminder), CONVERTED (bought),
IN_CHAIN, STOPPED, FINISHED (its chain's run), WAITING (no chain yet)."""

from __future__ import annotations

from decimal import Decimal

import graphene
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Subquery, Value, When

from saleor_retention.api.base import staff
from saleor_retention.api.pagination import CountableConnection, connection_from_queryset
from saleor_retention.api.review_common import (
    RetentionOrderDirection,
    api_chain_id,
    chain_pk,
)
from saleor_retention.api.review_timeline import TimelineEntry, attach_history_loader
from saleor_retention.chains.models import ChainRun, RecoveredOrder
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.installations.models import Installation


class AbandonedCheckoutState(graphene.Enum):
    """Where a checkout stands with the app."""

    WAITING = "waiting"
    IN_CHAIN = "in_chain"
    CONVERTED = "converted"
    RECOVERED = "recovered"
    STOPPED = "stopped"
    FINISHED = "finished"

    @property
    def description(self):
        return {
            "WAITING": "Could be reminded, but no chain has started (not idle long enough, "
                       "or no chain takes it).",
            "IN_CHAIN": "A chain is running: reminders are still planned.",
            "CONVERTED": "The shopper bought, with no reminder to credit.",
            "RECOVERED": "The shopper bought after a reminder: a recovered order.",
            "STOPPED": "Its chain was stopped (by staff, an unsubscribe, a suppression or "
                       "the chain switched off).",
            "FINISHED": "Its chain sent every step it could, and no order came.",
        }[self.name]


class AbandonedCheckoutSortField(graphene.Enum):
    """What the list of checkouts is sorted by."""

    VALUE = "total"
    RECENCY = "saleor_updated_at"

    @property
    def description(self):
        return {"VALUE": "The cart's total.",
                "RECENCY": "When the shopper last changed the cart."}[self.name]


class AbandonedCheckoutSortingInput(graphene.InputObjectType):
    field = graphene.Field(AbandonedCheckoutSortField, required=True,
                           description="What to sort by.")
    direction = graphene.Field(RetentionOrderDirection, required=True,
                               description="Which way.")

    class Meta:
        description = "How to sort checkouts."


class AbandonedCheckoutFilterInput(graphene.InputObjectType):
    state = graphene.Field(AbandonedCheckoutState, description="Only checkouts in this state.")
    channel = graphene.String(description="Only checkouts of this channel (its slug).")
    min_total = graphene.Float(description="Only carts worth at least this much.")
    max_total = graphene.Float(description="Only carts worth at most this much.")
    currency = graphene.String(description="Only carts in this currency (ISO 4217 code).")
    updated_from = graphene.DateTime(
        description="Only carts the shopper last changed at or after this time.")
    updated_to = graphene.DateTime(description="Only carts the shopper last changed before "
                                               "this time.")
    chain_id = graphene.ID(description="Only checkouts that ran this chain.")
    email = graphene.String(description="Only the checkouts of this address (a customer's, "
                                        "for the customer page).")
    customer_id = graphene.ID(description=(
        "Only the checkouts of this Saleor customer (the customer page's action gets the "
        "customer's id): signed in, or as a guest with an address they used signed in."))

    class Meta:
        description = "Which checkouts to list; every condition given must hold."


class AbandonedCheckoutLine(graphene.ObjectType):
    """One line of a cart, as the app last saw it."""

    product_id = graphene.ID(required=True, description="Saleor's product id.")
    product_name = graphene.String(required=True, description="The product's name.")
    variant_id = graphene.ID(required=True, description="Saleor's variant id.")
    variant_name = graphene.String(required=True, description="The variant's name.")
    sku = graphene.String(required=True, description="The variant's SKU; empty when none.")
    quantity = graphene.Int(required=True, description="How many.")
    unit_price = graphene.Float(required=True, description="The price of one, gross.")
    total = graphene.Float(required=True, description="The line's total, gross.")
    thumbnail_url = graphene.String(description="The product's thumbnail.")

    @staticmethod
    def resolve_total(line, info):
        return line["total_price"]

    @staticmethod
    def resolve_thumbnail_url(line, info):
        return line.get("thumbnail_url") or None


class AbandonedCheckout(graphene.ObjectType):
    """A cart the app could remind its shopper of, and what the app did about it."""

    id = graphene.ID(required=True, description="Saleor's checkout id.")
    email = graphene.String(required=True, description="The shopper's address.")
    customer_name = graphene.String(
        description="The customer's first and last name; null for a guest without one.")
    channel = graphene.String(required=True, description="The channel's slug.")
    currency = graphene.String(required=True, description="ISO 4217 code of the cart.")
    total = graphene.Float(required=True, description="The cart's total, gross.")
    line_count = graphene.Int(required=True, description="How many lines the cart has.")
    lines = graphene.List(graphene.NonNull(AbandonedCheckoutLine), required=True,
                          description="The cart's lines.")
    updated_at = graphene.DateTime(required=True,
                                   description="When the shopper last changed the cart.")
    state = graphene.Field(AbandonedCheckoutState, required=True,
                           description="Where the checkout stands with the app.")
    chain_id = graphene.ID(description="The chain it ran; null without one, or when that "
                                       "chain was deleted.")
    chain_name = graphene.String(description="The name of the chain it ran, as it was then.")
    next_reminder_at = graphene.DateTime(
        description="When its next planned reminder is due; null when none is planned.")
    timeline = graphene.List(
        graphene.NonNull(TimelineEntry), required=True,
        description="What happened to the checkout, oldest first (planned reminders at "
                    "their due time).")

    @staticmethod
    def resolve_id(snapshot, info):
        return snapshot.checkout_id

    @staticmethod
    def resolve_customer_name(snapshot, info):
        name = f"{snapshot.customer_first_name} {snapshot.customer_last_name}".strip()
        return name or None

    @staticmethod
    def resolve_channel(snapshot, info):
        return snapshot.channel_slug

    @staticmethod
    def resolve_lines(snapshot, info):
        return [line for line in snapshot.lines if line.get("quantity", 0) > 0]

    @staticmethod
    def resolve_updated_at(snapshot, info):
        return snapshot.saleor_updated_at

    @staticmethod
    def resolve_state(snapshot, info):
        return snapshot.review_state

    @staticmethod
    def resolve_chain_id(snapshot, info):
        return api_chain_id(snapshot.run_chain_id)

    @staticmethod
    def resolve_chain_name(snapshot, info):
        return snapshot.run_chain_name

    @staticmethod
    def resolve_next_reminder_at(snapshot, info):
        return snapshot.history_loader.history(snapshot).next_reminder_at

    @staticmethod
    def resolve_timeline(snapshot, info):
        return snapshot.history_loader.history(snapshot).timeline


class AbandonedCheckoutCountableConnection(CountableConnection):
    class Meta:
        node = AbandonedCheckout
        description = "A page of checkouts."


def reviewed_checkouts(installation: Installation) -> QuerySet:
    """Returns the store's checkouts that could be reminded, each annotated with its state
    (``review_state``) and its run's chain (``run_chain_id``, ``run_chain_name``)."""
    run = ChainRun.objects.filter(installation_id=OuterRef("installation_id"),
                                  subject_kind=ChainRun.SubjectKind.CHECKOUT,
                                  subject_id=OuterRef("checkout_id"))
    recovered = RecoveredOrder.objects.filter(
        run__installation_id=OuterRef("installation_id"),
        run__subject_kind=ChainRun.SubjectKind.CHECKOUT, run__subject_id=OuterRef("checkout_id"))
    return (CheckoutSnapshot.objects.filter(installation=installation, line_count__gt=0)
            .exclude(email="")
            .annotate(run_state=Subquery(run.values("state")[:1]),
                      run_chain_id=Subquery(run.values("chain_id")[:1]),
                      run_chain_name=Subquery(run.values("chain_name")[:1]),
                      is_recovered=Exists(recovered))
            .annotate(review_state=Case(
                When(is_recovered=True, then=Value("recovered")),
                When(Q(converted_at__isnull=False) | Q(run_state=ChainRun.State.CONVERTED),
                     then=Value("converted")),
                When(run_state=ChainRun.State.RUNNING, then=Value("in_chain")),
                When(run_state=ChainRun.State.STOPPED, then=Value("stopped")),
                When(run_state=ChainRun.State.FINISHED, then=Value("finished")),
                default=Value("waiting"))))


def _runs_in(installation: Installation, state: str) -> QuerySet:
    """Returns the checkout ids of the store's chain runs in ``state``. A running run always
    has its chain (deleting a chain stops its runs), so those are found by index
    chain_run_chain_state; the ended ones by the store's runs."""
    runs = ChainRun.objects.filter(subject_kind=ChainRun.SubjectKind.CHECKOUT, state=state)
    if state == ChainRun.State.RUNNING:
        runs = runs.filter(chain__installation=installation)
    else:
        runs = runs.filter(installation=installation)
    return runs.values("subject_id")


def _candidates_of_state(checkouts: QuerySet, state: str,
                         installation: Installation) -> QuerySet:
    """Narrows ``checkouts`` to those that can be in review ``state`` by conditions an index
    serves, before the state itself (computed per checkout from its run and orders) is
    compared: without it, a state filter computes the state of every cart of the store."""
    if state == "recovered":
        return checkouts.filter(checkout_id__in=RecoveredOrder.objects.filter(
            installation=installation, run__subject_kind=ChainRun.SubjectKind.CHECKOUT)
            .values("run__subject_id"))
    if state == "converted":
        return checkouts.filter(Q(converted_at__isnull=False) | Q(
            checkout_id__in=_runs_in(installation, ChainRun.State.CONVERTED)))
    run_state = {"in_chain": ChainRun.State.RUNNING, "stopped": ChainRun.State.STOPPED,
                 "finished": ChainRun.State.FINISHED}.get(state)
    if run_state is None:  # waiting: most carts of a store; nothing narrows it
        return checkouts
    return checkouts.filter(checkout_id__in=_runs_in(installation, run_state))


def _filtered(checkouts: QuerySet, where: dict, installation: Installation) -> QuerySet:
    if where.get("state") is not None:
        state = where["state"].value
        checkouts = _candidates_of_state(checkouts, state, installation).filter(
            review_state=state)
    if where.get("channel") is not None:
        checkouts = checkouts.filter(channel_slug=where["channel"])
    if where.get("currency") is not None:
        checkouts = checkouts.filter(currency=where["currency"].upper())
    if where.get("min_total") is not None:
        checkouts = checkouts.filter(total__gte=Decimal(str(where["min_total"])))
    if where.get("max_total") is not None:
        checkouts = checkouts.filter(total__lte=Decimal(str(where["max_total"])))
    if where.get("updated_from") is not None:
        checkouts = checkouts.filter(saleor_updated_at__gte=where["updated_from"])
    if where.get("updated_to") is not None:
        checkouts = checkouts.filter(saleor_updated_at__lt=where["updated_to"])
    if where.get("chain_id") is not None:
        checkouts = checkouts.filter(run_chain_id=chain_pk(where["chain_id"]))
    if where.get("email") is not None:
        checkouts = checkouts.filter(email=where["email"].strip().lower())
    if where.get("customer_id") is not None:
        # A guest cart with an address the customer used is theirs too. Their addresses
        # are read first (index checkout_customer), so the list is found by index
        # checkout_email rather than by a probe per cart of the store.
        addresses = set(CheckoutSnapshot.objects
                        .filter(installation=installation, customer_id=where["customer_id"])
                        .exclude(email="").values_list("email", flat=True))
        checkouts = checkouts.filter(Q(customer_id=where["customer_id"]) |
                                     Q(email__in=addresses))
    return checkouts


def _sorted(checkouts: QuerySet, sort_by: dict | None) -> QuerySet:
    field, direction = AbandonedCheckoutSortField.RECENCY, RetentionOrderDirection.DESC
    if sort_by:
        field, direction = sort_by["field"], sort_by["direction"]
    prefix = "-" if direction == RetentionOrderDirection.DESC else ""
    # The id breaks ties, so that pages neither repeat nor skip a checkout.
    return checkouts.order_by(f"{prefix}{field.value}", f"{prefix}pk")


class CheckoutQueries(graphene.ObjectType):
    abandoned_checkouts = graphene.Field(
        AbandonedCheckoutCountableConnection, required=True,
        first=graphene.Int(description="How many to return (at most 100)."),
        after=graphene.String(description="The cursor after which to start."),
        filter=graphene.Argument(AbandonedCheckoutFilterInput,
                                 description="Which checkouts to list."),
        sort_by=graphene.Argument(AbandonedCheckoutSortingInput,
                                  description="The order; by default the most recently "
                                              "changed first."),
        description="The store's checkouts with an address and at least one line, and what "
                    "the app did about each. Requires MANAGE_CHECKOUTS.")

    @staticmethod
    def resolve_abandoned_checkouts(root, info, first=None, after=None, filter=None,
                                    sort_by=None):
        caller = staff(info)
        checkouts = _sorted(_filtered(reviewed_checkouts(caller.installation), filter or {},
                                      caller.installation),
                            sort_by)
        page = connection_from_queryset(checkouts, AbandonedCheckoutCountableConnection,
                                        first, after)
        attach_history_loader([edge.node for edge in page.edges])
        return page
