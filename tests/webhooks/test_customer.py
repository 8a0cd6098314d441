import json

from saleor_retention.webhooks import inbox
from saleor_retention.webhooks.models import WebhookEvent
from tests.fixtures.installations import make_installation
from tests.fixtures.recordings import recorded_webhook


def _store(installation, name):
    hook = recorded_webhook(name)
    event, _ = inbox.record_event(installation, hook.event, hook.body, json.loads(hook.body))
    return event


def test_customer_deleted_erases_stored_events_naming_the_customer(recorded_installation):
    # given: a checkout and a customer update of the deleted customer, and another shopper
    deleted = json.loads(recorded_webhook("0106-customer_deleted").body)["user"]
    other_store = make_installation(api_url="https://other.example.com/graphql/")
    mine = inbox.record_event(recorded_installation, "customer_updated", b"a",
                              {"__typename": "CustomerUpdated", "user": deleted})[0]
    my_checkout = inbox.record_event(
        recorded_installation, "checkout_updated", b"b",
        {"__typename": "CheckoutUpdated", "checkout": {"id": "x", "email": deleted["email"]}})[0]
    someone_else = _store(recorded_installation, "0015-checkout_updated")
    other_store_event = inbox.record_event(
        other_store, "checkout_updated", b"c",
        {"__typename": "CheckoutUpdated", "checkout": {"id": "y", "email": deleted["email"]}})[0]
    deletion = _store(recorded_installation, "0106-customer_deleted")

    # when
    outcome = inbox.process_event(deletion.pk)

    # then
    assert outcome.state == "done"
    erased = set(WebhookEvent.objects.filter(payload={"erased": True}).values_list("pk", flat=True))
    assert erased == {mine.pk, my_checkout.pk, deletion.pk}
    assert set(WebhookEvent.objects.filter(state="pending").values_list("pk", flat=True)) == {
        someone_else.pk, other_store_event.pk}


def test_customer_deleted_forgets_their_checkouts_and_stops_their_reminders(db):
    # given: a deleted customer with a running chain, and another shopper in the same store
    from datetime import timedelta

    from saleor_retention.chains.models import ChainRun, Reminder
    from saleor_retention.checkouts.abandonment import detect_abandoned_checkouts
    from saleor_retention.checkouts.models import CheckoutSnapshot
    from saleor_retention.customers.erasure import erase_customer
    from tests.fixtures.checkouts import T0, checkout_id, checkout_node, make_store, track
    store = make_store()
    track(store, checkout_node(1, email="Gone@Example.com"))
    track(store, checkout_node(2, email="stays@example.com"))
    detect_abandoned_checkouts(T0 + timedelta(hours=1))

    # when
    erase_customer(store, user_id="VXNlcjo5OQ==", email="gone@example.com")

    # then
    assert list(CheckoutSnapshot.objects.values_list("email", flat=True)) == ["stays@example.com"]
    gone = ChainRun.objects.get(subject_id=checkout_id(1))
    assert (gone.state, gone.end_reason, gone.email) == ("stopped", "customer_deleted", "")
    assert set(Reminder.objects.filter(run=gone).values_list("state", "reason")) == {
        ("skipped", "customer_deleted")}
    assert ChainRun.objects.get(subject_id=checkout_id(2)).state == "running"
