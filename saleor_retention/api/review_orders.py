"""``recoveredOrders``, ``recoveredRevenue`` and ``recoveredRevenueOverTime``: the orders the
app brought back (an order placed after at least one reminder, ``checkouts.conversion``) and
what they are worth."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import graphene
from django.db.models import Count, Sum
from django.db.models.functions import Trunc
from graphql import GraphQLError

from saleor_retention.api.base import staff
from saleor_retention.api.pagination import CountableConnection, connection_from_queryset
from saleor_retention.api.review_common import (
    RecoveredRevenue,
    api_chain_id,
    chain_pk,
    period_filter,
)
from saleor_retention.chains.models import RecoveredOrder


class RecoveredOrderMatchedBy(graphene.Enum):
    """How the order was tied to the reminders."""

    CODE = "code"
    CHECKOUT = "checkout"
    EMAIL = "email"

    @property
    def description(self):
        return {"CODE": "It used the discount code a reminder showed.",
                "CHECKOUT": "It was placed from the reminded checkout.",
                "EMAIL": "It was placed by the same address within a week of a reminder."}[
            self.name]


class RecoveredOrderStep(graphene.ObjectType):
    """The reminder credited with an order: the last one sent before it (or the one whose
    code it used)."""

    position = graphene.Int(required=True, description="The step's position in its chain.")
    template = graphene.String(required=True, description="The step's template.")
    sent_at = graphene.DateTime(description="When that reminder was sent.")


class RecoveredOrderType(graphene.ObjectType):
    """An order placed after the app reminded the shopper."""

    class Meta:
        name = "RecoveredOrder"

    order_id = graphene.ID(required=True, description="Saleor's order id.")
    order_number = graphene.String(required=True, description="The order's number.")
    total = graphene.Float(required=True, description="The order's total, gross.")
    currency = graphene.String(required=True, description="ISO 4217 code.")
    matched_by = graphene.Field(RecoveredOrderMatchedBy, required=True,
                                description="How the order was tied to the reminders.")
    step = graphene.Field(RecoveredOrderStep,
                          description="The credited reminder; null when it was deleted.")
    voucher_code = graphene.String(description="The code the order used; null when none.")
    ordered_at = graphene.DateTime(required=True, description="When the order was placed.")
    cancelled = graphene.Boolean(required=True, description="Whether it was cancelled since "
                                                            "(then it is not revenue).")
    cancelled_at = graphene.DateTime(description="When it was cancelled.")
    checkout_id = graphene.ID(required=True, description="The reminded checkout.")
    chain_id = graphene.ID(description="The chain that reminded; null when deleted since.")
    chain_name = graphene.String(required=True, description="The chain's name, as it was then.")

    @staticmethod
    def resolve_step(order, info):
        return order.reminder

    @staticmethod
    def resolve_voucher_code(order, info):
        return order.voucher_code or None

    @staticmethod
    def resolve_cancelled(order, info):
        return order.cancelled_at is not None

    @staticmethod
    def resolve_checkout_id(order, info):
        return order.run.subject_id

    @staticmethod
    def resolve_chain_id(order, info):
        return api_chain_id(order.run.chain_id)

    @staticmethod
    def resolve_chain_name(order, info):
        return order.run.chain_name


class RecoveredOrderCountableConnection(CountableConnection):
    class Meta:
        node = RecoveredOrderType
        description = "A page of recovered orders."


class RecoveredOrderFilterInput(graphene.InputObjectType):
    from_ = graphene.DateTime(name="from", description="Only orders placed at or after this "
                                                       "time.")
    to = graphene.DateTime(description="Only orders placed before this time.")
    chain_id = graphene.ID(description="Only orders recovered by this chain.")

    class Meta:
        description = "Which recovered orders to list."


class RevenueInterval(graphene.Enum):
    """How long each point of a revenue chart is."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"

    @property
    def description(self):
        return {"DAY": "A calendar day.", "WEEK": "A week from Monday.",
                "MONTH": "A calendar month."}[self.name]


# The longest each interval can be, to bound how many points one answer can hold.
INTERVAL_LENGTH = {"day": timedelta(days=1), "week": timedelta(days=7),
                   "month": timedelta(days=31)}
MAX_POINTS = 400


class RecoveredRevenuePoint(graphene.ObjectType):
    """The recovered orders of one interval, in one currency."""

    start = graphene.DateTime(required=True, description=(
        "When the interval starts: midnight in the asked time zone."))
    currency = graphene.String(required=True, description="ISO 4217 code.")
    amount = graphene.Float(required=True, description="The orders' total, gross.")
    orders = graphene.Int(required=True, description="How many orders.")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise GraphQLError(f"Unknown time zone {name!r}: give an IANA name such as "
                           "\"Europe/Berlin\".") from None


class OrderQueries(graphene.ObjectType):
    recovered_orders = graphene.Field(
        RecoveredOrderCountableConnection, required=True,
        first=graphene.Int(description="How many to return (at most 100)."),
        after=graphene.String(description="The cursor after which to start."),
        filter=graphene.Argument(RecoveredOrderFilterInput,
                                 description="Which orders to list."),
        description="The orders the app's reminders brought back, newest first, cancelled "
                    "ones included. Requires MANAGE_CHECKOUTS.")
    recovered_revenue = graphene.List(
        graphene.NonNull(RecoveredRevenue), required=True,
        from_=graphene.DateTime(name="from", description="Orders placed at or after this time."),
        to=graphene.DateTime(description="Orders placed before this time."),
        description="What the recovered orders of the period are worth, per currency, "
                    "without cancelled orders. Requires MANAGE_CHECKOUTS.")

    recovered_revenue_over_time = graphene.List(
        graphene.NonNull(RecoveredRevenuePoint), required=True,
        from_=graphene.DateTime(name="from", required=True,
                                description="Orders placed at or after this time."),
        to=graphene.DateTime(required=True, description="Orders placed before this time."),
        interval=graphene.Argument(RevenueInterval, default_value=RevenueInterval.DAY.value,
                                   description="How long each point is."),
        time_zone=graphene.String(default_value="UTC", description=(
            "Where the intervals start at midnight (an IANA name, the viewer's zone).")),
        description=f"What the recovered orders are worth per interval and currency, oldest "
                    f"first, without cancelled orders; intervals without orders are left out. "
                    f"At most {MAX_POINTS} intervals. Requires MANAGE_CHECKOUTS.")

    recovered_order = graphene.Field(
        RecoveredOrderType, order_id=graphene.ID(required=True, description=(
            "Saleor's order id, as the Dashboard's order page has it.")),
        description="The order as the app recovered it, or null when no reminder brought it "
                    "back (the order page's widget). Requires MANAGE_CHECKOUTS.")

    @staticmethod
    def resolve_recovered_order(root, info, order_id):
        caller = staff(info)
        return (RecoveredOrder.objects.select_related("run", "reminder")
                .filter(installation=caller.installation, order_id=order_id).first())

    @staticmethod
    def resolve_recovered_orders(root, info, first=None, after=None, filter=None):
        caller = staff(info)
        where = filter or {}
        orders = RecoveredOrder.objects.filter(
            installation=caller.installation,
            **period_filter("ordered_at", where.get("from_"), where.get("to")))
        if where.get("chain_id") is not None:
            orders = orders.filter(run__chain_id=chain_pk(where["chain_id"]))
        orders = orders.select_related("run", "reminder").order_by("-ordered_at", "-pk")
        return connection_from_queryset(orders, RecoveredOrderCountableConnection, first,
                                        after)

    @staticmethod
    def resolve_recovered_revenue(root, info, from_=None, to=None):
        caller = staff(info)
        rows = (RecoveredOrder.objects
                .filter(installation=caller.installation, cancelled_at__isnull=True,
                        **period_filter("ordered_at", from_, to))
                .values("currency").annotate(amount=Sum("total"), orders=Count("id"))
                .order_by("currency"))
        return [RecoveredRevenue(currency=row["currency"], amount=row["amount"],
                                 orders=row["orders"]) for row in rows]

    @staticmethod
    def resolve_recovered_revenue_over_time(root, info, from_, to, interval="day",
                                            time_zone="UTC"):
        caller = staff(info)
        kind = getattr(interval, "value", interval)
        if to <= from_:
            raise GraphQLError("The period must end after it starts.")
        if (to - from_) / INTERVAL_LENGTH[kind] > MAX_POINTS:
            raise GraphQLError(f"The period holds more than {MAX_POINTS} intervals of a "
                               f"{kind}: choose a longer interval or a shorter period.")
        rows = (RecoveredOrder.objects
                .filter(installation=caller.installation, cancelled_at__isnull=True,
                        **period_filter("ordered_at", from_, to))
                .annotate(start=Trunc("ordered_at", kind, tzinfo=_zone(time_zone)))
                .values("start", "currency")
                .annotate(amount=Sum("total"), orders=Count("id"))
                .order_by("start", "currency"))
        return [RecoveredRevenuePoint(**row) for row in rows]
