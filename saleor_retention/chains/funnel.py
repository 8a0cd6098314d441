"""Each chain's funnel for a period, as the case studies judge a scenario: how many runs
started (eligible), how many emails went out, were opened and clicked, how many orders they
brought back and for how much.

A period takes the runs *triggered* in it, and follows each of them to the end: an order
placed a day after the period's last run started still counts for that run. Everything is
counted by PostgreSQL (three grouped queries, plus two for the store's chains and their
steps), whatever the number of runs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, F, Max, Q, QuerySet, Sum

from saleor_retention.chains.models import Chain, ChainRun, RecoveredOrder, Reminder
from saleor_retention.installations.models import Installation

# A reminder its run skipped on ending (an order, staff, an unsubscribe) carries the run's
# end reason: its shopper had left the chain before that step, so was not eligible for it.
ENDED_BEFORE_DUE = Q(state=Reminder.State.SKIPPED, reason=F("run__end_reason"))


@dataclass
class Revenue:
    """Orders and their total in one currency."""

    currency: str
    amount: Decimal = Decimal("0")
    orders: int = 0


@dataclass
class StepFunnel:
    """One step of a chain: ``eligible`` counts the runs still going when it fell due (a
    step held back by the frequency cap or a late start was eligible, one skipped
    because an order had ended the run was not); ``ordered`` and ``revenue`` count the
    recovered orders credited to it."""

    position: int
    template: str
    eligible: int = 0
    sent: int = 0
    opened: int = 0
    clicked: int = 0
    ordered: int = 0
    revenue: list[Revenue] = field(default_factory=list)


@dataclass
class ChainFunnel:
    """One chain: ``eligible`` counts its runs; the other counts add up its steps, except
    ``ordered``/``revenue``, which also hold orders whose reminder no longer exists."""

    chain_id: int | None
    chain_name: str
    eligible: int = 0
    sent: int = 0
    opened: int = 0
    clicked: int = 0
    ordered: int = 0
    revenue: list[Revenue] = field(default_factory=list)
    steps: list[StepFunnel] = field(default_factory=list)


def _runs(installation: Installation, start: datetime | None, end: datetime | None,
          chain_id: int | None) -> QuerySet:
    runs = ChainRun.objects.filter(installation=installation)
    if start is not None:
        runs = runs.filter(triggered_at__gte=start)
    if end is not None:
        runs = runs.filter(triggered_at__lt=end)
    if chain_id is not None:
        runs = runs.filter(chain_id=chain_id)
    return runs


def _revenue(rows: dict[str, Revenue]) -> list[Revenue]:
    return [rows[currency] for currency in sorted(rows)]


def retention_funnel(installation: Installation, start: datetime | None = None,
                     end: datetime | None = None,
                     chain_id: int | None = None) -> list[ChainFunnel]:
    """Returns the funnel of each of the store's chains (or only ``chain_id``) for the runs
    triggered in [``start``, ``end``), chains by priority, then chains deleted since (their
    runs keep the name they ran under). A chain without runs in the period is listed with
    zeros. Cancelled orders are neither ordered nor revenue."""
    runs = _runs(installation, start, end, chain_id)
    chains: dict[int | None, ChainFunnel] = {}
    step_templates: dict[int | None, dict[int, str]] = defaultdict(dict)
    store_chains = Chain.objects.filter(installation=installation).prefetch_related("steps")
    if chain_id is not None:
        store_chains = store_chains.filter(pk=chain_id)
    for chain in store_chains:
        chains[chain.pk] = ChainFunnel(chain_id=chain.pk, chain_name=chain.name)
        for step in chain.steps.all():
            step_templates[chain.pk][step.position] = step.template

    for row in runs.values("chain_id").annotate(eligible=Count("id"),
                                                name=Max("chain_name")).order_by():
        funnel = chains.setdefault(row["chain_id"], ChainFunnel(chain_id=None,
                                                                chain_name=row["name"]))
        funnel.eligible = row["eligible"]

    steps: dict[tuple[int | None, int], StepFunnel] = {}
    reminder_rows = (Reminder.objects.filter(run__in=runs)
                     .values("run__chain_id", "position")
                     .annotate(template=Max("template"),
                               eligible=Count("id", filter=~ENDED_BEFORE_DUE),
                               sent=Count("id", filter=Q(sent_at__isnull=False)),
                               opened=Count("id", filter=Q(opened_at__isnull=False)),
                               clicked=Count("id", filter=Q(clicked_at__isnull=False)))
                     .order_by())
    for row in reminder_rows:
        steps[row["run__chain_id"], row["position"]] = StepFunnel(
            position=row["position"], template=row["template"], eligible=row["eligible"],
            sent=row["sent"], opened=row["opened"], clicked=row["clicked"])
    for chain_key, templates in step_templates.items():
        for position, template in templates.items():
            steps.setdefault((chain_key, position), StepFunnel(position=position,
                                                               template=template))

    chain_revenue: dict[int | None, dict[str, Revenue]] = defaultdict(dict)
    step_revenue: dict[tuple[int | None, int], dict[str, Revenue]] = defaultdict(dict)
    order_rows = (RecoveredOrder.objects.filter(run__in=runs, cancelled_at__isnull=True)
                  .values("run__chain_id", "reminder__position", "currency")
                  .annotate(orders=Count("id"), amount=Sum("total")).order_by())
    for row in order_rows:
        chain_key, position, currency = (row["run__chain_id"], row["reminder__position"],
                                         row["currency"])
        total = chain_revenue[chain_key].setdefault(currency, Revenue(currency))
        total.orders += row["orders"]
        total.amount += row["amount"]
        if position is not None:
            step_revenue[chain_key, position][currency] = Revenue(
                currency, row["amount"], row["orders"])

    for (chain_key, position), step in sorted(steps.items(), key=lambda item: item[0][1]):
        step.revenue = _revenue(step_revenue[chain_key, position])
        step.ordered = sum(revenue.orders for revenue in step.revenue)
        funnel = chains[chain_key]
        funnel.steps.append(step)
        funnel.sent += step.sent
        funnel.opened += step.opened
        funnel.clicked += step.clicked
    for chain_key, funnel in chains.items():
        funnel.revenue = _revenue(chain_revenue[chain_key])
        funnel.ordered = sum(revenue.orders for revenue in funnel.revenue)
    return list(chains.values())
