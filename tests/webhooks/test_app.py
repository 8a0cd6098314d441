from saleor_retention.installations.models import Installation
from saleor_retention.webhooks.inbox import process_event
from saleor_retention.webhooks.models import WebhookEvent
from tests.fixtures.recordings import recorded_webhook


def test_app_deleted_deactivates_the_installation_and_forgets_its_token(
        client, recorded_installation):
    # given
    hook = recorded_webhook("0107-app_deleted")
    client.post("/api/webhooks/app", data=hook.body, content_type="application/json",
                **hook.http_headers())

    # when
    outcome = process_event(WebhookEvent.objects.get().pk)

    # then
    assert outcome.state == "done"
    installation = Installation.objects.get()
    assert (installation.is_active, installation.encrypted_token, installation.token) == (
        False, "", "")
    assert installation.deactivated_at is not None


def test_after_app_deleted_the_store_webhooks_are_refused(client, recorded_installation):
    # given
    app_deleted = recorded_webhook("0107-app_deleted")
    client.post("/api/webhooks/app", data=app_deleted.body, content_type="application/json",
                **app_deleted.http_headers())
    process_event(WebhookEvent.objects.get().pk)
    checkout = recorded_webhook("0015-checkout_updated")

    # when
    response = client.post("/api/webhooks/checkout", data=checkout.body,
                           content_type="application/json", **checkout.http_headers())

    # then
    assert response.status_code == 401
    assert WebhookEvent.objects.count() == 1
