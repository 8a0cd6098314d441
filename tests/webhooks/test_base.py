import json
from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.installations.models import Installation
from saleor_retention.manifest.webhooks import WEBHOOKS
from saleor_retention.webhooks.models import WebhookEvent
from tests.fixtures.installations import make_installation
from tests.fixtures.recordings import (
    RECORDED_API_URL,
    recorded_jwks,
    recorded_kid,
    recorded_webhook,
    recorded_webhooks,
)
from tests.fixtures.signing import new_rsa_key, sign_body

PATH_BY_EVENT = {event.lower(): spec.path for spec in WEBHOOKS for event in spec.events}
CHECKOUT_PATH = PATH_BY_EVENT["checkout_updated"]
ORDER_PATH = PATH_BY_EVENT["order_created"]
APPLIED_IN_REQUEST = {"checkout_created", "checkout_updated"}


def post(client, path, body: bytes, headers: dict):
    return client.post(path, data=body, content_type="application/json", **headers)


def test_every_recorded_request_of_a_subscribed_event_is_accepted_and_stored_once(
        client, recorded_installation):
    # given
    hooks = [hook for hook in recorded_webhooks() if hook.event in PATH_BY_EVENT]

    # when
    statuses = {post(client, PATH_BY_EVENT[hook.event], hook.body, hook.http_headers())
                .status_code for hook in hooks}

    # then: retried deliveries (byte-identical bodies) are stored once; checkout changes
    # become snapshots, one per checkout, and everything else waits in the inbox
    inbox_hooks = [hook for hook in hooks if hook.event not in APPLIED_IN_REQUEST]
    checkout_ids = {json.loads(hook.body)["checkout"]["id"] for hook in hooks
                    if hook.event in APPLIED_IN_REQUEST}
    assert len(hooks) == 56
    assert statuses == {200}
    assert WebhookEvent.objects.count() == len({(h.event, h.body) for h in inbox_hooks}) == 12
    assert CheckoutSnapshot.objects.count() == len(checkout_ids) == 8


def test_a_duplicate_delivery_counts_a_delivery_and_stores_nothing_new(
        client, recorded_installation):
    # given
    hook = recorded_webhook("0021-order_created")

    # when
    answers = [post(client, ORDER_PATH, hook.body, hook.http_headers()).json()
               for _ in range(3)]

    # then
    assert answers == [{"status": "accepted"}, {"status": "duplicate"}, {"status": "duplicate"}]
    event = WebhookEvent.objects.get()
    assert (event.deliveries, event.event_type, event.state) == (3, "order_created", "pending")
    assert event.subject_id == json.loads(hook.body)["order"]["checkoutId"]
    assert event.payload == json.loads(hook.body)


def test_an_event_the_endpoint_does_not_take_is_refused_with_400(client, recorded_installation):
    # given: ORDER_UPDATED is not subscribed
    hook = recorded_webhook("0031-order_updated")

    # when
    response = post(client, PATH_BY_EVENT["order_created"], hook.body, hook.http_headers())

    # then
    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0
    assert CheckoutSnapshot.objects.count() == 0


@pytest.mark.parametrize("tamper", ["flip-byte", "wrong-kid", "no-signature", "garbage-signature"])
def test_a_bad_signature_is_refused_with_401_and_nothing_is_stored(
        client, recorded_installation, tamper):
    # given
    hook = recorded_webhook("0015-checkout_updated")
    body, headers = hook.body, hook.http_headers()
    if tamper == "flip-byte":
        flipped = bytearray(body)
        flipped[100] ^= 0x01
        body = bytes(flipped)
    elif tamper == "wrong-kid":
        pem, _ = new_rsa_key("another-kid")
        headers = hook.http_headers(**{"Saleor-Signature": sign_body(body, pem, "another-kid")})
    elif tamper == "no-signature":
        headers = hook.http_headers(**{"Saleor-Signature": None})
    else:
        headers = hook.http_headers(**{"Saleor-Signature": "not-a-jws"})

    # when
    response = post(client, CHECKOUT_PATH, body, headers)

    # then
    assert response.status_code == 401
    assert WebhookEvent.objects.count() == 0
    assert CheckoutSnapshot.objects.count() == 0


@pytest.mark.parametrize("api_url", [None, "https://unknown.example.com/graphql/"])
def test_a_request_from_no_known_installation_is_refused_with_401(
        client, recorded_installation, api_url):
    # given
    hook = recorded_webhook("0015-checkout_updated")

    # when
    response = post(client, CHECKOUT_PATH, hook.body,
                    hook.http_headers(**{"Saleor-Api-Url": api_url}))

    # then
    assert response.status_code == 401
    assert WebhookEvent.objects.count() == 0
    assert CheckoutSnapshot.objects.count() == 0


def test_a_replay_to_another_installation_with_other_keys_is_refused(client, db):
    # given: the recorded Saleor and a second store with its own key
    make_installation(api_url=RECORDED_API_URL, jwks=recorded_jwks())
    _, other_jwks = new_rsa_key("store-b-key")
    make_installation(api_url="https://store-b.example.com/graphql/", jwks=other_jwks,
                      jwks_fetched_at=timezone.now())
    hook = recorded_webhook("0015-checkout_updated")

    # when
    response = post(client, CHECKOUT_PATH, hook.body, hook.http_headers(
        **{"Saleor-Api-Url": "https://store-b.example.com/graphql/"}))

    # then
    assert response.status_code == 401
    assert WebhookEvent.objects.count() == 0
    assert CheckoutSnapshot.objects.count() == 0


def test_a_replay_to_another_app_of_the_same_saleor_is_refused(client, db):
    # given: the same Saleor key, but the installation is another app than the recipient
    make_installation(api_url=RECORDED_API_URL, app_id="QXBwOjI=", jwks=recorded_jwks())
    hook = recorded_webhook("0015-checkout_updated")

    # when
    response = post(client, CHECKOUT_PATH, hook.body, hook.http_headers())

    # then
    assert response.status_code == 401
    assert WebhookEvent.objects.count() == 0
    assert CheckoutSnapshot.objects.count() == 0


def test_an_inactive_installation_gets_no_events(client, recorded_installation):
    # given
    Installation.objects.update(is_active=False)
    hook = recorded_webhook("0015-checkout_updated")

    # when
    response = post(client, CHECKOUT_PATH, hook.body, hook.http_headers())

    # then
    assert response.status_code == 401
    assert WebhookEvent.objects.count() == 0
    assert CheckoutSnapshot.objects.count() == 0


@pytest.mark.parametrize("body, message", [
    (b"not json", "The body is not JSON."),
    (b'{"__typename": "CheckoutUpdated", "email": "\xff"}', "The body is not JSON."),
    (b"[1, 2]", "The body is not a JSON object."),
    (b'{"__typename": "OrderCreated", "order": {"id": "T3JkZXI6MQ=="}}',
     "The body is a 'OrderCreated', the header says 'checkout_updated'."),
    (b'{"__typename": "CheckoutUpdated", "checkout": null}', "The body has no checkout with an id."),
    (b'{"__typename": "CheckoutUpdated", "checkout": {"id": "x", "updatedAt": "yesterday"}}',
     "updatedAt is not a date and time: 'yesterday'."),
])
def test_a_signed_but_malformed_body_is_refused_with_400(
        client, recorded_installation, body, message):
    # given
    headers = recorded_webhook("0015-checkout_updated").http_headers(
        **{"Saleor-Signature": sign_body(body)})

    # when
    response = post(client, CHECKOUT_PATH, body, headers)

    # then
    assert (response.status_code, response.json()) == (400, {"error": {"message": message}})
    assert WebhookEvent.objects.count() == 0
    assert CheckoutSnapshot.objects.count() == 0


def test_a_missing_event_header_is_refused_with_400(client, recorded_installation):
    # given
    hook = recorded_webhook("0015-checkout_updated")

    # when
    response = post(client, CHECKOUT_PATH, hook.body, hook.http_headers(**{"Saleor-Event": None}))

    # then
    assert response.status_code == 400
    assert WebhookEvent.objects.count() == 0
    assert CheckoutSnapshot.objects.count() == 0


@pytest.mark.parametrize("method", ["get", "put", "delete", "patch"])
def test_a_wrong_method_is_answered_405(client, recorded_installation, method):
    # when
    response = getattr(client, method)(CHECKOUT_PATH)

    # then
    assert response.status_code == 405
    assert WebhookEvent.objects.count() == 0
    assert CheckoutSnapshot.objects.count() == 0


def test_a_rotated_key_is_fetched_once_and_the_event_accepted(client, fake_saleor, db):
    # given: the app holds an old key; Saleor now signs with the recorded key
    _, old_jwks = new_rsa_key("old-key")
    installation = make_installation(api_url=fake_saleor.api_url, jwks=old_jwks,
                                     jwks_fetched_at=timezone.now() - timedelta(hours=1))
    body = recorded_webhook("0021-order_created").body
    headers = recorded_webhook("0021-order_created").http_headers(
        **{"Saleor-Api-Url": fake_saleor.api_url, "Saleor-Signature": sign_body(body)})

    # when
    response = post(client, ORDER_PATH, body, headers)

    # then
    assert response.status_code == 200
    assert fake_saleor.jwks_fetches == 1
    installation.refresh_from_db()
    assert installation.jwks == recorded_jwks()
    assert WebhookEvent.objects.count() == 1


def test_forged_signatures_refetch_the_jwks_at_most_once_per_interval(
        client, fake_saleor, db):
    # given
    make_installation(api_url=fake_saleor.api_url, jwks=recorded_jwks(),
                      jwks_fetched_at=timezone.now() - timedelta(hours=1))
    pem, _ = new_rsa_key(recorded_kid())
    body = recorded_webhook("0021-order_created").body
    headers = recorded_webhook("0021-order_created").http_headers(
        **{"Saleor-Api-Url": fake_saleor.api_url,
           "Saleor-Signature": sign_body(body, pem, recorded_kid())})

    # when
    statuses = [post(client, ORDER_PATH, body, headers).status_code for _ in range(5)]

    # then
    assert statuses == [401] * 5
    assert fake_saleor.jwks_fetches == 1
    assert WebhookEvent.objects.count() == 0
    assert CheckoutSnapshot.objects.count() == 0


def test_each_store_keeps_its_own_events(client, db):
    # given: two Saleors with their own keys, sending the same body
    pem_a, jwks_a = new_rsa_key("store-a")
    pem_b, jwks_b = new_rsa_key("store-b")
    store_a = make_installation(api_url="https://a.example.com/graphql/", jwks=jwks_a)
    store_b = make_installation(api_url="https://b.example.com/graphql/", jwks=jwks_b)
    hook = recorded_webhook("0021-order_created")

    # when
    for store, pem, kid in ((store_a, pem_a, "store-a"), (store_b, pem_b, "store-b")):
        response = post(client, ORDER_PATH, hook.body, hook.http_headers(
            **{"Saleor-Api-Url": store.saleor_api_url,
               "Saleor-Signature": sign_body(hook.body, pem, kid)}))
        assert response.json() == {"status": "accepted"}

    # then
    assert sorted(WebhookEvent.objects.values_list("installation__saleor_api_url", "deliveries")) == [
        ("https://a.example.com/graphql/", 1), ("https://b.example.com/graphql/", 1)]
