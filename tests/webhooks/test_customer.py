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
