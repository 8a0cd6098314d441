"""A checkout's timeline: its cart, its chain's run, each reminder and what the email
provider said about it, the codes shown and used, and the order.

A page of checkouts loads the history of all its checkouts at once, the first time a
checkout's timeline is asked for: five queries (runs, reminders, email events, codes,
recovered orders) whatever the page's size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import graphene
from django.db.models import Prefetch

from saleor_retention.chains.models import ChainRun, RecoveredOrder, Reminder
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.discounts.models import DiscountCode
from saleor_retention.emails.models import EmailEvent

# The order of the kinds is also the order of entries at the same instant, which is the
# order things happen in: a code is held before its email is sent, an order ends the run and
# skips what was still planned.
KINDS = (
    ("CART_CREATED", "The shopper created the cart."),
    ("CART_UPDATED", "The shopper last changed the cart (as the app saw it)."),
    ("CHAIN_STARTED", "The cart counted as abandoned and its chain started."),
    ("REMINDER_PLANNED", "A reminder is planned for this time."),
    ("CODE_ISSUED", "A discount code was held for the reminder."),
    ("REMINDER_SENDING", "A reminder is being sent."),
    ("REMINDER_SENT", "A reminder was sent."),
    ("REMINDER_FAILED", "A reminder could not be sent (detail: why)."),
    ("REMINDER_UNCERTAIN", "Sending a reminder was interrupted; it is never retried."),
    *((f"EMAIL_{kind.upper()}", f"The email provider reported: {label.lower()}.")
      for kind, label in EmailEvent.Kind.choices),
    ("CODE_USED", "An order used the reminder's discount code."),
    ("CODE_EXPIRED", "The code expired unused and was deleted from Saleor."),
    ("CHECKOUT_PAID", "The checkout was fully paid."),
    ("ORDER_PLACED", "The shopper placed an order."),
    ("REMINDER_SKIPPED", "A reminder was not sent (detail: why)."),
    ("CHAIN_ENDED", "The chain's run ended (detail: state and reason)."),
    ("ORDER_CANCELLED", "The recovered order was cancelled."),
)
RANK = {name: rank for rank, (name, _) in enumerate(KINDS)}
DESCRIPTIONS = dict(KINDS)


def _describe_kind(kind) -> str:
    """The type's description (for None) and each value's, as graphene asks for them."""
    return "What happened to a checkout." if kind is None else DESCRIPTIONS[kind.name]


TimelineKind = graphene.Enum("AbandonedCheckoutTimelineKind",
                             [(name, name) for name, _ in KINDS], description=_describe_kind)


class TimelineEntry(graphene.ObjectType):
    """One thing that happened to a checkout."""

    class Meta:
        name = "AbandonedCheckoutTimelineEntry"

    at = graphene.DateTime(required=True, description="When it happened (or is planned).")
    kind = graphene.Field(TimelineKind, required=True, description="What happened.")
    step = graphene.Int(description="The position of the chain step it concerns, if any.")
    detail = graphene.String(description="More about it: a reason, a code, an order number.")


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str
    step: int | None = None
    detail: str | None = None


@dataclass(frozen=True)
class History:
    timeline: list[Entry]
    next_reminder_at: datetime | None


def _money(amount, currency: str) -> str:
    return f"{amount:.2f} {currency}"


def _cart_entries(snapshot: CheckoutSnapshot) -> list[Entry]:
    entries = []
    if snapshot.saleor_created_at is not None:
        entries.append(Entry(snapshot.saleor_created_at, "CART_CREATED"))
    lines = "1 line" if snapshot.line_count == 1 else f"{snapshot.line_count} lines"
    entries.append(Entry(snapshot.saleor_updated_at, "CART_UPDATED",
                         detail=f"{lines}, {_money(snapshot.total, snapshot.currency)}"))
    return entries


def _reminder_entry(run: ChainRun, reminder: Reminder) -> Entry:
    state, step = reminder.state, reminder.position
    if state == Reminder.State.SENT:
        return Entry(reminder.sent_at, "REMINDER_SENT", step, reminder.template)
    if state == Reminder.State.PLANNED:
        return Entry(reminder.due_at, "REMINDER_PLANNED", step, reminder.template)
    if state in (Reminder.State.CLAIMED, Reminder.State.SENDING):
        return Entry(reminder.sending_at or reminder.claimed_at or reminder.due_at,
                     "REMINDER_SENDING", step, reminder.template)
    if state == Reminder.State.SKIPPED:
        # No column records when: a step skipped at the start (late) shows at the start, one
        # skipped because its run ended shows at the end, any other at its due time.
        at = max(reminder.due_at, run.started_at)
        if run.ended_at is not None:
            at = min(at, run.ended_at)
        return Entry(at, "REMINDER_SKIPPED", step, reminder.reason)
    kind = "REMINDER_FAILED" if state == Reminder.State.FAILED else "REMINDER_UNCERTAIN"
    return Entry(reminder.sending_at or reminder.due_at, kind, step, reminder.reason)


def _email_entry(reminder: Reminder, event: EmailEvent) -> Entry:
    detail = f"{event.esp_name}: {event.description}" if event.description else event.esp_name
    return Entry(event.occurred_at, f"EMAIL_{event.kind.upper()}", reminder.position, detail)


def _code_entries(reminder: Reminder, code: DiscountCode) -> list[Entry]:
    entries = []
    if code.held_at is not None:
        entries.append(Entry(code.held_at, "CODE_ISSUED", reminder.position, code.code))
    if code.used_at is not None:
        entries.append(Entry(code.used_at, "CODE_USED", reminder.position, code.code))
    elif code.deleted_at is not None:
        entries.append(Entry(code.deleted_at, "CODE_EXPIRED", reminder.position, code.code))
    return entries


def _order_entries(order: RecoveredOrder, positions: dict[int, int]) -> list[Entry]:
    step = positions.get(order.reminder_id)
    entries = [Entry(order.ordered_at, "ORDER_PLACED", step,
                     f"order {order.order_number}, {_money(order.total, order.currency)}")]
    if order.cancelled_at is not None:
        entries.append(Entry(order.cancelled_at, "ORDER_CANCELLED", step,
                             f"order {order.order_number}"))
    return entries


def _run_entries(run: ChainRun) -> list[Entry]:
    entries = [Entry(run.started_at, "CHAIN_STARTED", detail=run.chain_name)]
    positions = {}
    for reminder in run.reminders.all():
        positions[reminder.pk] = reminder.position
        entries.append(_reminder_entry(run, reminder))
        entries.extend(_email_entry(reminder, event) for event in reminder.email_events.all())
        for code in reminder.discount_codes.all():
            entries.extend(_code_entries(reminder, code))
    for order in run.recovered_orders.all():
        entries.extend(_order_entries(order, positions))
    if run.ended_at is not None:
        entries.append(Entry(run.ended_at, "CHAIN_ENDED",
                             detail=f"{run.state}: {run.end_reason}" if run.end_reason
                             else run.state))
    return entries


def _conversion_entry(snapshot: CheckoutSnapshot) -> Entry:
    if snapshot.conversion == "checkout_paid" and not snapshot.order_id:
        return Entry(snapshot.converted_at, "CHECKOUT_PAID")
    return Entry(snapshot.converted_at, "ORDER_PLACED",
                 detail=f"order {snapshot.order_id}" if snapshot.order_id else None)


def history_of(snapshot: CheckoutSnapshot, run: ChainRun | None) -> History:
    """Returns the checkout's timeline, oldest first, from its snapshot and its run (with
    reminders, their email events and codes, and recovered orders prefetched)."""
    entries = _cart_entries(snapshot)
    next_reminder_at = None
    if run is not None:
        entries.extend(_run_entries(run))
        if run.state == ChainRun.State.RUNNING:
            next_reminder_at = min((reminder.due_at for reminder in run.reminders.all()
                                    if reminder.state == Reminder.State.PLANNED), default=None)
    has_order = run is not None and bool(run.recovered_orders.all())
    if snapshot.converted_at is not None and not has_order:
        entries.append(_conversion_entry(snapshot))
    entries.sort(key=lambda entry: (entry.at, RANK[entry.kind], entry.step or 0))
    return History(timeline=entries, next_reminder_at=next_reminder_at)


class HistoryLoader:
    """Loads the runs of a page of checkouts together, the first time one is needed."""

    def __init__(self, snapshots: list[CheckoutSnapshot]):
        self.snapshots = snapshots
        self.runs: dict[tuple[int, str], ChainRun] | None = None

    def _load(self) -> dict[tuple[int, str], ChainRun]:
        by_installation: dict[int, list[str]] = {}
        for snapshot in self.snapshots:
            by_installation.setdefault(snapshot.installation_id, []).append(snapshot.checkout_id)
        runs = {}
        reminders = Reminder.objects.order_by("position").prefetch_related(
            Prefetch("email_events", EmailEvent.objects.order_by("occurred_at", "pk")),
            Prefetch("discount_codes", DiscountCode.objects.order_by("pk")))
        for installation_id, checkout_ids in by_installation.items():
            for run in ChainRun.objects.filter(
                    installation_id=installation_id, subject_kind=ChainRun.SubjectKind.CHECKOUT,
                    subject_id__in=checkout_ids).prefetch_related(
                    Prefetch("reminders", reminders),
                    Prefetch("recovered_orders", RecoveredOrder.objects.order_by("ordered_at"))):
                runs[installation_id, run.subject_id] = run
        return runs

    def history(self, snapshot: CheckoutSnapshot) -> History:
        if self.runs is None:
            self.runs = self._load()
        cached = getattr(snapshot, "_history", None)
        if cached is None:
            cached = history_of(snapshot, self.runs.get((snapshot.installation_id,
                                                         snapshot.checkout_id)))
            snapshot._history = cached
        return cached


def attach_history_loader(snapshots: list[CheckoutSnapshot]) -> None:
    """Gives each of a page's checkouts the loader they share (``history_loader``)."""
    loader = HistoryLoader(snapshots)
    for snapshot in snapshots:
        snapshot.history_loader = loader
