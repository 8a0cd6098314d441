"""Email rendering: personalised reminder emails rendered and handed to the email backend per
second, in one process (one worker).

Each email is the sample cart (``emails.samples``) with its own first name and quantities,
rendered with the real ``compose`` (store overrides, variables, template, plain text), made
into a message with ``email_message`` (both parts, Message-ID, unsubscribe headers) and sent
with ``.send()`` to Django's in-memory backend (``locmem``, which also builds the MIME
message). The emails cycle through every shipped step template in English (USD) and Russian
(RUB). Two modes:

- cached: the normal path, each template version compiled once per process;
- recompiling: the compiled-template cache is emptied before every email, so each one also
  checks the variables, turns MJML into HTML and parses the HTML as a template.

There is no store (``installation=None``): the shipped templates and an unsaved
``StoreSettings``. Nothing touches the database; any query would stop the run. Prints
figures; asserts nothing. The last lines are ``emails_per_second_cached``,
``emails_per_second_recompiling`` and ``cache_speedup``.

    .venv/bin/python benchmarks/email_rendering.py [--emails 2000]        # about 35 s
"""

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/saleor_retention_bench")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_retention.settings")

LANGUAGES = (("EN", "USD"), ("RU", "RUB"))
FIRST_NAMES = ("Alex", "Maria", "Jean-Baptiste", "Анна", "Sam", "Dmitri", "Chloé", "Kenji",
               "Olu", "Priya", "", "Zoë")
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
WARM_UP_EMAILS = 60


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * share), len(ordered) - 1)]


def personalised_contents(count: int) -> list[tuple[str, str, object]]:
    """Returns (template, language, content) for ``count`` emails: every template and
    language in turn, each with its own first name and quantities."""
    from saleor_retention.emails.samples import sample_content
    from saleor_retention.emails.sources import STEP_TEMPLATES

    emails = []
    for index in range(count):
        template = STEP_TEMPLATES[index % len(STEP_TEMPLATES)]
        language, currency = LANGUAGES[index // len(STEP_TEMPLATES) % len(LANGUAGES)]
        base = sample_content(language, currency, now=NOW)
        lines = tuple(
            replace(line, quantity=quantity, total_price=line.unit_price * quantity)
            for position, line in enumerate(base.lines)
            for quantity in [1 + (index + position) % 4])
        content = replace(base, first_name=FIRST_NAMES[index % len(FIRST_NAMES)], lines=lines,
                          total=sum((line.total_price for line in lines), Decimal(0)))
        emails.append((template, language, content))
    return emails


def send_all(emails, recompile: bool) -> tuple[float, list[float], dict]:
    """Renders and sends ``emails``; returns (elapsed seconds, ms per email, ms per
    (template, language))."""
    from django.core import mail

    from saleor_retention.chains.quiet_hours import shopper_zone
    from saleor_retention.emails.messages import compose, email_message, new_message_id, sender_for
    from saleor_retention.emails.rendering import forget_compiled
    from saleor_retention.stores.models import StoreSettings

    store = StoreSettings(shop_name="Sample Shop", default_time_zone="Europe/Berlin")
    zone = shopper_zone((), store.default_time_zone)
    sender = sender_for(store, "")
    timings: list[float] = []
    per_kind: dict[tuple[str, str], list[float]] = defaultdict(list)
    elapsed = 0.0
    for index, (template, language, content) in enumerate(emails):
        if recompile:
            forget_compiled()
        link = f"https://retention.example.com/unsubscribe/bench-{index}/"
        started = time.perf_counter()
        rendered = compose(None, store, content, template, zone, link)
        message = email_message(rendered, f"shopper-{index}@example.com", sender,
                                new_message_id(f"bench-{index}"), link)
        sent = message.send()
        took = time.perf_counter() - started
        elapsed += took
        if sent != 1 or len(mail.outbox) != 1:
            raise SystemExit(f"email {index} was not handed to the backend")
        mail.outbox.clear()  # keeps memory flat; the backend has done its work
        timings.append(took * 1000)
        per_kind[(template, language)].append(took * 1000)
    return elapsed, timings, per_kind


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--emails", type=int, default=2000, help="emails timed in each mode")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core import mail
    from django.db import connections
    from django.test.utils import override_settings

    def refuse_queries(execute, sql, params, many, context):
        raise SystemExit(f"the benchmark queried the database: {sql}")

    emails = personalised_contents(args.emails)
    mail.outbox = []
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), \
            connections["default"].execute_wrapper(refuse_queries):
        send_all(personalised_contents(WARM_UP_EMAILS), recompile=False)
        cached_seconds, cached, cached_kinds = send_all(emails, recompile=False)
        recompiled_seconds, recompiled, recompiled_kinds = send_all(emails, recompile=True)

    cached_rate = len(cached) / cached_seconds
    recompiled_rate = len(recompiled) / recompiled_seconds
    size = len(emails[0][2].lines)
    print(f"email rendering, one process: sample cart of {size} lines, personalised, "
          f"{len(cached_kinds)} template/language pairs, compose + email_message + send to locmem")
    print(f"  cached:      {len(cached):>5} emails in {cached_seconds:6.2f} s  "
          f"{cached_rate:8.1f} emails/s  p50 {statistics.median(cached):.2f} ms  "
          f"p99 {percentile(cached, .99):.2f} ms")
    print(f"  recompiling: {len(recompiled):>5} emails in {recompiled_seconds:6.2f} s  "
          f"{recompiled_rate:8.1f} emails/s  p50 {statistics.median(recompiled):.2f} ms  "
          f"p99 {percentile(recompiled, .99):.2f} ms")
    print("  p50 ms per template and language (cached / recompiling):")
    for kind in sorted(cached_kinds):
        print(f"    {kind[0]:<15} {kind[1]}  {statistics.median(cached_kinds[kind]):6.2f} / "
              f"{statistics.median(recompiled_kinds[kind]):6.2f}")
    print(f"emails_p50_ms_cached: {statistics.median(cached):.2f}")
    print(f"emails_p99_ms_cached: {percentile(cached, .99):.2f}")
    print(f"emails_p50_ms_recompiling: {statistics.median(recompiled):.2f}")
    print(f"emails_p99_ms_recompiling: {percentile(recompiled, .99):.2f}")
    print(f"emails_per_second_cached: {cached_rate:.0f}")
    print(f"emails_per_second_recompiling: {recompiled_rate:.0f}")
    print(f"cache_speedup: {cached_rate / recompiled_rate:.2f}")


if __name__ == "__main__":
    main()
