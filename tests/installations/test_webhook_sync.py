import pytest
from django.core.management import call_command

from saleor_retention.config import get_config
from saleor_retention.installations.webhook_sync import (
    outdated_installations,
    sync_outdated_installations,
    sync_webhooks,
)
from saleor_retention.manifest.webhooks import WEBHOOKS, webhooks_digest
from saleor_retention.saleor.errors import SaleorRejected
from tests.fixtures.installations import make_installation


@pytest.fixture
def installed(fake_saleor, db):
    token = fake_saleor.issue_token()
    return make_installation(api_url=fake_saleor.api_url, token=token)


def _wanted(spec):
    return spec.as_manifest_entry(get_config().public_url)


def test_a_store_without_our_webhooks_gets_all_of_them(fake_saleor, installed):
    # when
    result = sync_webhooks(installed)

    # then
    assert result.created == [spec.name for spec in WEBHOOKS]
    assert (result.updated, result.deleted) == ([], [])
    assert {hook["name"]: (hook["targetUrl"], hook["subscriptionQuery"]) for hook in
            fake_saleor.webhooks} == {
        spec.name: (_wanted(spec)["targetUrl"], _wanted(spec)["query"]) for spec in WEBHOOKS}
    installed.refresh_from_db()
    assert installed.webhooks_digest == webhooks_digest(get_config().public_url)


def test_a_store_already_up_to_date_is_not_changed(fake_saleor, installed):
    # given
    sync_webhooks(installed)
    fake_saleor.calls.clear()

    # when
    result = sync_webhooks(installed)

    # then
    assert result.changed is False
    assert fake_saleor.root_fields() == ["app"]


def test_changed_subscriptions_and_urls_are_updated_and_old_ones_deleted(fake_saleor, installed):
    # given: an older version's webhooks: another URL, an older query, and a dropped webhook
    checkout, order = WEBHOOKS[0], WEBHOOKS[1]
    fake_saleor._create_webhook({**_wanted(checkout), "targetUrl": "https://old.test/hook"})
    fake_saleor._create_webhook({**_wanted(order), "query": "subscription { event { "
                                 "... on OrderCreated { order { id } } } }"})
    fake_saleor._create_webhook({"name": "saleor-retention legacy events",
                                 "targetUrl": "https://old.test/legacy",
                                 "asyncEvents": ["ORDER_UPDATED"]})
    fake_saleor._create_webhook({"name": "someone else's webhook",
                                 "targetUrl": "https://other.test/", "asyncEvents": ["ORDER_UPDATED"]})

    # when
    result = sync_webhooks(installed)

    # then
    assert result.updated == [checkout.name, order.name]
    assert result.created == [spec.name for spec in WEBHOOKS[2:]]
    assert result.deleted == ["saleor-retention legacy events"]
    assert sorted(hook["name"] for hook in fake_saleor.webhooks) == sorted(
        [spec.name for spec in WEBHOOKS] + ["someone else's webhook"])
    assert next(hook for hook in fake_saleor.webhooks if hook["name"] == checkout.name)[
        "targetUrl"] == _wanted(checkout)["targetUrl"]


def test_a_subscription_saleor_rejects_is_reported_as_rejected(fake_saleor, installed, monkeypatch):
    # given: a subscription document the real schema refuses
    monkeypatch.setattr(type(WEBHOOKS[0]), "query",
                        lambda spec: "subscription { event { ... on CheckoutUpdated { "
                                     "checkout { nope } } } }")

    # when / then
    with pytest.raises(SaleorRejected, match="webhookCreate failed: query: Cannot query field"):
        sync_webhooks(installed)
    installed.refresh_from_db()
    assert installed.webhooks_digest == ""


def test_only_outdated_installations_are_synced_and_failures_recorded(fake_saleor, installed):
    # given: one store already current, one whose Saleor refuses the token
    current = make_installation(api_url="https://current.example.com/graphql/",
                                webhooks_digest=webhooks_digest(get_config().public_url))
    broken = make_installation(api_url=fake_saleor.api_url.replace("/graphql/", "/gone/"))

    # when
    outcomes = sync_outdated_installations()

    # then
    assert set(outcomes) == {installed.saleor_api_url, broken.saleor_api_url}
    assert outcomes[installed.saleor_api_url].created == [spec.name for spec in WEBHOOKS]
    broken.refresh_from_db()
    assert broken.webhooks_sync_error == (
        f"Saleor at {broken.saleor_api_url} answered HTTP 404.")
    assert list(outdated_installations()) == [broken]
    assert current.webhooks_digest == webhooks_digest(get_config().public_url)


def test_the_command_brings_stores_up_to_date(fake_saleor, installed, capsys):
    # when
    call_command("sync_webhooks")

    # then
    out = capsys.readouterr().out
    assert out == (f"1 installation(s) to bring up to date.\n{installed.saleor_api_url}: "
                   f"created 4, updated 0, deleted 0\n")
    assert len(fake_saleor.webhooks) == 4
