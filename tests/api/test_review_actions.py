"""Staff actions: send a checkout's next reminder now, stop its reminders, put an address on
or off the suppression list; each one's effect on the real scheduler, and who may do it.

The mutations act at the real time, so these carts are left relative to it (a day ago),
in a store without quiet hours."""

from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_retention.chains.models import ChainRun, Reminder
from saleor_retention.recipients.models import Recipient
from tests.fixtures.api import graphql, permission_denied, refused_callers, staff_headers
from tests.fixtures.checkouts import (
    checkout_id,
    checkout_node,
    make_store,
    run_engine,
    sent_emails,
    track,
)

HOUR = timedelta(hours=1)
SEND_NOW = """mutation($checkoutId: ID!) {
  retentionSendNextReminderNow(checkoutId: $checkoutId) {
    step checkout { id state } errors { field code message }
  }
}"""
STOP = """mutation($checkoutId: ID!) {
  retentionStopReminders(checkoutId: $checkoutId) {
    skippedReminders checkout { id state nextReminderAt } errors { field code message }
  }
}"""
SUPPRESS = """mutation($email: String!, $suppressed: Boolean!) {
  retentionSuppressAddress(email: $email, suppressed: $suppressed) {
    address { email suppressed suppressionReason unsubscribed }
    errors { field code message }
  }
}"""
CASES = ["no token", "another app", "another Saleor", "expired", "missing permission",
         "not a Dashboard token"]


def reminded_store(email: str = "s1@example.com"):
    """Returns a store whose cart 1 was left 21 hours ago and got step 1 20 hours ago (past
    the frequency cap); steps 2 and 3 are planned."""
    store = make_store(quiet_hours_enabled=False)
    left_at = timezone.now() - 21 * HOUR
    track(store, checkout_node(1, email=email, updated_at=left_at))
    run_engine(left_at + HOUR)
    return store


def steps(store) -> list[tuple[int, str, str]]:
    return list(Reminder.objects.filter(installation=store).order_by("position")
                .values_list("position", "state", "reason"))


def due_times(store) -> list:
    return list(Reminder.objects.filter(installation=store).order_by("position")
                .values_list("due_at", flat=True))


def test_send_now_makes_the_next_step_go_at_the_schedulers_next_pass(db, client):
    # given
    store = reminded_store()
    step_3_due = due_times(store)[2]

    # when
    answer = graphql(client, SEND_NOW, {"checkoutId": checkout_id(1)}, **staff_headers(store))
    run_engine(timezone.now())

    # then
    assert answer == {"data": {"retentionSendNextReminderNow": {
        "step": 2, "checkout": {"id": checkout_id(1), "state": "IN_CHAIN"}, "errors": []}}}
    assert steps(store) == [(1, "sent", ""), (2, "sent", ""), (3, "planned", "")]
    assert due_times(store)[2] == step_3_due
    assert [message.subject for message in sent_emails("s1@example.com")] == [
        "You left something in your cart", "Your cart at Example Shop is still waiting for you"]


def test_send_now_still_applies_the_usual_checks(db, client):
    # given: the address unsubscribed after step 1
    store = reminded_store()
    Recipient.objects.filter(installation=store).update(unsubscribed_at=timezone.now())

    # when
    graphql(client, SEND_NOW, {"checkoutId": checkout_id(1)}, **staff_headers(store))
    run_engine(timezone.now())

    # then
    assert steps(store) == [(1, "sent", ""), (2, "skipped", "unsubscribed"),
                            (3, "skipped", "unsubscribed")]
    assert len(sent_emails()) == 1


def test_stop_skips_the_planned_steps_and_no_email_follows(db, client):
    # given
    store = reminded_store()

    # when
    answer = graphql(client, STOP, {"checkoutId": checkout_id(1)}, **staff_headers(store))
    run_engine(timezone.now() + 3 * 24 * HOUR)

    # then
    assert answer == {"data": {"retentionStopReminders": {
        "skippedReminders": 2,
        "checkout": {"id": checkout_id(1), "state": "STOPPED", "nextReminderAt": None},
        "errors": []}}}
    assert steps(store) == [(1, "sent", ""), (2, "skipped", "stopped_by_staff"),
                            (3, "skipped", "stopped_by_staff")]
    run = ChainRun.objects.get(installation=store)
    assert (run.state, run.end_reason) == ("stopped", "stopped_by_staff")
    assert len(sent_emails()) == 1


NOT_FOUND = [
    (SEND_NOW, "retentionSendNextReminderNow",
     "The checkout has no planned reminder in a running chain of this store."),
    (STOP, "retentionStopReminders", "The checkout has no running chain in this store."),
]


@pytest.mark.parametrize("document, field, message", NOT_FOUND)
def test_another_stores_checkout_is_not_found_and_left_alone(db, client, document, field,
                                                             message):
    # given: both stores know a checkout with the same id; only the other one's runs
    store = make_store(quiet_hours_enabled=False)
    track(store, checkout_node(1, email="", updated_at=timezone.now() - 21 * HOUR))
    other = reminded_store()
    before = (steps(other), due_times(other))

    # when
    answer = graphql(client, document, {"checkoutId": checkout_id(1)}, **staff_headers(store))

    # then
    assert answer["data"][field]["errors"] == [
        {"field": "checkoutId", "code": "NOT_FOUND", "message": message}]
    assert answer["data"][field]["checkout"] is None
    assert (steps(other), due_times(other)) == before
    assert ChainRun.objects.get(installation=other).state == "running"


@pytest.mark.parametrize("document, field, message", NOT_FOUND)
@pytest.mark.parametrize("checkout", ["unknown", "stopped"])
def test_a_checkout_without_a_running_chain_is_not_found(db, client, document, field, message,
                                                         checkout):
    # given
    store = reminded_store()
    headers = staff_headers(store)
    if checkout == "stopped":
        graphql(client, STOP, {"checkoutId": checkout_id(1)}, **headers)
    before = (steps(store), due_times(store))
    target = checkout_id(1) if checkout == "stopped" else checkout_id(99)

    # when
    answer = graphql(client, document, {"checkoutId": target}, **headers)

    # then
    assert answer["data"][field]["errors"] == [
        {"field": "checkoutId", "code": "NOT_FOUND", "message": message}]
    assert (steps(store), due_times(store)) == before


@pytest.mark.parametrize("document, field", [(SEND_NOW, "retentionSendNextReminderNow"),
                                             (STOP, "retentionStopReminders")])
@pytest.mark.parametrize("case", CASES)
def test_only_staff_who_may_manage_checkouts_act_on_one(db, client, document, field, case):
    # given
    store = reminded_store()
    before = (steps(store), due_times(store))

    # when
    answer = graphql(client, document, {"checkoutId": checkout_id(1)},
                     **refused_callers(store, "MANAGE_CHECKOUTS")[case])

    # then
    assert permission_denied(answer)
    assert answer["data"] == {field: None}
    assert (steps(store), due_times(store)) == before
    assert ChainRun.objects.get(installation=store).state == "running"


def address(store, email: str) -> tuple:
    recipient = Recipient.objects.filter(installation=store, email=email).first()
    if recipient is None:
        return None
    return (recipient.suppressed_at is not None, recipient.suppression_reason,
            recipient.unsubscribed_at is not None)


def test_a_suppressed_address_gets_no_further_reminder(db, client):
    # given
    store = reminded_store()
    other = make_store()

    # when
    answer = graphql(client, SUPPRESS, {"email": " S1@Example.com ", "suppressed": True},
                     **staff_headers(store))
    run_engine(timezone.now() + 3 * HOUR)

    # then
    assert answer == {"data": {"retentionSuppressAddress": {
        "address": {"email": "s1@example.com", "suppressed": True,
                    "suppressionReason": "staff", "unsubscribed": False},
        "errors": []}}}
    assert steps(store) == [(1, "sent", ""), (2, "skipped", "suppressed"),
                            (3, "skipped", "suppressed")]
    assert ChainRun.objects.get(installation=store).state == "stopped"
    assert len(sent_emails()) == 1
    assert address(other, "s1@example.com") is None


@pytest.mark.parametrize("reason", ["staff", "bounced"])
def test_lifting_takes_off_a_staff_or_bounce_suppression_but_keeps_an_unsubscribe(
        db, client, reason):
    # given
    store = make_store()
    Recipient.objects.create(installation=store, email="s1@example.com",
                             suppressed_at=timezone.now(), suppression_reason=reason,
                             unsubscribed_at=timezone.now())

    # when
    answer = graphql(client, SUPPRESS, {"email": "s1@example.com", "suppressed": False},
                     **staff_headers(store))

    # then
    assert answer == {"data": {"retentionSuppressAddress": {
        "address": {"email": "s1@example.com", "suppressed": False, "suppressionReason": None,
                    "unsubscribed": True},
        "errors": []}}}
    assert address(store, "s1@example.com") == (False, "", True)


@pytest.mark.parametrize("reason", ["complained", "invalid"])
def test_a_complaint_or_an_invalid_address_cannot_be_lifted(db, client, reason):
    # given
    store = make_store()
    Recipient.objects.create(installation=store, email="s1@example.com",
                             suppressed_at=timezone.now(), suppression_reason=reason)

    # when
    answer = graphql(client, SUPPRESS, {"email": "s1@example.com", "suppressed": False},
                     **staff_headers(store))

    # then
    assert answer == {"data": {"retentionSuppressAddress": {"address": None, "errors": [{
        "field": "suppressed", "code": "INVALID",
        "message": f"The address is suppressed because of '{reason}', which staff cannot "
                   f"lift."}]}}}
    assert address(store, "s1@example.com") == (True, reason, False)


def test_suppressing_an_address_suppressed_by_a_bounce_keeps_the_bounce(db, client):
    # given
    store = make_store()
    Recipient.objects.create(installation=store, email="s1@example.com",
                             suppressed_at=timezone.now(), suppression_reason="bounced")

    # when
    answer = graphql(client, SUPPRESS, {"email": "s1@example.com", "suppressed": True},
                     **staff_headers(store))

    # then
    assert answer["data"]["retentionSuppressAddress"]["address"]["suppressionReason"] == (
        "bounced")
    assert address(store, "s1@example.com") == (True, "bounced", False)


def test_lifting_an_unknown_address_changes_nothing(db, client):
    # given
    store = make_store()

    # when
    answer = graphql(client, SUPPRESS, {"email": "new@example.com", "suppressed": False},
                     **staff_headers(store))

    # then
    assert answer == {"data": {"retentionSuppressAddress": {
        "address": {"email": "new@example.com", "suppressed": False, "suppressionReason": None,
                    "unsubscribed": False},
        "errors": []}}}
    assert address(store, "new@example.com") is None


def test_an_invalid_email_is_refused(db, client):
    # given
    store = make_store()

    # when
    answer = graphql(client, SUPPRESS, {"email": "not an address", "suppressed": True},
                     **staff_headers(store))

    # then
    assert answer == {"data": {"retentionSuppressAddress": {"address": None, "errors": [{
        "field": "email", "code": "INVALID", "message": "Enter a valid email address."}]}}}
    assert Recipient.objects.filter(installation=store).count() == 0


@pytest.mark.parametrize("suppressed", [True, False])
@pytest.mark.parametrize("case", CASES)
def test_only_staff_who_may_manage_users_change_the_suppression_list(db, client, case,
                                                                     suppressed):
    # given
    store = make_store()
    Recipient.objects.create(installation=store, email="s1@example.com",
                             suppressed_at=None if suppressed else timezone.now(),
                             suppression_reason="" if suppressed else "staff")
    before = address(store, "s1@example.com")

    # when
    answer = graphql(client, SUPPRESS, {"email": "s1@example.com", "suppressed": suppressed},
                     **refused_callers(store, "MANAGE_USERS")[case])

    # then
    assert permission_denied(answer)
    assert answer["data"] == {"retentionSuppressAddress": None}
    assert address(store, "s1@example.com") == before
