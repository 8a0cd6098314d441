"""Inbox intake: time from request to answer for signed ORDER_CREATED deliveries (signature
verification, installation lookup, parse, inbox insert, enqueue on an in-memory broker), and
for duplicates. CHECKOUT_UPDATED skips the inbox; see webhook_ingest_http.py.

Runs in-process through Django's test client against a real PostgreSQL database
(``saleor_retention_bench``, created and migrated if missing). Prints figures; asserts nothing.

    .venv/bin/python benchmarks/webhook_intake.py [--requests 2000]
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/saleor_retention_bench")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_retention.settings")


def ensure_database() -> None:
    import psycopg

    name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    ensure_database()

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from saleor_retention.installations.models import Installation
    from saleor_retention.webhooks.models import WebhookEvent
    from tests.fixtures.installations import make_installation
    from tests.fixtures.recordings import RECORDED_API_URL, recorded_jwks, recorded_webhook
    from tests.fixtures.signing import sign_body

    call_command("migrate", verbosity=0)
    WebhookEvent.objects.all().delete()
    Installation.objects.all().delete()
    make_installation(api_url=RECORDED_API_URL, jwks=recorded_jwks())
    template = json.loads(recorded_webhook("0021-order_created").body)
    deliveries = []
    for index in range(args.requests):
        template["issuedAt"] = f"2026-11-22T10:{index // 3600 % 60:02d}:{index % 60:02d}.{index:06d}+00:00"
        body = json.dumps(template).encode()
        deliveries.append((body, sign_body(body)))
    client = Client()
    headers = {"HTTP_SALEOR_EVENT": "order_created", "HTTP_SALEOR_API_URL": RECORDED_API_URL}

    def deliver(batch):
        timings = []
        for body, signature in batch:
            started = time.perf_counter()
            response = client.post("/api/webhooks/order", data=body,
                                   content_type="application/json",
                                   HTTP_SALEOR_SIGNATURE=signature, **headers)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content
        return timings

    started = time.perf_counter()
    new = deliver(deliveries)
    elapsed = time.perf_counter() - started
    duplicates = deliver(deliveries[: max(args.requests // 4, 1)])
    print(f"inbox intake, {args.requests} new signed ORDER_CREATED on PostgreSQL, one process")
    print(f"  new:        p50 {statistics.median(new):.2f} ms  p95 {percentile(new, .95):.2f} ms  "
          f"p99 {percentile(new, .99):.2f} ms  max {max(new):.2f} ms  "
          f"throughput {args.requests / elapsed:.0f}/s")
    print(f"  duplicates: p50 {statistics.median(duplicates):.2f} ms  "
          f"p99 {percentile(duplicates, .99):.2f} ms")
    print(f"  stored events: {WebhookEvent.objects.count()}; Saleor's deadline: 18000 ms")
    print(f"order_created_intake_p99_ms: {percentile(new, .99):.2f}")


if __name__ == "__main__":
    main()
