"""Claiming due reminders: does the claim stay flat as tracked checkouts grow?

The issue's target: claiming 1,000 due reminders with 1,000,000 tracked checkouts takes at
most 1.5 times as long as with 10,000, and the claim query reads an index only (no Seq Scan,
no Sort): its plan is printed.

For each size N (10,000 and 1,000,000 by default) the app's tables are truncated, one
installation and one three-step chain are created, then N checkout snapshots, N chain runs
(one per checkout) and 3 N reminders are generated in SQL (``INSERT … SELECT … FROM
generate_series``). Runs are spread over the last 30 days, so most reminders are already
sent or skipped, the recent runs have reminders planned in the future, and exactly ``--due``
reminders (the first step of ``--due`` runs spread evenly over the table) are planned and
overdue by up to an hour. Then the real ``claim_due_reminders(now, limit=20)`` is called
until it returns an empty list, as workers do; this is timed ``--repetitions`` (3) times per
size (the claimed rows are planned again and the table vacuumed between repetitions) and
the median repetition is reported. Finally the claim's SELECT, as captured from the function itself,
is run under ``EXPLAIN (ANALYZE, BUFFERS)``.

Runs against a real PostgreSQL database (``saleor_retention_bench``, created and migrated
if missing; its app tables are emptied). Prints figures; asserts nothing. The last line is
``claim_1000_ratio_1m_vs_10k: <median claim time at the largest size / at the smallest>``;
the smallest size is measured again after the largest, and the mean of its two medians is
the baseline, so that the machine's drift during the large size cancels out.
The rows are inserted with foreign-key triggers off (``session_replication_role =
replica``; they are consistent by construction), then vacuumed and analysed. The 1,000,000
size needs about 2 GB of disk and a minute or two to generate.

    .venv/bin/python benchmarks/claim_due_reminders.py
    .venv/bin/python benchmarks/claim_due_reminders.py --sizes 10000,1000000 --due 1000 \
        --repetitions 3
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/saleor_retention_bench")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_retention.settings")

from benchmarks.bench_sql import (  # noqa: E402
    col, ensure_database, insert_select, parse_sizes, qn, reset_tables, table,
)

CLAIM_LIMIT = 20
DUE_INDEX = "reminder_due_planned"
STEPS = [  # (position, delay, template)
    (1, timedelta(hours=1), "first_reminder"),
    (2, timedelta(days=1), "follow_up"),
    (3, timedelta(days=3), "last_chance"),
]


def generate(size: int, due: int, now) -> dict:
    """Creates the installation, the chain and ``size`` checkouts, runs and 3 × ``size``
    reminders, exactly ``due`` of them planned with ``due_at`` before ``now``."""
    from django.db import connection

    from saleor_retention.chains.models import Chain, ChainRun, ChainStep, Reminder
    from saleor_retention.checkouts.models import CheckoutSnapshot
    from tests.fixtures.installations import make_installation

    installation = make_installation()
    chain = Chain.objects.create(installation=installation, name="Abandoned checkout",
                                 abandon_after=timedelta(minutes=30))
    for position, delay, template in STEPS:
        ChainStep.objects.create(chain=chain, position=position, delay=delay, template=template)

    params = {"now": now, "n": size, "stride": size // due, "due": due,
              "installation": installation.pk, "chain": chain.pk, "chain_name": chain.name}
    # Run i (1..n) is "due" when it is one of the `due` runs spread evenly over the table:
    # its shopper left 1 h and 1..3600 s ago, so step 1 (1 h) is overdue and steps 2-3 are
    # planned. Every other shopper left 30 min + up to 30 days ago (abandon_after is 30 min).
    is_due = "(mod(i, %(stride)s::int) = 0 AND i / %(stride)s::int <= %(due)s::int)"
    left_at = (f"CASE WHEN {is_due} "
               "THEN %(now)s::timestamptz - interval '1 hour' "
               "- (1 + mod(i, 3600)) * interval '1 second' "
               "ELSE %(now)s::timestamptz - interval '30 minutes' "
               "- interval '30 days' * (i::float8 / %(n)s::int) END")
    converted = "(mod(i, 7) = 0)"
    series = f"generate_series(1, %(n)s::int) AS i CROSS JOIN LATERAL (SELECT {left_at} AS t) AS x"
    seconds = {}
    with connection.cursor() as cursor:
        # The rows are consistent by construction: skip the foreign-key triggers (Django's
        # constraints are deferred, so millions of checks would queue in memory until commit).
        cursor.execute("SET session_replication_role = replica")
        try:
            seconds.update(insert_rows(cursor, params, is_due, converted, series))
        finally:
            cursor.execute("RESET session_replication_role")

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for model in (CheckoutSnapshot, ChainRun, Reminder):
            cursor.execute(f"VACUUM (ANALYZE) {table(model)}")
        cursor.execute("CHECKPOINT")
    seconds["vacuum"] = time.perf_counter() - started
    return seconds


def insert_rows(cursor, params: dict, is_due: str, converted: str, series: str) -> dict:
    from saleor_retention.chains.models import ChainRun, ChainStep, Reminder
    from saleor_retention.checkouts.models import CheckoutSnapshot

    # Identifiers and emails are zero-padded so that they sort like i: the rows are inserted
    # in that order, which keeps the index insertions sequential (and the generation fast).
    seconds = {}
    seconds["checkouts"] = insert_select(cursor, CheckoutSnapshot, {
        "installation": "%(installation)s::bigint",
        "checkout_id": "'bench-checkout-' || lpad(i::text, 8, '0')",
        "token": "md5(i::text)",
        "email": "'shopper' || lpad(i::text, 8, '0') || '@example.com'",
        "customer_id": "CASE WHEN mod(i, 3) = 0 THEN 'VXNlcjo' || i ELSE '' END",
        "customer_first_name": "'Ada'",
        "customer_last_name": "'Shopper ' || i",
        "channel_slug": "'default-channel'",
        "channel_country": "'US'",
        "currency": "'USD'",
        "language": "'EN'",
        "country": "'US'",
        "voucher_code": "''",
        "lines": ("jsonb_build_array(jsonb_build_object('variantId', 'UHJvZHVjdFZhcmlhbnQ6' "
                  "|| mod(i, 500), 'quantity', 1 + mod(i, 3), 'unitPrice', 19.99))"),
        "line_count": "1",
        "subtotal": "19.99 * (1 + mod(i, 3))",
        "total": "19.99 * (1 + mod(i, 3)) + 5",
        "saleor_created_at": "t - interval '10 minutes'",
        "saleor_updated_at": "t",
        "first_seen_at": "t - interval '10 minutes'",
        "last_seen_at": "t",
        "converted_at": f"CASE WHEN {converted} AND NOT {is_due} THEN t + interval '2 days' END",
        "conversion": f"CASE WHEN {converted} AND NOT {is_due} THEN 'order' ELSE '' END",
        "order_id": f"CASE WHEN {converted} AND NOT {is_due} THEN 'T3JkZXI6' || i ELSE '' END",
        "is_returning_customer": "mod(i, 3) = 0",
    }, series, params)

    running = (f"({is_due} OR t > %(now)s::timestamptz - interval '3 days')")
    seconds["runs"] = insert_select(cursor, ChainRun, {
        "installation": "%(installation)s::bigint",
        "chain": "%(chain)s::bigint",
        "chain_name": "%(chain_name)s",
        "subject_kind": "'checkout'",
        "subject_id": "'bench-checkout-' || lpad(i::text, 8, '0')",
        "email": "'shopper' || lpad(i::text, 8, '0') || '@example.com'",
        "triggered_at": "t",
        "started_at": "t + interval '30 minutes'",
        "state": (f"CASE WHEN {running} THEN 'running' WHEN {converted} THEN 'converted' "
                  "ELSE 'finished' END"),
        "ended_at": (f"CASE WHEN {running} THEN NULL WHEN {converted} THEN t + interval '2 days' "
                     "ELSE t + interval '3 days' END"),
        "end_reason": (f"CASE WHEN {running} THEN '' WHEN {converted} THEN 'converted' "
                       "ELSE 'finished' END"),
    }, series, params)

    # One reminder per (run, step). In the future: planned. Past and the due run's step 1:
    # planned (the `due` overdue rows). Other past rows: skipped or sent.
    run_steps = (
        f"{table(ChainRun)} AS r JOIN {table(ChainStep)} AS s "
        f"ON s.{col(ChainStep, 'chain')} = r.{col(ChainRun, 'chain')} "
        f"CROSS JOIN LATERAL (SELECT "
        f"split_part(r.{col(ChainRun, 'subject_id')}, '-', 3)::int AS i, "
        f"r.{col(ChainRun, 'triggered_at')} + s.{col(ChainStep, 'delay')} AS d) AS x"
    )
    position = f"s.{col(ChainStep, 'position')}"
    state = (f"CASE WHEN d > %(now)s::timestamptz THEN 'planned' "
             f"WHEN {is_due} AND {position} = 1 THEN 'planned' "
             f"WHEN {converted} AND {position} > 1 THEN 'skipped' "
             f"WHEN mod(i + {position}, 10) = 0 THEN 'skipped' ELSE 'sent' END")
    sent = (f"(d <= %(now)s::timestamptz AND NOT ({is_due} AND {position} = 1) "
            f"AND NOT ({converted} AND {position} > 1) AND mod(i + {position}, 10) <> 0)")
    seconds["reminders"] = insert_select(cursor, Reminder, {
        "installation": "%(installation)s::bigint",
        "run": f"r.{qn(ChainRun._meta.pk.column)}",
        "step": f"s.{qn(ChainStep._meta.pk.column)}",
        "position": position,
        "template": f"s.{col(ChainStep, 'template')}",
        "due_at": "d",
        "state": state,
        "reason": (f"CASE WHEN d > %(now)s::timestamptz OR ({is_due} AND {position} = 1) THEN '' "
                   f"WHEN {converted} AND {position} > 1 THEN 'the shopper bought' "
                   f"WHEN mod(i + {position}, 10) = 0 THEN 'the shopper unsubscribed' "
                   "ELSE '' END"),
        "email": f"r.{col(ChainRun, 'email')}",
        "claimed_at": f"CASE WHEN {sent} THEN d + interval '5 seconds' END",
        "sending_at": f"CASE WHEN {sent} THEN d + interval '6 seconds' END",
        "sent_at": f"CASE WHEN {sent} THEN d + interval '7 seconds' END",
        "message_id": (f"CASE WHEN {sent} THEN '<' || md5(i || '-' || {position}) "
                       "|| '@example.com>' ELSE '' END"),
        "delivery": f"CASE WHEN {sent} THEN 'delivered' ELSE '' END",
        "created_at": f"r.{col(ChainRun, 'started_at')}",
    }, run_steps, params)
    return seconds


def count_reminders(now) -> dict:
    from django.db import connection

    from saleor_retention.chains.models import Reminder

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*), count(*) FILTER (WHERE {col(Reminder, 'state')} = 'planned'), "
            f"count(*) FILTER (WHERE {col(Reminder, 'state')} = 'planned' "
            f"AND {col(Reminder, 'due_at')} <= %s), "
            f"pg_size_pretty(pg_total_relation_size('{Reminder._meta.db_table}')) "
            f"FROM {table(Reminder)}", [now])
        total, planned, due, size = cursor.fetchone()
    return {"total": total, "planned": planned, "due": due, "size": size}


def claim_all(now) -> dict:
    """Claims every due reminder in batches of CLAIM_LIMIT with the real function."""
    from saleor_retention.chains.scheduler import claim_due_reminders

    batches, claimed = [], 0
    started = time.perf_counter()
    while True:
        began = time.perf_counter()
        ids = claim_due_reminders(now, limit=CLAIM_LIMIT)
        batches.append((time.perf_counter() - began) * 1000)
        if not ids:
            break
        claimed += len(ids)
    total = (time.perf_counter() - started) * 1000
    full = batches[:-1] or batches  # the last call is the empty one
    return {"total": total, "claimed": claimed, "calls": len(batches),
            "p50": statistics.median(full), "max": max(full)}


def unclaim(now) -> None:
    """Plans the claimed rows again, then vacuums, so each repetition starts alike."""
    from django.db import connection

    from saleor_retention.chains.models import Reminder

    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table(Reminder)} SET {col(Reminder, 'state')} = 'planned', "
                       f"{col(Reminder, 'claimed_at')} = NULL "
                       f"WHERE {col(Reminder, 'state')} = 'claimed' "
                       f"AND {col(Reminder, 'claimed_at')} = %s",
                       [now])
        cursor.execute(f"VACUUM {table(Reminder)}")


def claim_plan(now) -> tuple[str, str]:
    """The EXPLAIN (ANALYZE, BUFFERS) plan of the SELECT that ``claim_due_reminders`` runs:
    the SQL is captured from one real call (rolled back), then explained (rolled back)."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from saleor_retention.chains.models import Reminder
    from saleor_retention.chains.scheduler import claim_due_reminders

    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            claim_due_reminders(now, limit=CLAIM_LIMIT)
        transaction.set_rollback(True)
    selects = [q["sql"] for q in captured.captured_queries
               if q["sql"].lstrip().upper().startswith("SELECT")
               and "FOR UPDATE" in q["sql"].upper()]
    with transaction.atomic():
        if len(selects) == 1 and "%s" not in selects[0] and "$1" not in selects[0]:
            source = "SQL captured from claim_due_reminders"
            sql = selects[0]
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
        else:  # the same queryset, rebuilt
            source = "queryset rebuilt as in claim_due_reminders"
            qs = (Reminder.objects.select_for_update(skip_locked=True)
                  .filter(state=Reminder.State.PLANNED, due_at__lte=now)
                  .order_by("due_at").values_list("pk", flat=True)[:CLAIM_LIMIT])
            sql = str(qs.query)
            plan = qs.explain(analyze=True, buffers=True)
        transaction.set_rollback(True)
    return f"{source}:\n  {sql}", plan


def plan_is_index_only(plan: str) -> bool:
    return (f"using {DUE_INDEX}" in plan and "Seq Scan" not in plan
            and "Sort" not in plan and "Bitmap Heap Scan" not in plan)


def bench_size(size: int, due: int, repetitions: int) -> dict:
    from django.utils import timezone

    now = timezone.now().replace(microsecond=0)
    reset_tables()
    started = time.perf_counter()
    seconds = generate(size, due, now)
    generation = time.perf_counter() - started
    # The generated gigabytes are still being written out by the kernel; every claim commits
    # (an fsync), so it would queue behind that write-back. Flush it before timing.
    started = time.perf_counter()
    os.sync()
    seconds["sync"] = time.perf_counter() - started
    counts = count_reminders(now)
    print(f"\n== {size:,} tracked checkouts ==")
    print(f"  generated in {generation:.1f} s (checkouts {seconds['checkouts']:.1f} s, "
          f"runs {seconds['runs']:.1f} s, reminders {seconds['reminders']:.1f} s, "
          f"vacuum+analyze+checkpoint {seconds['vacuum']:.1f} s; then the disk flushed in "
          f"{seconds['sync']:.1f} s)")
    print(f"  reminders: {counts['total']:,} ({counts['size']} with indexes), "
          f"{counts['planned']:,} planned, {counts['due']:,} of them due")
    if counts["due"] != due:
        print(f"  WARNING: {counts['due']} due reminders generated, expected {due}")

    results = []
    for repetition in range(repetitions):
        if repetition:
            unclaim(now)
        result = claim_all(now)
        results.append(result)
        print(f"  repetition {repetition + 1}: claimed {result['claimed']:,} "
              f"in {result['calls']} calls, "
              f"{result['total']:.1f} ms; per batch of {CLAIM_LIMIT}: p50 {result['p50']:.2f} ms, "
              f"max {result['max']:.2f} ms")
        if result["claimed"] != due:
            print(f"  WARNING: claimed {result['claimed']}, expected {due}")
    median = sorted(results, key=lambda r: r["total"])[len(results) // 2]

    unclaim(now)
    source, plan = claim_plan(now)
    index_only = plan_is_index_only(plan)
    print(f"  EXPLAIN (ANALYZE, BUFFERS) of the claim, {source}")
    print("\n".join("    " + line for line in plan.splitlines()))
    print(f"  index only: {'yes' if index_only else 'no'} "
          f"(uses {DUE_INDEX}: {'yes' if DUE_INDEX in plan else 'no'}, "
          f"Seq Scan: {'yes' if 'Seq Scan' in plan else 'no'}, "
          f"Sort: {'yes' if 'Sort' in plan else 'no'})")
    return {"size": size, "median": median, "index_only": index_only, "counts": counts,
            "generation": generation}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=parse_sizes, default=[10_000, 1_000_000],
                        help="comma-separated numbers of tracked checkouts")
    parser.add_argument("--due", type=int, default=1000, help="due reminders to claim")
    parser.add_argument("--repetitions", type=int, default=3, help="timed claims per size")
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    if not sizes or args.due < 1 or sizes[0] < args.due or args.repetitions < 1:
        parser.error("every size must be at least --due; --due and --repetitions at least 1")
    ensure_database()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    print(f"claim_due_reminders: {args.due:,} due reminders claimed in batches of {CLAIM_LIMIT} "
          f"until none is left, {args.repetitions} repetitions per size, median reported; "
          f"{version}")

    results = [bench_size(size, args.due, args.repetitions) for size in sizes]
    # The smallest size again, last: the machine's speed drifts over the minutes the large
    # size takes, and the two small runs on either side of it cancel a steady drift.
    again = bench_size(sizes[0], args.due, args.repetitions) if len(sizes) > 1 else None

    print("\nsummary")
    for result in results + ([again] if again else []):
        median = result["median"]
        print(f"  {result['size']:>11,} checkouts, {result['counts']['total']:>11,} reminders: "
              f"claim {args.due:,} in {median['total']:8.1f} ms (median of {args.repetitions}), "
              f"batch p50 {median['p50']:.2f} ms max {median['max']:.2f} ms, "
              f"index only: {'yes' if result['index_only'] else 'no'}")
    baseline = results[0]["median"]["total"]
    if again:
        baseline = (baseline + again["median"]["total"]) / 2
        print(f"  baseline: the mean of the smallest size before and after, {baseline:.1f} ms")
    ratio = results[-1]["median"]["total"] / baseline
    print(f"  target: ratio <= 1.5 and index only at every size; ratio "
          f"{'met' if ratio <= 1.5 else 'NOT met'}, index only "
          f"{'met' if all(r['index_only'] for r in results) else 'NOT met'}")
    print(f"claim_1000_ratio_1m_vs_10k: {ratio:.2f}")


if __name__ == "__main__":
    main()
