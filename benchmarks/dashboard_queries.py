"""The Dashboard pages against a large store: how long does each call of the pages take?

Issue 7: the pages must work "for a store with 100,000 checkouts (paginated, never loading
everything)". For each size N (100,000 by default; ``--sizes 10000,100000`` to compare) the
app's tables are truncated, one store is made as the tests make it (``make_store``: the
default "Forgotten cart" chain of 1 h, 24 h and 48 h, its 10 % policy on step 3), and then
generated in SQL (``INSERT … SELECT … FROM generate_series``), as the app would have written
them: N checkout snapshots over the last 60 days in five channels and currencies, 72 % with
an address and 93 % with lines; a third of those signed in, 20 regular customers with many
carts; a chain run for every cart with both that was idle an hour (unless bought within
it), its three reminders sent, planned, or skipped as the engine skips them (order placed,
bought under another cart, stopped by staff, unsubscribed, frequency cap); provider events
(delivered, opened, clicked) for sent reminders; a code held for every step-3 email; a
recovered order for 7 % of runs (credited to the last reminder sent before it, matched by
checkout, code or address; some cancelled); one recipient row per address mailed.

Then each call the pages make is POSTed to ``/graphql/`` in-process (Django's test client)
with a Dashboard token, as the screens send it: the document of
``dashboard/frontend/src/graphql/``, its ``operationName`` when the screen names one, and the
screen's variables. Each call runs once under ``CaptureQueriesContext`` (the query count and
the SQL; this also warms the caches), then ``--repetitions`` times for the wall time, with
``DEBUG`` off as in production. A table per size gives the median and maximum; then the
slowest query of the slowest call (and of every call slower than ``--explain-over`` ms at
the largest size) is run under ``EXPLAIN (ANALYZE, BUFFERS)``, and that call is timed again
with PostgreSQL's JIT compilation off for the session (a server setting, on by default).

Runs against a real PostgreSQL database (``saleor_retention_bench``, created and migrated if
missing; its app tables are emptied). Prints figures; asserts nothing. The rows are inserted
with foreign-key triggers off (``session_replication_role = replica``; consistent by
construction), then vacuumed and analysed. The last line is ``dashboard_slowest_call_ms_100k:
<median ms of the slowest call with 100,000 checkouts>`` (the largest size when 100,000 was
not run).

    .venv/bin/python benchmarks/dashboard_queries.py
    .venv/bin/python benchmarks/dashboard_queries.py --sizes 10000,100000 --repetitions 5
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/saleor_retention_bench")
os.environ.setdefault("CELERY_BROKER_URL", "memory://")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_retention.settings")

from benchmarks.bench_sql import (  # noqa: E402
    ensure_database, insert_select, parse_sizes, reset_tables, table,
)

DOCUMENTS = ROOT / "saleor_retention" / "dashboard" / "frontend" / "src" / "graphql"
DAYS = 60  # how far back the store's checkouts go
PAGE = 20  # the screens' PAGE_SIZE
EXPORT_PAGE = 100  # RecoveredOrders.jsx EXPORT_PAGE_SIZE
# (channel, currency, country, language, price factor, decimals, share in ‰ up to here)
MARKETS = [("default-channel", "USD", "US", "EN", 1, 2, 550),
           ("channel-de", "EUR", "DE", "DE", 0.9, 2, 750),
           ("channel-uk", "GBP", "GB", "EN", 0.8, 2, 850),
           ("channel-pl", "PLN", "PL", "PL", 4, 2, 950),
           ("channel-jp", "JPY", "JP", "JA", 150, 0, 1000)]


def u(seed: int, of: str = "i") -> str:
    """A uniform draw in 0..999 for each value of ``of``; each seed an independent one."""
    return f"mod(abs(hashint4extended(({of})::int, {seed})), 1000)::int"


def base64_id(kind: str, number: str) -> str:
    """Saleor's global id of ``kind`` for the SQL text ``number``, as Saleor writes it."""
    return f"encode(convert_to('{kind}:' || {number}, 'UTF8'), 'base64')"


PLAN = f"""
CREATE TEMP TABLE bench_plan AS
WITH markets (market, channel_slug, currency, country, language, factor, decimals, upto) AS (
  VALUES {", ".join(f"({n}, '{c}', '{cur}', '{co}', '{lang}', {f}::numeric, {d}, {upto})"
                    for n, (c, cur, co, lang, f, d, upto) in enumerate(MARKETS))}
), base AS (
  SELECT i, t, t - (5 + mod({u(7)}, 180)) * interval '1 minute' AS created, m.*,
         {u(2)} < 720 AS has_email,
         CASE WHEN {u(3)} < 930 THEN 1 + mod({u(8)}, 4) ELSE 0 END AS line_count,
         {u(2)} < 720 AND {u(4)} < 300 AS is_customer,
         {u(2)} < 720 AND {u(4)} < 300 AND {u(5)} < 40 AS is_regular,
         1 + mod({u(6)}, 20) AS regular_number,
         {base64_id("Checkout", "md5('checkout' || i)::uuid")} AS checkout_id,
         {base64_id("Order", "md5('order' || i)::uuid")} AS order_id
  FROM generate_series(1, %(n)s::int) AS i
  CROSS JOIN LATERAL (SELECT %(now)s::timestamptz - interval '2 minutes'
      - interval '{DAYS} days' * ((%(n)s::int - i)::float8 / %(n)s::int) AS t) AS x
  JOIN markets AS m ON m.market = (SELECT min(market) FROM markets WHERE {u(1)} < upto)
)
SELECT b.*, cart.lines, cart.subtotal,
       cart.subtotal + CASE WHEN b.line_count > 0 THEN round(4.99 * b.factor, b.decimals)
                       ELSE 0 END AS total,
       CASE WHEN NOT b.has_email THEN ''
            WHEN b.is_regular THEN 'regular' || lpad(b.regular_number::text, 2, '0')
                                   || '@example.com'
            WHEN b.is_customer THEN 'customer' || lpad(i::text, 8, '0') || '@example.com'
            ELSE 'shopper' || lpad(i::text, 8, '0') || '@example.com' END AS email,
       CASE WHEN b.is_regular THEN {base64_id("User", "(900 + b.regular_number)")}
            WHEN b.is_customer THEN {base64_id("User", "(100000 + i)")} ELSE '' END
           AS customer_id,
       ''::text AS outcome, 4 AS cut, NULL::timestamptz AS ended_at, ''::text AS end_reason,
       NULL::timestamptz AS converted_at, NULL::timestamptz AS order_at, ''::text AS matched_by,
       NULL::timestamptz AS unsubscribed_at
FROM base AS b
CROSS JOIN LATERAL (
  SELECT coalesce(jsonb_agg(jsonb_build_object(
           'variant_id', {base64_id("ProductVariant", "v")}, 'variant_name', 'M',
           'sku', 'SKU-' || v, 'product_id', {base64_id("Product", "(v / 3)")},
           'product_name', 'Product ' || (v / 3),
           'category_id', {base64_id("Category", "mod(v, 12)")},
           'thumbnail_url', 'https://cdn.example.com/products/' || (v / 3) || '.png',
           'quantity', q, 'unit_price', price::text, 'total_price', (price * q)::text)
           ORDER BY l), '[]'::jsonb) AS lines,
         coalesce(sum(price * q), 0) AS subtotal
  FROM generate_series(1, b.line_count) AS l
  CROSS JOIN LATERAL (SELECT mod(abs(hashint4extended(b.i * 8 + l::int, 21)), 1500) AS v,
                             1 + mod(abs(hashint4extended(b.i * 8 + l::int, 22)), 3) AS q) AS y
  CROSS JOIN LATERAL (SELECT round((9.99 + mod(abs(hashint4extended(y.v::int, 23)), 190))
                                   * b.factor, b.decimals) AS price) AS z
) AS cart
"""

# The default chain's delays after the shopper left.
STEP_DELAYS = {1: "1 hour", 2: "24 hours", 3: "48 hours"}


def handled(k: int) -> str:
    """When step ``k`` was handled: due, plus the 1-2.5 minutes a worker takes to claim it
    (the same formula as ``insert_reminders``)."""
    return f"(t + interval '{STEP_DELAYS[k]}' + (60 + mod(i, 90)) * interval '1 second')"


# Which runs end how. Each outcome applies only when its ending is in the past; otherwise the
# run is left "normal" (running, or finished once step 3 was handled). `cut` is the first
# position skipped with the run's end reason.
OUTCOMES = [
    f"""UPDATE bench_plan SET outcome = CASE
          WHEN NOT (has_email AND line_count > 0) THEN ''
          WHEN {u(10)} < 120 AND t + interval '50 minutes' <= %(now)s THEN 'bought_early'
          WHEN t + interval '1 hour' > %(now)s THEN 'waiting'
          ELSE 'normal' END""",
    f"""UPDATE bench_plan SET converted_at = t + (10 + mod({u(14)}, 40)) * interval '1 minute',
          order_at = t + (10 + mod({u(14)}, 40)) * interval '1 minute'
        WHERE outcome = 'bought_early'""",
    # An order after step `cut - 1` was sent, before the next step falls due.
    f"""UPDATE bench_plan SET outcome = 'recovered', cut = x.k + 1, order_at = x.at,
          ended_at = x.at + interval '5 seconds', end_reason = 'order_placed',
          matched_by = CASE WHEN x.k = 3 AND {u(15)} < 600 THEN 'code'
                            WHEN {u(15)} < 900 THEN 'checkout' ELSE 'email' END
        FROM (SELECT i AS run_i, k, CASE k WHEN 1 THEN {handled(1)} WHEN 2 THEN {handled(2)}
                     ELSE {handled(3)} END + (1 + mod({u(14)}, 20)) * interval '1 hour'
                     + mod({u(16)}, 60) * interval '1 minute' AS at
              FROM bench_plan CROSS JOIN LATERAL (SELECT CASE WHEN {u(13)} < 500 THEN 1
                   WHEN {u(13)} < 800 THEN 2 ELSE 3 END AS k) AS kk) AS x
        WHERE outcome = 'normal' AND i = x.run_i AND {u(11)} < 70
          AND x.at <= %(now)s - interval '1 minute'""",
    """UPDATE bench_plan SET converted_at = order_at
        WHERE outcome = 'recovered' AND matched_by IN ('checkout', 'code')""",
    # The shopper bought under another cart: found when step 2 or 3 was to be sent.
    f"""UPDATE bench_plan SET outcome = 'converted_by_email', cut = x.k, ended_at = x.at,
          end_reason = 'converted_by_email'
        FROM (SELECT i AS run_i, k, CASE k WHEN 2 THEN {handled(2)} ELSE {handled(3)} END AS at
              FROM bench_plan CROSS JOIN LATERAL (SELECT 2 + ({u(13)} / 500) AS k) AS kk) AS x
        WHERE outcome = 'normal' AND i = x.run_i AND {u(11)} BETWEEN 70 AND 99
          AND x.at <= %(now)s""",
    f"""UPDATE bench_plan SET outcome = 'stopped_by_staff', cut = 2,
          ended_at = {handled(1)} + (2 + mod({u(14)}, 18)) * interval '1 hour',
          end_reason = 'stopped_by_staff'
        WHERE outcome = 'normal' AND {u(11)} BETWEEN 100 AND 119
          AND {handled(1)} + (2 + mod({u(14)}, 18)) * interval '1 hour' <= %(now)s""",
    # Left with the unsubscribe link after step 1; step 2's send finds it and stops the run.
    f"""UPDATE bench_plan SET outcome = 'unsubscribed', cut = 2, ended_at = {handled(2)},
          end_reason = 'unsubscribed',
          unsubscribed_at = {handled(1)} + (1 + mod({u(14)}, 10)) * interval '1 hour'
        WHERE outcome = 'normal' AND {u(11)} BETWEEN 120 AND 134 AND NOT is_regular
          AND {handled(2)} <= %(now)s""",
    f"""UPDATE bench_plan SET ended_at = {handled(3)}, end_reason = 'all_steps_done'
        WHERE outcome = 'normal' AND {handled(3)} <= %(now)s - interval '1 minute'""",
    "CREATE INDEX ON bench_plan (checkout_id)",
    "ANALYZE bench_plan",
]
RUN_STATE = {"recovered": "converted", "converted_by_email": "converted",
             "stopped_by_staff": "stopped", "unsubscribed": "stopped"}


def generate(size: int, now) -> tuple[object, dict]:
    """Makes the store and its rows; returns the installation and seconds per table."""
    from django.db import connection

    from saleor_retention.chains.models import Chain, ChainRun, RecoveredOrder, Reminder
    from saleor_retention.checkouts.models import CheckoutSnapshot
    from saleor_retention.discounts.models import DiscountCode, DiscountPolicy, DiscountVoucher
    from saleor_retention.emails.models import EmailEvent
    from saleor_retention.recipients.models import Recipient
    from tests.fixtures.checkouts import make_store

    installation = make_store()
    chain = Chain.objects.get(installation=installation)
    policy = DiscountPolicy.objects.get(installation=installation)
    params = {"now": now, "n": size, "installation": installation.pk, "chain": chain.pk,
              "chain_name": chain.name, "policy": policy.pk, "validity": policy.validity,
              "policy_version": policy.updated_at}
    store = "%(installation)s::bigint"
    run_of_plan = (f"{table(ChainRun)} AS r JOIN bench_plan AS p ON p.checkout_id = r.subject_id")
    seconds = {}
    with connection.cursor() as cursor:
        # The rows are consistent by construction: skip the foreign-key triggers (Django's
        # constraints are deferred, so the checks would queue in memory until commit).
        cursor.execute("SET session_replication_role = replica")
        try:
            started = time.perf_counter()
            cursor.execute("DROP TABLE IF EXISTS bench_plan")
            cursor.execute(PLAN, params)
            for statement in OUTCOMES:
                cursor.execute(statement, params if "%(" in statement else None)
            seconds["plan"] = time.perf_counter() - started
            seconds["checkouts"] = insert_select(cursor, CheckoutSnapshot, {
                "installation": store, "checkout_id": "checkout_id",
                "token": "md5('checkout' || i)::uuid::text", "email": "email",
                "customer_id": "customer_id",
                "customer_first_name": "CASE WHEN is_customer THEN 'Ada' ELSE '' END",
                "customer_last_name": ("CASE WHEN is_regular THEN 'Regular ' || regular_number "
                                       "WHEN is_customer THEN 'Customer ' || i ELSE '' END"),
                "channel_slug": "channel_slug", "channel_country": "country",
                "currency": "currency", "language": "language", "country": "country",
                "voucher_code": "''", "lines": "lines", "line_count": "line_count",
                "subtotal": "subtotal", "total": "total", "saleor_created_at": "created",
                "saleor_updated_at": "t", "first_seen_at": "created", "last_seen_at": "t",
                "next_check_at": "CASE WHEN outcome = 'waiting' THEN t + interval '1 hour' END",
                "converted_at": "converted_at",
                "conversion": "CASE WHEN converted_at IS NOT NULL THEN 'order' ELSE '' END",
                "order_id": "CASE WHEN converted_at IS NOT NULL THEN order_id ELSE '' END",
                "is_returning_customer": (f"CASE WHEN is_regular THEN true "
                                          f"WHEN is_customer THEN {u(9)} < 400 END"),
                "marketing_consent": "NULL",
            }, "bench_plan ORDER BY i", params)
            running = "CASE WHEN ended_at IS NULL THEN 'running' ELSE 'finished' END"
            seconds["runs"] = insert_select(cursor, ChainRun, {
                "installation": store, "chain": "%(chain)s::bigint",
                "chain_name": "%(chain_name)s", "subject_kind": "'checkout'",
                "subject_id": "checkout_id", "email": "email", "triggered_at": "t",
                "started_at": "t + interval '1 hour' + mod(i, 60) * interval '1 second'",
                "state": ("CASE outcome " + " ".join(f"WHEN '{o}' THEN '{s}'"
                                                     for o, s in RUN_STATE.items())
                          + f" ELSE {running} END"),
                "ended_at": "ended_at", "end_reason": "end_reason",
            }, "bench_plan WHERE outcome NOT IN ('', 'bought_early', 'waiting') ORDER BY i",
                params)
            seconds["reminders"] = insert_reminders(cursor, run_of_plan, params)
            seconds["codes"] = insert_select(cursor, DiscountVoucher, {
                "installation": store, "policy": "%(policy)s::bigint",
                "channel_slug": "v.channel_slug", "bucket_start": "v.b",
                "bucket_end": "v.b + interval '1 hour'",
                "ends_at": "v.b + interval '1 hour' + %(validity)s::interval",
                "saleor_id": base64_id("Voucher", "row_number() OVER (ORDER BY v.b, "
                                                  "v.channel_slug)"),
                "policy_version": "%(policy_version)s::timestamptz", "last_error": "''",
                "created_at": "v.b",
            }, f"(SELECT DISTINCT p.channel_slug, date_trunc('hour', m.sending_at) AS b "
               f"FROM {table(Reminder)} AS m JOIN {run_of_plan} ON r.id = m.run_id "
               f"WHERE m.position = 3 AND m.state = 'sent') AS v ORDER BY v.b, v.channel_slug",
                params)
            held = "m.sending_at - interval '1 second'"
            used = "(p.outcome = 'recovered' AND p.matched_by = 'code')"
            gone = f"({held} + %(validity)s::interval + interval '10 minutes' <= %(now)s)"
            seconds["codes"] += insert_select(cursor, DiscountCode, {
                "installation": store, "voucher": "v.id",
                "code": ("upper(substr(md5('code' || m.id), 1, 4) || '-' "
                         "|| lpad(to_hex(m.id), 5, '0'))"),
                "saleor_id": base64_id("VoucherCode", "m.id"),
                "state": f"CASE WHEN {used} THEN 'used' WHEN {gone} THEN 'deleted' ELSE 'held' END",
                "holder": "'reminder:' || m.id", "reminder": "m.id", "held_at": held,
                "expires_at": f"{held} + %(validity)s::interval",
                "used_at": f"CASE WHEN {used} THEN p.order_at END",
                "order_id": f"CASE WHEN {used} THEN p.order_id ELSE '' END",
                "deleted_at": (f"CASE WHEN {gone} AND NOT {used} THEN {held} "
                               "+ %(validity)s::interval + interval '5 minutes' END"),
                "created_at": f"{held} - interval '1 hour'",
            }, f"{table(Reminder)} AS m JOIN {run_of_plan} ON r.id = m.run_id "
               f"JOIN {table(DiscountVoucher)} AS v ON v.channel_slug = p.channel_slug "
               f"AND v.bucket_start = date_trunc('hour', m.sending_at) "
               f"WHERE m.position = 3 AND m.state = 'sent' ORDER BY m.id", params)
            seconds["orders"] = insert_select(cursor, RecoveredOrder, {
                "installation": store, "run": "r.id", "reminder": "m.id",
                "order_id": "p.order_id", "order_number": "(10000 + p.i)::text",
                "total": ("CASE WHEN p.matched_by = 'code' THEN round(p.total * 0.9, p.decimals) "
                          "ELSE p.total END"),
                "currency": "p.currency",
                "voucher_code": "CASE WHEN p.matched_by = 'code' THEN c.code ELSE '' END",
                "matched_by": "p.matched_by", "ordered_at": "p.order_at",
                "cancelled_at": (f"CASE WHEN {u(17, 'p.i')} < 30 AND p.order_at "
                                 "+ interval '2 days' <= %(now)s "
                                 "THEN p.order_at + interval '2 days' END"),
            }, f"{run_of_plan} JOIN {table(Reminder)} AS m ON m.run_id = r.id "
               f"AND m.position = p.cut - 1 "
               f"LEFT JOIN {table(DiscountCode)} AS c ON c.reminder_id = m.id "
               f"WHERE p.outcome = 'recovered' ORDER BY p.order_at", params)
            seconds["events"] = insert_select(cursor, EmailEvent, {
                "installation": "m.installation_id", "reminder": "m.id", "kind": "e.kind",
                "esp_name": "'Postmark'",
                "esp_event_id": ("'sha256:' || encode(sha256(convert_to(m.id || e.kind, "
                                 "'UTF8')), 'hex')"),
                "occurred_at": "e.at", "description": "''",
                "received_at": "e.at + interval '1 second'",
            }, f"{table(Reminder)} AS m CROSS JOIN LATERAL (VALUES "
               f"('delivered', m.sent_at + interval '4 seconds'), ('opened', m.opened_at), "
               f"('clicked', m.clicked_at)) AS e(kind, at) WHERE m.state = 'sent' "
               f"AND e.at IS NOT NULL AND (e.kind <> 'delivered' OR m.delivery = 'delivered') "
               f"ORDER BY m.id, e.at", params)
            seconds["recipients"] = insert_select(cursor, Recipient, {
                "installation": store, "email": "x.email", "last_reminded_at": "x.last_sent",
                "unsubscribed_at": "x.unsubscribed", "suppression_reason": "''",
                "created_at": "x.first_sent - interval '1 second'",
            }, f"(SELECT m.email, min(m.sending_at) AS first_sent, max(m.sending_at) AS "
               f"last_sent, max(p.unsubscribed_at) AS unsubscribed FROM {table(Reminder)} AS m "
               f"JOIN {run_of_plan} ON r.id = m.run_id WHERE m.state = 'sent' "
               f"GROUP BY m.email) AS x ORDER BY x.first_sent", params)
            cursor.execute("DROP TABLE bench_plan")
        finally:
            cursor.execute("RESET session_replication_role")

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for model in (CheckoutSnapshot, ChainRun, Reminder, DiscountVoucher, DiscountCode,
                      RecoveredOrder, EmailEvent, Recipient):
            cursor.execute(f"VACUUM (ANALYZE) {table(model)}")
        cursor.execute("CHECKPOINT")
    seconds["vacuum"] = time.perf_counter() - started
    return installation, seconds


def insert_reminders(cursor, run_of_plan: str, params: dict) -> float:
    """Each run's three reminders, as the engine leaves them at ``now``."""
    from saleor_retention.chains.models import ChainStep, Reminder

    key = "p.i * 4 + s.position"
    credited = "(p.outcome = 'recovered' AND s.position = p.cut - 1)"
    source = (
        f"{run_of_plan} JOIN {table(ChainStep)} AS s ON s.chain_id = r.chain_id "
        f"CROSS JOIN LATERAL (SELECT p.t + s.delay AS due, p.t + s.delay "
        f"+ (60 + mod(p.i, 90)) * interval '1 second' AS at) AS x "
        f"CROSS JOIN LATERAL (SELECT CASE WHEN s.position >= p.cut THEN 'skipped' "
        f"WHEN x.at > %(now)s::timestamptz - interval '1 minute' THEN 'planned' "
        f"WHEN p.outcome = 'normal' AND s.position = 2 AND {u(12, 'p.i')} < 50 THEN 'skipped' "
        f"ELSE 'sent' END AS state) AS y "
        f"CROSS JOIN LATERAL (SELECT y.state = 'sent' AND ({credited} OR {u(31, key)} < 960) "
        f"AS delivered) AS d "
        f"CROSS JOIN LATERAL (SELECT CASE WHEN d.delivered AND {credited} "
        f"THEN x.at + interval '10 minutes' WHEN d.delivered AND {u(32, key)} < 400 "
        f"THEN x.at + (5 + mod({u(33, key)}, 600)) * interval '1 minute' END AS at) AS o "
        f"CROSS JOIN LATERAL (SELECT CASE WHEN o.at <= %(now)s THEN o.at END AS opened) AS o2 "
        f"CROSS JOIN LATERAL (SELECT CASE WHEN {credited} THEN o2.opened + interval '1 minute' "
        f"WHEN {u(34, key)} < 250 THEN o2.opened + (1 + mod({u(35, key)}, 10)) "
        f"* interval '1 minute' END AS at) AS c "
        f"ORDER BY r.id, s.position")
    return insert_select(cursor, Reminder, {
        "installation": "r.installation_id", "run": "r.id", "step": "s.id",
        "position": "s.position", "template": "s.template",
        "discount_policy": "s.discount_policy_id", "due_at": "x.due", "state": "y.state",
        "reason": ("CASE WHEN y.state <> 'skipped' THEN '' WHEN s.position >= p.cut "
                   "THEN p.end_reason ELSE 'frequency_cap' END"),
        "email": "CASE WHEN y.state = 'sent' THEN r.email ELSE '' END",
        "sending_at": "CASE WHEN y.state = 'sent' THEN x.at END",
        "sent_at": "CASE WHEN y.state = 'sent' THEN x.at + interval '1 second' END",
        "message_id": ("CASE WHEN y.state = 'sent' THEN '<' || md5(r.id || '-' || s.position) "
                       "|| '@mail.example.com>' ELSE '' END"),
        "delivery": "CASE WHEN d.delivered THEN 'delivered' ELSE '' END",
        "opened_at": "o2.opened",
        "clicked_at": "CASE WHEN c.at <= %(now)s THEN c.at END",
        "created_at": "r.started_at",
    }, source, params)


def describe_store(installation) -> list[str]:
    """A few lines on what was generated (counted in SQL, and the review states by the API's
    own annotated queryset)."""
    from django.db.models import Count

    from saleor_retention.api.review_checkouts import reviewed_checkouts
    from saleor_retention.chains.models import ChainRun, RecoveredOrder, Reminder
    from saleor_retention.checkouts.models import CheckoutSnapshot
    from saleor_retention.discounts.models import DiscountCode
    from saleor_retention.emails.models import EmailEvent

    def grouped(queryset, field):
        rows = queryset.values(field).annotate(n=Count("pk")).order_by("-n")
        return ", ".join(f"{row[field] or '-'} {row['n']:,}" for row in rows)

    snapshots = CheckoutSnapshot.objects.filter(installation=installation)
    return [
        f"checkouts {snapshots.count():,} (currencies: {grouped(snapshots, 'currency')}); "
        f"listed (address and lines) {reviewed_checkouts(installation).count():,}",
        f"review states: {grouped(reviewed_checkouts(installation), 'review_state')}",
        f"runs: {grouped(ChainRun.objects.all(), 'state')}",
        f"reminders: {grouped(Reminder.objects.all(), 'state')}",
        f"email events: {grouped(EmailEvent.objects.all(), 'kind')}; "
        f"codes: {grouped(DiscountCode.objects.all(), 'state')}",
        f"recovered orders: {grouped(RecoveredOrder.objects.all(), 'matched_by')}, "
        f"{RecoveredOrder.objects.filter(cancelled_at__isnull=False).count():,} cancelled",
    ]


def iso(moment: datetime) -> str:
    """As the browser's ``Date.toISOString()`` writes it."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def overview_variables(count: int, interval: str, now: datetime) -> dict:
    """``periods.js`` ``periodVariables`` for a viewer in UTC: from the start of the day or
    month ``count - 1`` intervals before the current one."""
    first = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if interval == "MONTH":
        months = first.year * 12 + first.month - 1 - (count - 1)
        first = first.replace(year=months // 12, month=months % 12 + 1, day=1)
    else:
        first -= timedelta(days=count - 1)
    return {"from": iso(first), "to": iso(now), "interval": interval, "timeZone": "UTC"}


def checkouts_variables(sort: str = "RECENCY", after=None, **filter) -> dict:
    """``AbandonedCheckouts.jsx`` ``variablesOf``."""
    return {"first": PAGE, "after": after, "filter": filter,
            "sortBy": {"field": sort, "direction": "DESC"}}


class Dashboard:
    """Calls the app's API as the Dashboard pages do, with a fresh token for each call."""

    def __init__(self, installation):
        from django.test import Client

        self.client = Client()
        self.installation = installation

    def post(self, document: str, operation: str | None, variables: dict) -> tuple[float, dict]:
        from tests.fixtures.api import staff_headers

        body = {"query": (DOCUMENTS / document).read_text(), "variables": variables}
        if operation:  # the screens that name it; JSON.stringify drops an undefined one
            body["operationName"] = operation
        data, headers = json.dumps(body), staff_headers(self.installation)
        started = time.perf_counter()
        response = self.client.post("/graphql/", data=data, content_type="application/json",
                                    **headers)
        elapsed = (time.perf_counter() - started) * 1000
        answer = response.json()
        if response.status_code != 200 or answer.get("errors"):
            print(f"  WARNING: {document} {operation or ''} answered {response.status_code}: "
                  f"{[error.get('message') for error in answer.get('errors', [])]}")
        return elapsed, answer.get("data") or {}

    def walk(self, document, operation, variables_at, field, pages=None) -> tuple[list, float]:
        """Follows ``endCursor`` (``pages`` pages, or to the end); returns the ``after`` of
        each page and the total wall time."""
        afters, after, total = [], None, 0.0
        while pages is None or len(afters) < pages:
            afters.append(after)
            elapsed, data = self.post(document, operation, variables_at(after))
            total += elapsed
            info = data[field]["pageInfo"]
            if not info["hasNextPage"]:
                break
            after = info["endCursor"]
        return afters, total


def summary(data: dict) -> str:
    parts = []
    for field, value in data.items():
        if isinstance(value, dict) and "edges" in value:
            parts.append(f"{len(value['edges'])} of {value['totalCount']:,}")
        elif field == "retentionFunnel":
            parts.append(f"funnel eligible {sum(c['eligible'] for c in value):,}")
        elif field == "recoveredRevenueOverTime":
            parts.append(f"{len(value)} points")
        elif field == "recoveredOrder":
            parts.append("found" if value else "not found")
        elif field == "retentionChains":
            parts.append(f"{len(value)} chain(s)")
    return ", ".join(parts)


def dashboard_calls(dashboard: Dashboard, installation, now: datetime) -> list[tuple]:
    """(name, document, operationName, variables) of each call timed, the cursors found by
    paging as the screens do."""
    from django.db.models import Count

    from saleor_retention.chains.models import RecoveredOrder
    from saleor_retention.checkouts.models import CheckoutSnapshot

    checkouts = ("AbandonedCheckouts.graphql", "DashboardAbandonedCheckouts")
    afters, _ = dashboard.walk(*checkouts, lambda after: checkouts_variables(after=after),
                               "abandonedCheckouts", pages=6)
    customer = (CheckoutSnapshot.objects.filter(installation=installation)
                .exclude(customer_id="").exclude(email="").filter(line_count__gt=0)
                .values("customer_id").annotate(n=Count("pk")).order_by("-n", "customer_id")
                .first())
    export = lambda after: {"first": EXPORT_PAGE, "after": after, "filter": {}}  # noqa: E731
    exports, export_ms = dashboard.walk("RecoveredOrders.graphql", None, export,
                                        "recoveredOrders")
    print(f"  CSV export of every recovered order: {len(exports)} calls of {EXPORT_PAGE}, "
          f"{export_ms:,.0f} ms in all (once); the customer of the customer action has "
          f"{customer['n'] if customer else 0} carts signed in")
    orders = RecoveredOrder.objects.filter(installation=installation).order_by("pk")
    order = orders[orders.count() // 2] if orders.exists() else None
    return [
        ("Overview, last 30 days (DAY)", "Overview.graphql", None,
         overview_variables(30, "DAY", now)),
        ("Overview, last 12 months (MONTH)", "Overview.graphql", None,
         overview_variables(12, "MONTH", now)),
        ("Checkouts, recency desc, page 1", *checkouts, checkouts_variables()),
        ("Checkouts, value desc, page 1", *checkouts, checkouts_variables("VALUE")),
        ("Checkouts, IN_CHAIN, page 1", *checkouts, checkouts_variables(state="IN_CHAIN")),
        ("Checkouts, recency desc, page 6", *checkouts,
         checkouts_variables(after=afters[-1])),
        ("Customer action, one customer", *checkouts,
         {"first": PAGE, "after": None,
          "filter": {"customerId": customer["customer_id"] if customer else "none"}}),
        ("Recovered orders, page 1", "RecoveredOrders.graphql", None,
         {"first": PAGE, "after": None, "filter": {}}),
        ("Recovered orders, export page 1", "RecoveredOrders.graphql", None, export(None)),
        ("Recovered orders, export last page", "RecoveredOrders.graphql", None,
         export(exports[-1])),
        ("Chains tab", "Chains.graphql", "DashboardChains", {}),
        ("Order widget, recovered order", "OrderWidget.graphql", None,
         {"orderId": order.order_id if order else "none"}),
    ]


def time_call(dashboard: Dashboard, call: tuple, repetitions: int) -> dict:
    """One captured call (queries, SQL), then ``repetitions`` timed ones."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    name, document, operation, variables = call
    with CaptureQueriesContext(connection) as captured:
        _, data = dashboard.post(document, operation, variables)
    queries = [(float(q["time"]) * 1000, q["sql"]) for q in captured.captured_queries]
    times = [dashboard.post(document, operation, variables)[0] for _ in range(repetitions)]
    return {"name": name, "call": call, "median": statistics.median(times), "max": max(times),
            "queries": len(queries), "sql_ms": sum(ms for ms, _ in queries),
            "slowest": max(queries, default=(0.0, "")), "answer": summary(data)}


def median_without_jit(dashboard: Dashboard, call: tuple, repetitions: int) -> float:
    """The call's median with PostgreSQL's JIT compilation off for this session (a server
    setting, on by default: it compiles a query whose estimated cost passes
    ``jit_above_cost``)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    try:
        return statistics.median(dashboard.post(*call[1:])[0] for _ in range(repetitions))
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")


def explain(sql: str) -> str:
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return plan


def bench_size(size: int, repetitions: int) -> list[dict]:
    from django.utils import timezone as django_timezone

    now = django_timezone.now().replace(microsecond=0)
    reset_tables()
    started = time.perf_counter()
    installation, seconds = generate(size, now)
    print(f"\n== {size:,} checkouts ==")
    print(f"  generated in {time.perf_counter() - started:.1f} s ("
          + ", ".join(f"{step} {value:.1f} s" for step, value in seconds.items()) + ")")
    for line in describe_store(installation):
        print(f"  {line}")
    dashboard = Dashboard(installation)
    results = [time_call(dashboard, call, repetitions)
               for call in dashboard_calls(dashboard, installation, now)]
    print(f"\n  {'call':<40} {'median ms':>10} {'max ms':>8} {'queries':>8} {'SQL ms':>7} "
          f"{'slowest q':>9}  answer")
    for r in results:
        print(f"  {r['name']:<40} {r['median']:>10.1f} {r['max']:>8.1f} {r['queries']:>8} "
              f"{r['sql_ms']:>7.1f} {r['slowest'][0]:>9.1f}  {r['answer']}")
    print(f"  (median and max of {repetitions} calls; queries, SQL ms and the slowest query "
          f"from one more call under CaptureQueriesContext)")
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=parse_sizes, default=[100_000],
                        help="comma-separated numbers of checkouts")
    parser.add_argument("--repetitions", type=int, default=5, help="timed calls per call")
    parser.add_argument("--explain-over", type=float, default=100.0,
                        help="also explain the slowest query of calls slower than this (ms)")
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    if not sizes or sizes[0] < 1000 or args.repetitions < 1:
        parser.error("sizes of at least 1,000; --repetitions at least 1")
    ensure_database()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from saleor_retention.installations.models import Installation

    call_command("migrate", verbosity=0)
    settings.DEBUG = False  # as in production: no query log kept per request
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0].split(" on ")[0]
    print(f"dashboard_queries: the Dashboard pages' calls to /graphql/ in-process, "
          f"{args.repetitions} repetitions each; {version}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    by_size = {size: bench_size(size, args.repetitions) for size in sizes}
    # The database now holds the largest size: its slow calls are explained.
    results = by_size[sizes[-1]]
    slowest = max(results, key=lambda r: r["median"])
    dashboard = Dashboard(Installation.objects.get())
    for r in [slowest] + [r for r in results
                          if r is not slowest and r["median"] > args.explain_over]:
        ms, sql = r["slowest"]
        shown = sql if r is slowest else sql[:200] + " …"
        print(f"\n'{r['name']}' at {sizes[-1]:,} checkouts: median {r['median']:.1f} ms; "
              f"with jit = off {median_without_jit(dashboard, r['call'], args.repetitions):.1f}"
              f" ms. EXPLAIN (ANALYZE, BUFFERS) of its slowest query ({ms:.1f} ms when "
              f"captured):\n  {shown}")
        print("\n".join("    " + line for line in explain(sql).splitlines()))
    if len(sizes) > 1:
        print("\nmedian ms by size")
        for index, r in enumerate(by_size[sizes[0]]):
            print(f"  {r['name']:<40} " + "  ".join(
                f"{size:>9,}: {by_size[size][index]['median']:8.1f}" for size in sizes))
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    reference = by_size.get(100_000, results)
    print(f"dashboard_slowest_call_ms_100k: {max(r['median'] for r in reference):.1f}")


if __name__ == "__main__":
    main()
