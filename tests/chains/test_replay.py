"""The recorded event stream, delivered the way Saleor really delivers: duplicates and any
order. Whatever happens, each (checkout, step) is sent at most once, and nothing after a
purchase."""

import json
import random
from collections import Counter
from datetime import datetime, timedelta

from saleor_retention.chains.defaults import ensure_default_chain
from saleor_retention.chains.models import ChainRun, ChainStep, Reminder
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.manifest.webhooks import WEBHOOKS
from saleor_retention.stores.models import StoreSettings
from saleor_retention.webhooks import inbox
from saleor_retention.webhooks.models import WebhookEvent
from tests.fixtures.checkouts import run_engine
from tests.fixtures.recordings import recorded_webhooks

PATH_BY_EVENT = {event.lower(): spec.path for spec in WEBHOOKS for event in spec.events}
CART_EVENTS = {"checkout_created", "checkout_updated"}
PURCHASES = {"order_created", "order_fully_paid", "checkout_fully_paid"}


def shuffled_with_duplicates(hooks, seed: int) -> list:
    generator = random.Random(seed)
    stream = hooks + generator.sample(hooks, k=round(len(hooks) * 0.3))
    generator.shuffle(stream)
    return stream


def deliver(client, hooks) -> set[int]:
    return {client.post(PATH_BY_EVENT[hook.event], data=hook.body,
                        content_type="application/json", **hook.http_headers()).status_code
            for hook in hooks}


def test_a_shuffled_stream_with_30_percent_duplicates_sends_once_per_step_and_never_after_a_purchase(
        client, recorded_installation):
    # given: the store runs the default chain with quiet hours off (the lab ran at night UTC)
    ensure_default_chain(recorded_installation)
    # The recorded Saleor (127.0.0.1:8000) is not running here to issue codes: no discounts.
    ChainStep.objects.update(discount_policy=None)
    StoreSettings.objects.filter(installation=recorded_installation).update(
        storefront_checkout_urls={"*": "https://shop.example.com/checkout/{checkout_id}"},
        quiet_hours_enabled=False)
    hooks = [hook for hook in recorded_webhooks() if hook.event in PATH_BY_EVENT]
    checkouts = [hook for hook in hooks if hook.event in CART_EVENTS]
    purchases = [hook for hook in hooks if hook.event in PURCHASES]
    start = max(datetime.fromisoformat(json.loads(hook.body)["issuedAt"]) for hook in hooks)

    # when: the cart events arrive; an hour later step 1 goes out; then the purchases
    # arrive (late, as a slow Saleor queue would deliver them), then three days pass
    statuses = deliver(client, shuffled_with_duplicates(checkouts, seed=1))
    for hour in (0, 1, 1.5):
        run_engine(start + timedelta(hours=hour))
    purchase_time = start + timedelta(hours=2)
    statuses |= deliver(client, shuffled_with_duplicates(purchases, seed=2))
    for event_id in WebhookEvent.objects.filter(state="pending").values_list("pk", flat=True):
        inbox.process_event(event_id)
    for hour in range(2, 74):
        run_engine(start + timedelta(hours=hour))

    # then
    assert statuses == {200}
    sent = list(Reminder.objects.filter(state="sent").values_list(
        "run__subject_id", "position", "sent_at"))
    per_step = Counter((subject, position) for subject, position, _ in sent)
    converted = set(CheckoutSnapshot.objects.exclude(converted_at=None)
                    .values_list("checkout_id", flat=True))
    assert set(per_step.values()) == {1}
    assert [(s, p) for s, p, at in sent if s in converted and at >= purchase_time] == []
    candidates = set(CheckoutSnapshot.objects.exclude(email="").filter(line_count__gt=0)
                     .values_list("checkout_id", flat=True))
    assert (len(candidates), len(candidates & converted)) == (8, 3)
    # the three buyers got step 1 before their orders arrived; the five others all three steps
    assert sorted(Counter(s for s, _, _ in sent).values()) == [1, 1, 1, 3, 3, 3, 3, 3]
    assert set(ChainRun.objects.filter(subject_id__in=converted)
               .values_list("state", flat=True)) == {"converted"}

