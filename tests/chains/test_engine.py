"""Time travel through the default chain: what a shopper receives, and when."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone as django_timezone

from saleor_retention.chains.models import ChainRun, ChainStep, RecoveredOrder, Reminder
from saleor_retention.chains.planning import replan_chain
from saleor_retention.chains.scheduler import (
    claim_due_reminders,
    mark_uncertain,
    release_expired_claims,
)
from saleor_retention.chains.sending import send_reminder
from saleor_retention.checkouts.abandonment import detect_abandoned_checkouts
from saleor_retention.checkouts.conversion import PlacedOrder, record_order
from saleor_retention.checkouts.models import CheckoutSnapshot
from tests.fixtures.checkouts import (
    T0,
    checkout_id,
    checkout_node,
    make_store,
    run_engine,
    sent_emails,
    track,
)

HOUR = timedelta(hours=1)


def walk(hours: list[float]) -> None:
    for hour in hours:
        run_engine(T0 + timedelta(hours=hour))


def sends() -> list[tuple[int, str]]:
    return list(Reminder.objects.filter(state="sent").order_by("sent_at")
                .values_list("position", "sent_at"))


def order_for(number: int, at, email="shopper@example.com") -> PlacedOrder:
    return PlacedOrder(order_id=f"T3JkZXI6{number}", number=str(100 + number),
                       checkout_id=checkout_id(number), email=email, voucher_code="",
                       total=40, currency="USD", created_at=at)


def test_the_default_chain_sends_at_1_24_and_48_hours(db):
    # given
    store = make_store()
    track(store, checkout_node(1, first_name="Ada"))

    # when: beat runs every quarter of an hour for three days
    walk([quarter / 4 for quarter in range(0, 4 * 72)])

    # then
    assert sends() == [(1, T0 + HOUR), (2, T0 + 24 * HOUR), (3, T0 + 48 * HOUR)]
    assert [message.subject for message in sent_emails()] == [
        "Ada, you left something in your cart",
        "Your cart at Example Shop is still waiting for you",
        "10% off your cart, until Nov 19, 2026, 10:00 AM"]  # the default step 3 has a code
    first = sent_emails()[0]
    assert first.to == ["shopper@example.com"]
    assert "Hi Ada," in first.body
    assert "Product UHJvZHVjdDox\n\nM\n\n2 × $20.00 = $40.00" in first.body
    assert "Back to my cart (http://retention.test/r/" in first.body  # via the app's link
    assert Reminder.objects.filter(state="sent").exclude(message_id="").count() == 3
    assert ChainRun.objects.get().state == "finished"


@pytest.mark.parametrize("order_hour, expected_steps", [
    (0.5, []), (1.5, [1]), (30, [1, 2]), (47.9, [1, 2]),
])
def test_an_order_at_any_point_stops_the_rest(db, order_hour, expected_steps):
    # given
    store = make_store()
    track(store, checkout_node(1))
    walk([hour / 4 for hour in range(0, int(order_hour * 4) + 1)])

    # when
    record_order(store, order_for(1, T0 + order_hour * HOUR), T0 + order_hour * HOUR)
    walk([hour / 4 for hour in range(int(order_hour * 4) + 1, 4 * 72)])

    # then
    assert [position for position, _ in sends()] == expected_steps
    run = ChainRun.objects.filter(subject_id=checkout_id(1)).first()
    if expected_steps:
        assert (run.state, run.end_reason) == ("converted", "order_placed")
        recovered = RecoveredOrder.objects.get()
        assert (recovered.order_number, recovered.reminder.position, recovered.matched_by) == (
            "101", expected_steps[-1], "checkout")
    else:
        assert run is None
        assert RecoveredOrder.objects.count() == 0


def test_an_order_with_the_same_email_from_another_checkout_stops_the_chain(db):
    # given
    store = make_store()
    track(store, checkout_node(1))
    walk([0, 1])

    # when: the shopper buys from a new cart on another device
    record_order(store, order_for(2, T0 + 3 * HOUR), T0 + 3 * HOUR)
    walk([24, 48])

    # then
    assert [position for position, _ in sends()] == [1]
    assert ChainRun.objects.get().state == "converted"
    assert RecoveredOrder.objects.get().matched_by == "email"


def test_a_late_order_webhook_cannot_cause_a_send_after_a_purchase(db):
    # given: the order is in the inbox but not processed when step 2 falls due
    from saleor_retention.webhooks.models import WebhookEvent
    store = make_store()
    track(store, checkout_node(1))
    walk([0, 1])
    WebhookEvent.objects.create(installation=store, event_type="order_created", dedupe_key="x",
                                payload={}, subject_id=checkout_id(1),
                                next_attempt_at=T0)

    # when
    walk([24, 24.25])

    # then
    assert [position for position, _ in sends()] == [1]
    assert Reminder.objects.get(position=2).state == "planned"


def test_quiet_hours_postpone_to_the_morning_in_the_shoppers_time_zone(db):
    # given: a shopper in Moscow (UTC+3) leaves at 17:30 UTC, 20:30 local
    store = make_store()
    left_at = T0.replace(hour=17, minute=30)
    track(store, checkout_node(1, country="RU", updated_at=left_at))

    # when
    walk([7.5 + quarter / 4 for quarter in range(0, 4 * 20)])

    # then: step 1 was due 21:30 local, quiet until 08:00 local = 05:00 UTC
    first = Reminder.objects.get(position=1)
    assert (first.state, first.sent_at) == ("sent", (T0 + 24 * HOUR).replace(hour=5))


def test_the_frequency_cap_skips_a_second_chain_to_the_same_address(db):
    # given: two carts of the same shopper abandoned an hour apart
    store = make_store()
    track(store, checkout_node(1))
    track(store, checkout_node(2, updated_at=T0 + HOUR))

    # when
    walk([0, 1, 2, 3])

    # then
    first, second = Reminder.objects.filter(position=1).order_by("run__subject_id")
    assert [(r.run.subject_id, r.state, r.reason) for r in (first, second)] == [
        (checkout_id(1), "sent", ""), (checkout_id(2), "skipped", "frequency_cap")]
    assert len(sent_emails()) == 1


def test_a_shopper_who_comes_back_moves_the_rest_of_the_chain(db):
    # given: step 1 went out; the shopper edits the cart at hour 10 and leaves again
    store = make_store()
    track(store, checkout_node(1))
    walk([0, 1])
    track(store, checkout_node(1, updated_at=T0 + 10 * HOUR, lines=[("UHJvZHVjdDoy", 1, "5.00")]))

    # when
    walk([hour / 4 for hour in range(4 * 10, 4 * 57)])

    # then: steps 2 and 3 count from hour 10, and show the new cart
    assert sends() == [(1, T0 + HOUR), (2, T0 + 34 * HOUR)]
    walk([58, 58.25])
    assert sends()[-1] == (3, T0 + 58 * HOUR)
    assert "Product UHJvZHVjdDoy\n\nM\n\n1 × $5.00 = $5.00" in sent_emails()[-1].body


def test_a_checkout_without_email_or_lines_is_never_reminded(db):
    # given
    store = make_store()
    track(store, checkout_node(1, email=""))
    track(store, checkout_node(2, email="empty@example.com", lines=[]))

    # when
    walk([0, 1, 24, 48])

    # then
    assert ChainRun.objects.count() == 0
    assert CheckoutSnapshot.objects.filter(next_check_at__isnull=False).count() == 0
    assert mail.outbox == []


def test_enabling_the_app_over_10000_old_checkouts_sends_nothing(db):
    # given: carts idle 8 to 30 days when the app is switched on
    store = make_store()
    for number in range(10_000):
        track(store, checkout_node(number, email=f"old{number}@example.com",
                                   updated_at=T0 - timedelta(days=8 + number % 23)), now=T0)

    # when
    outcomes = run_engine(T0)
    walk([1, 24, 48])

    # then
    assert outcomes["too_old"] == 10_000
    assert ChainRun.objects.count() == 0
    assert Reminder.objects.count() == 0
    assert mail.outbox == []


def test_a_cart_older_than_a_step_skips_that_step_instead_of_sending_it_late(db):
    # given: a cart idle for 31 hours when the app first sees it
    store = make_store()
    track(store, checkout_node(1, updated_at=T0 - 31 * HOUR), now=T0)

    # when: step 3 falls due at 03:00 in New York and waits for 08:00
    walk([0, 17, 22])

    # then: step 1 (due 30 h ago) and step 2 (7 h ago) are skipped, not sent late
    assert list(Reminder.objects.values_list("position", "state", "reason")) == [
        (1, "skipped", "missed_window"), (2, "skipped", "missed_window"), (3, "sent", "")]


def test_changing_a_chain_replans_pending_reminders(db):
    # given
    store = make_store()
    track(store, checkout_node(1))
    walk([0, 1])
    chain = store.chains.get()

    # when: step 2 moves to 12 h and a step 4 at 72 h is added
    ChainStep.objects.filter(chain=chain, position=2).update(delay=12 * HOUR)
    ChainStep.objects.create(chain=chain, position=4, delay=72 * HOUR)
    changed = replan_chain(chain, T0 + 2 * HOUR)

    # then
    assert changed == 3  # step 2 moved, step 3 rewritten unchanged, step 4 added
    assert list(Reminder.objects.values_list("position", "state", "due_at")) == [
        (1, "sent", T0 + HOUR), (2, "planned", T0 + 12 * HOUR), (3, "planned", T0 + 48 * HOUR),
        (4, "planned", T0 + 72 * HOUR)]


def test_disabling_a_chain_stops_its_runs(db):
    # given
    store = make_store()
    track(store, checkout_node(1))
    walk([0, 1])
    chain = store.chains.get()

    # when
    chain.is_enabled = False
    chain.save()
    replan_chain(chain, T0 + 2 * HOUR)
    walk([24, 48])

    # then
    assert [position for position, _ in sends()] == [1]
    assert (ChainRun.objects.get().state, ChainRun.objects.get().end_reason) == (
        "stopped", "chain_disabled")


def test_a_crash_after_claiming_replans_and_a_crash_while_sending_never_resends(db):
    # given: two due reminders of two shoppers
    store = make_store()
    track(store, checkout_node(1, email="a@example.com"))
    track(store, checkout_node(2, email="b@example.com"))
    due = T0 + HOUR
    detect_abandoned_checkouts(due)
    claimed = claim_due_reminders(due)
    assert len(claimed) == 2
    # the worker died: one row only claimed, the other handed to the mail backend
    Reminder.objects.filter(pk=claimed[1]).update(state="sending", sending_at=due)

    # when: the sweeper runs after both timeouts, then the engine again
    later = due + timedelta(minutes=11)
    released, uncertain = release_expired_claims(later), mark_uncertain(later)
    run_engine(later)

    # then
    assert (released, uncertain) == (1, 1)
    assert Reminder.objects.get(pk=claimed[0]).state == "sent"
    assert (Reminder.objects.get(pk=claimed[1]).state,
            send_reminder(claimed[1], later)) == ("uncertain", "not_claimed")
    assert [message.to for message in sent_emails()] == [["a@example.com"]]
    walk([24, 48])
    runs = dict(ChainRun.objects.values_list("email", "state"))
    assert runs == {"a@example.com": "finished", "b@example.com": "finished"}
    assert list(Reminder.objects.filter(run__email="b@example.com").values_list("state", flat=True)) == [
        "uncertain", "sent", "sent"]


def test_a_checkout_without_a_storefront_url_is_skipped_with_the_reason(db):
    # given
    store = make_store(storefront_checkout_urls={})
    track(store, checkout_node(1))

    # when
    walk([0, 1])

    # then
    assert list(Reminder.objects.filter(position=1).values_list("state", "reason")) == [
        ("skipped", "no_storefront_url")]
    assert mail.outbox == []


def test_quiet_hours_can_be_switched_off(db):
    # given
    store = make_store(quiet_hours_enabled=False, quiet_hours_start=time(0), quiet_hours_end=time(23))
    track(store, checkout_node(1))

    # when
    walk([0, 1])

    # then
    assert sends() == [(1, T0 + HOUR)]
    assert django_timezone.is_aware(sends()[0][1])
