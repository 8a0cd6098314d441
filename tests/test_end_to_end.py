"""The whole app as it runs: ``saleor-retention serve`` (gunicorn, Celery worker and beat) on
the test PostgreSQL and a real Redis, installed by the fake Saleor from its manifest URL."""

import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
import redis
from django.conf import settings

from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.installations.models import Installation
from saleor_retention.webhooks.models import WebhookEvent
from tests.fixtures.recordings import recorded_webhook
from tests.fixtures.signing import sign_body

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BROKER_URL = "redis://127.0.0.1:6379/14"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def served_app(tmp_path):
    """Starts ``saleor-retention serve``; yields its base URL; stops it."""
    redis.Redis.from_url(BROKER_URL).flushdb()
    database = settings.DATABASES["default"]
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key != "PUBLIC_URL"}
    env.update({
        "DJANGO_SETTINGS_MODULE": "saleor_retention.settings",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
                        f"{database['NAME']}",
        "CELERY_BROKER_URL": BROKER_URL,
        "DATA_DIR": str(tmp_path),
    })
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "saleor_retention", "serve", "--port", str(port),
         "--web-workers", "1", "--concurrency", "1"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"

    def manifest_ready():
        try:
            return httpx.get(f"{base_url}/api/manifest", timeout=2).status_code == 200
        except httpx.HTTPError:
            return process.poll() is not None  # stop waiting if it died
    try:
        _wait_for(manifest_ready, 60, "the manifest")
        assert process.poll() is None, (tmp_path / "serve.log").read_text()
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _deliver(hook_url: str, name: str, api_url: str) -> int:
    hook = recorded_webhook(name)
    headers = {"Content-Type": "application/json", "Saleor-Event": hook.event,
               "Saleor-Api-Url": api_url, "Saleor-Domain": "127.0.0.1",
               "Saleor-Signature": sign_body(hook.body)}
    return httpx.post(hook_url, content=hook.body, headers=headers, timeout=18).status_code


def test_installed_app_keeps_a_checkout_and_converts_it_once_when_delivered_three_times(
        served_app, fake_saleor):
    # given: Saleor installs the app from the URL serve printed
    answer = fake_saleor.install(f"{served_app}/api/manifest")
    assert (answer.status_code, answer.json()) == (200, {"success": True})
    installation = Installation.objects.get()
    assert installation.saleor_api_url == fake_saleor.api_url
    target = {event["eventType"]: hook["targetUrl"] for hook in fake_saleor.webhooks
              for event in hook["asyncEvents"]}

    # when: Saleor delivers a checkout update, then the order made from it, each three times
    statuses = [_deliver(target["CHECKOUT_UPDATED"], "0015-checkout_updated", fake_saleor.api_url)
                for _ in range(3)]
    statuses += [_deliver(target["ORDER_CREATED"], "0021-order_created", fake_saleor.api_url)
                 for _ in range(3)]

    # then: one snapshot, one order event processed once by the worker, the checkout converted
    assert statuses == [200] * 6
    event = _wait_for(
        lambda: WebhookEvent.objects.filter(state="done").first(), 60, "processing")
    assert WebhookEvent.objects.count() == 1
    assert (event.event_type, event.deliveries, event.attempts) == ("order_created", 3, 1)
    snapshot = CheckoutSnapshot.objects.get()
    assert (snapshot.conversion, snapshot.order_id, snapshot.next_check_at) == (
        "order", event.payload["order"]["id"], None)
    assert list(installation.chains.values_list("name", flat=True)) == ["Forgotten cart"]
    installation = _wait_for(
        lambda: Installation.objects.exclude(webhooks_digest="").first(), 60, "webhook sync")
    assert len(fake_saleor.webhooks) == 4
    health = httpx.get(f"{served_app}/health", timeout=5).json()
    assert (health["database"]["ok"], health["broker"]) == (True, {"ok": True, "transport": "redis"})
