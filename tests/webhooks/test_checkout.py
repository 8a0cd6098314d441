import json
from datetime import timedelta
from decimal import Decimal

from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.manifest.webhooks import WEBHOOKS
from saleor_retention.webhooks import inbox
from saleor_retention.webhooks.models import WebhookEvent
from tests.fixtures.recordings import recorded_webhook
from tests.fixtures.signing import sign_body

PATH = next(spec.path for spec in WEBHOOKS if spec.family == "checkout")


def deliver(client, event: str, payload: dict):
    body = json.dumps(payload).encode()
    headers = recorded_webhook("0015-checkout_updated").http_headers(
        **{"Saleor-Event": event, "Saleor-Signature": sign_body(body)})
    return client.post(PATH, data=body, content_type="application/json", **headers)


def updated(payload: dict, minutes: int, **checkout) -> dict:
    """Returns the recorded body with the checkout's updatedAt moved by ``minutes``."""
    payload = json.loads(json.dumps(payload))
    stamp = CheckoutSnapshot._meta.get_field("saleor_updated_at").to_python(
        payload["checkout"]["updatedAt"]) + timedelta(minutes=minutes)
    payload["checkout"]["updatedAt"] = stamp.isoformat()
    payload["checkout"].update(checkout)
    return payload


def test_a_recorded_checkout_update_becomes_a_snapshot_with_what_a_reminder_needs(
        client, recorded_installation):
    # given
    hook = recorded_webhook("0016-checkout_updated")

    # when
    response = client.post(PATH, data=hook.body, content_type="application/json",
                           **hook.http_headers())

    # then
    assert (response.status_code, response.json()) == (200, {"status": "applied"})
    snapshot = CheckoutSnapshot.objects.get()
    assert (snapshot.checkout_id, snapshot.email, snapshot.channel_slug, snapshot.currency,
            snapshot.language, snapshot.total, snapshot.line_count) == (
        "Q2hlY2tvdXQ6N2IyOTJiZDQtZWI2Ny00NWJiLTg0ZmQtNTFlYjI0ZmNhNjQw",
        "guest.a.103211@example.com", "default-channel", "USD", "EN", Decimal("160.000"), 2)
    assert snapshot.lines[0] == {
        "variant_id": "UHJvZHVjdFZhcmlhbnQ6MzQ4", "variant_name": "S", "sku": "328223580",
        "product_id": "UHJvZHVjdDoxMzQ=", "product_name": "Monospace Tee", "category_id": "",
        "thumbnail_url": "http://127.0.0.1:8000/thumbnail/UHJvZHVjdE1lZGlhOjE3/256/",
        "quantity": 3, "unit_price": "20.000", "total_price": "60.000"}
    assert snapshot.next_check_at == snapshot.saleor_updated_at + timedelta(minutes=60)
    assert WebhookEvent.objects.count() == 0


def test_an_older_event_never_overwrites_a_newer_snapshot_and_a_replay_changes_nothing(
        client, recorded_installation):
    # given
    payload = recorded_webhook("0016-checkout_updated").json
    newer = updated(payload, 10, email="new@example.com")
    older = updated(payload, 5, email="old@example.com")

    # when
    answers = [deliver(client, "checkout_updated", body).json()["status"]
               for body in (newer, older, newer)]

    # then
    assert answers == ["applied", "unchanged", "unchanged"]
    assert CheckoutSnapshot.objects.get().email == "new@example.com"


def test_a_late_update_of_a_checkout_that_became_an_order_cannot_revive_it(
        client, recorded_installation):
    # given: the order arrived first (delivery order is not guaranteed)
    order = recorded_webhook("0021-order_created")
    client.post(PATH.replace("checkout", "order"), data=order.body,
                content_type="application/json", **order.http_headers())
    for event_id in WebhookEvent.objects.values_list("pk", flat=True):
        inbox.process_event(event_id)
    late = updated(recorded_webhook("0016-checkout_updated").json, 0)
    later = updated(recorded_webhook("0016-checkout_updated").json, 60)

    # when: one update older than the order, one (oddly) newer
    answers = [deliver(client, "checkout_updated", body).json()["status"]
               for body in (late, later)]

    # then: the newer one refreshes the data, and the checkout stays converted
    snapshot = CheckoutSnapshot.objects.get()
    assert answers == ["unchanged", "applied"]
    assert (snapshot.conversion, snapshot.next_check_at, snapshot.email) == (
        "order", None, "guest.a.103211@example.com")


def test_checkout_fully_paid_goes_through_the_inbox_and_converts(client, recorded_installation):
    # given
    hook = recorded_webhook("0028-checkout_fully_paid")

    # when
    response = client.post(PATH, data=hook.body, content_type="application/json",
                           **hook.http_headers())
    outcome = inbox.process_event(WebhookEvent.objects.get().pk)

    # then
    assert (response.json(), outcome.state) == ({"status": "accepted"}, "done")
    snapshot = CheckoutSnapshot.objects.get()
    assert (snapshot.checkout_id, snapshot.conversion) == (hook.json["checkout"]["id"],
                                                           "checkout_paid")


def test_a_line_with_a_wrong_quantity_is_refused_and_nothing_is_stored(
        client, recorded_installation):
    # given
    payload = recorded_webhook("0016-checkout_updated").json
    payload["checkout"]["lines"][0]["quantity"] = "three"

    # when
    response = deliver(client, "checkout_updated", payload)

    # then
    assert (response.status_code, response.json()) == (
        400, {"error": {"message": "A line quantity must be a whole number: 'three'."}})
    assert CheckoutSnapshot.objects.count() == 0
