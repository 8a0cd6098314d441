"""Ingest over HTTP: signed CHECKOUT_UPDATED webhooks per second through the real web server
(gunicorn + ``saleor_retention.wsgi``) into PostgreSQL, compared with a bare ``200 OK``
Django view served by the same gunicorn configuration in the same run.

Issue target: the webhook rate is at least half the bare rate, at least 1,500/s on 2 cores,
and its p99 latency is under 50 ms.

    .venv/bin/python benchmarks/webhook_ingest_http.py [--rounds 5] [--duration 10]
        [--per-round 30000] [--checkouts 5000] [--connections 16] [--workers 2]

Needs ``wrk`` (Debian: ``apt-get install -y wrk``), PostgreSQL (DATABASE_URL, default
127.0.0.1:5432) and the Saleor recordings (see tests/fixtures/recordings.py). About 3 minutes.

What it does:

- database ``saleor_retention_bench``, created and migrated if missing. It waits until no
  other client uses it (another benchmark), because it truncates every installation (and, by
  cascade, everything else), then registers one installation with the recorded API URL and
  JWKS.
- distinct bodies are made from the recorded ``0015-checkout_updated``: the checkout id cycles
  through ``--checkouts`` checkouts and ``updatedAt`` only increases, so every delivery really
  writes. Each is signed with ``tests.fixtures.signing.sign_body``; each measured run sends a
  slice no run sent before (``--per-round`` each).
- two gunicorn servers, both as production runs them (``DEPLOYMENT=production``, DEBUG off;
  placeholder secrets fill unset variables; ``--workers`` sync workers, one per core as
  ``saleor-retention serve`` runs them): ``benchmarks.bare_wsgi`` (the same WSGI entry point,
  settings and middleware; only the URLconf differs: a view returning ``HttpResponse("OK")``)
  and ``saleor_retention.wsgi``. Only one is under load at a time.
- rounds: bare view, then webhooks, ``--rounds`` times, each ``--duration`` seconds of wrk
  (one thread, ``--connections`` connections) after a warm-up of each server. The ratio is
  taken per round between runs a few seconds apart, because this machine's speed drifts by
  ±20 % over minutes; the figures printed last are the medians over rounds, and the worst p99.
  The snapshot table is emptied after the warm-up, so the first round starts with inserts.
- a Lua ``response`` hook checks every answer is 200 and counts ``applied`` (a row was
  written) and ``unchanged`` answers; the snapshot rows are counted in PostgreSQL afterwards.
- CPU time per request is split between the gunicorn workers, their PostgreSQL backends, wrk
  and the rest of the machine (from /proc); "foreign cores" is CPU used outside those
  processes: above 0.25 another process competed and the figures are low.

The last four lines are ``bare_view_per_second``, ``ratio``, ``p99_ms`` and
``checkout_updated_ingest_per_second``.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cryptography.fernet import Fernet  # noqa: E402

from benchmarks.http_load import (  # noqa: E402
    FOREIGN_CORES, LUA, Result, Server, busy_cores, measure, print_cpu, run_wrk)

# A production deployment (DEBUG off, as the servers run); placeholders fill what is unset.
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/saleor_retention_bench")
os.environ.setdefault("DEPLOYMENT", "production")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-" + "x" * 40)
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("PUBLIC_URL", "https://retention.benchmark.invalid")
os.environ.setdefault("SALEOR_API_URL_ALLOWLIST", "http://127.0.0.1:*/graphql/")
os.environ.setdefault("TOKEN_ENCRYPTION_KEY", Fernet.generate_key().decode())
os.environ.setdefault("EMAIL_BACKEND", "smtp")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_retention.settings")

WEBHOOK_PATH = "/api/webhooks/checkout"
BARE_PATH = "/bench/ok"  # served by benchmarks/bare_wsgi.py
TARGET_RATIO = 0.5
TARGET_RATE = 1500.0
TARGET_P99_MS = 50.0


# --- database -------------------------------------------------------------------------------

def _admin_connection():
    """Returns (a connection to the server's ``postgres`` database, the benchmark database)."""
    import dj_database_url
    import psycopg

    settings = dj_database_url.parse(os.environ["DATABASE_URL"])
    return psycopg.connect(dbname="postgres", user=settings["USER"] or None,
                           host=settings["HOST"] or None, port=settings["PORT"] or None,
                           autocommit=True), settings["NAME"]


def ensure_database() -> None:
    conn, name = _admin_connection()
    with conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def wait_for_exclusive_use(timeout: float = 180) -> None:
    """Waits until no other client uses the benchmark database: its tables are truncated."""
    conn, name = _admin_connection()
    deadline = time.monotonic() + timeout
    with conn:
        while True:
            others = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                "AND backend_type = 'client backend'", (name,)).fetchone()[0]
            if not others:
                return
            if time.monotonic() > deadline:
                raise SystemExit(f"{others} other connections still use {name}; this benchmark "
                                 "truncates its tables. Run it later, or set DATABASE_URL to "
                                 "another database.")
            print(f"waiting: {others} other connections use {name} (another benchmark?)")
            time.sleep(10)


def prepare_database() -> None:
    """Migrates, empties the app's tables, registers the recorded installation."""
    from django.core.management import call_command
    from django.db import connection

    from saleor_retention.installations.models import Installation
    from saleor_retention.stores.services import settings_for
    from tests.fixtures.installations import make_installation
    from tests.fixtures.recordings import RECORDED_API_URL, recorded_jwks

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Installation._meta.db_table} RESTART IDENTITY CASCADE")
    installation = make_installation(api_url=RECORDED_API_URL, jwks=recorded_jwks())
    settings_for(installation)  # a store's settings row exists once it is set up
    connection.close()


def empty_snapshots() -> None:
    from django.db import connection

    from saleor_retention.checkouts.models import CheckoutSnapshot

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {CheckoutSnapshot._meta.db_table}")
    connection.close()


def snapshot_counts(since: datetime) -> tuple[int, int]:
    """Returns (snapshot rows, rows written since ``since``)."""
    from django.db.models import Count, Q

    from saleor_retention.checkouts.models import CheckoutSnapshot

    counts = CheckoutSnapshot.objects.aggregate(
        rows=Count("pk"), fresh=Count("pk", filter=Q(last_seen_at__gte=since)))
    return counts["rows"], counts["fresh"]


def backend_pids() -> list[int]:
    """Returns the PostgreSQL backends connected to the benchmark database (the workers')."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                       "AND pid <> pg_backend_pid() AND backend_type = 'client backend'")
        pids = [row[0] for row in cursor.fetchall()]
    connection.close()
    return pids


# --- requests -------------------------------------------------------------------------------

def _signed_lines(first: int, count: int, checkouts: int) -> list[str]:
    """Returns ``<Saleor-Signature>\\t<body>`` of deliveries ``first`` … ``first + count - 1``."""
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    from tests.fixtures.recordings import recorded_webhook, signing_key_pem
    from tests.fixtures.signing import sign_body

    key = load_pem_private_key(signing_key_pem(), None)  # parsed once; sign_body takes a key too
    template = json.loads(recorded_webhook("0015-checkout_updated").body)
    checkout = template["checkout"]
    start = datetime.fromisoformat(checkout["updatedAt"]) + timedelta(seconds=1)
    lines = []
    for index in range(first, first + count):
        number = index % checkouts
        token = str(uuid.UUID(int=0xB0C4 << 96 | number))
        updated = (start + timedelta(milliseconds=index)).isoformat()
        checkout.update(
            id=base64.b64encode(f"Checkout:{token}".encode()).decode(), token=token,
            email=f"guest.bench.{number}@example.com", updatedAt=updated, lastChange=updated)
        template["issuedAt"] = (start + timedelta(milliseconds=index, microseconds=250)
                                ).isoformat()
        body = json.dumps(template).encode()
        lines.append(f"{sign_body(body, key_pem=key)}\t{body.decode()}\n")
    return lines


def write_signed_requests(path: Path, count: int, checkouts: int) -> None:
    """Writes ``count`` distinct signed CHECKOUT_UPDATED deliveries, in order, to ``path``."""
    chunk = 5000
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool, path.open("w") as out:
        starts = range(0, count, chunk)
        sizes = [min(chunk, count - start) for start in starts]
        for lines in pool.map(_signed_lines, starts, sizes, [checkouts] * len(sizes)):
            out.writelines(lines)


def write_lua(folder: Path, path: str, requests_file: Path) -> Path:
    from tests.fixtures.recordings import RECORDED_API_URL

    script = folder / f"load{path.replace('/', '-')}.lua"
    script.write_text(LUA % {"path": path, "file": str(requests_file), "event": "checkout_updated",
                             "api_url": RECORDED_API_URL, "domain": "127.0.0.1:8000"})
    return script


# --- the run --------------------------------------------------------------------------------

class Endpoint:
    """A server under test, its load script, and the slice of requests its next run sends."""

    def __init__(self, label: str, app: str, path: str, folder: Path, requests_file: Path,
                 args):
        self.label, self.path, self.args = label, path, args
        self.server = Server(app, args.workers, folder)
        self.script = write_lua(folder, path, requests_file)
        self.url = f"http://127.0.0.1:{self.server.port}{path}"

    def check(self, requests_file: Path) -> None:
        """Sends one delivery by hand and fails loudly unless it is answered 200."""
        from tests.fixtures.recordings import RECORDED_API_URL

        self.server.wait_ready(self.path)
        signature, body = requests_file.open().readline().rstrip("\n").split("\t", 1)
        status, answer = self.server.post(self.path, body.encode(), {
            "Content-Type": "application/json", "Saleor-Event": "checkout_updated",
            "Saleor-Api-Url": RECORDED_API_URL, "Saleor-Signature": signature})
        if status != 200:
            raise SystemExit(f"{self.url} answered {status} {answer[:300]!r}; see "
                             f"{self.server.log}")

    def run(self, seconds: float, offset: int) -> Result:
        return measure(self.server, self.label, self.url, self.script, self.args.connections,
                       seconds, offset, self.args.per_round,
                       backend_pids if self.path == WEBHOOK_PATH else list)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    # Five: a single round's ratio swings by ±0.05 on a shared VM; the median of five holds.
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=float, default=10, help="seconds per measured run")
    parser.add_argument("--warmup", type=float, default=3, help="seconds per server, first")
    parser.add_argument("--per-round", type=int, default=30_000,
                        help="distinct deliveries per run (more than a run can send)")
    parser.add_argument("--checkouts", type=int, default=5_000)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("This benchmark needs wrk (an HTTP load generator that costs little "
                         "CPU): apt-get install -y wrk   (macOS: brew install wrk)")
    cores_before = busy_cores()

    ensure_database()
    wait_for_exclusive_use()
    import django

    django.setup()
    prepare_database()

    folder = Path(tempfile.mkdtemp(prefix="webhook-ingest-http-"))
    endpoints = []
    try:
        requests_file = folder / "requests.tsv"
        started = time.perf_counter()
        total = args.per_round * (args.rounds + 1)  # the first slice is the warm-up's
        write_signed_requests(requests_file, total, args.checkouts)
        print(f"{total} signed CHECKOUT_UPDATED deliveries for {args.checkouts} checkouts in "
              f"{time.perf_counter() - started:.1f} s")
        bare = Endpoint("bare Django view (200 OK)", "benchmarks.bare_wsgi:application",
                        BARE_PATH, folder, requests_file, args)
        hooks = Endpoint("signed CHECKOUT_UPDATED", "saleor_retention.wsgi:application",
                         WEBHOOK_PATH, folder, requests_file, args)
        endpoints = [bare, hooks]
        for endpoint in endpoints:
            endpoint.check(requests_file)
            run_wrk(endpoint.url, endpoint.script, args.connections, args.warmup, 0,
                    args.per_round)
        time.sleep(1)  # the workers finish the warm-up's last requests before the table is emptied
        empty_snapshots()
        since = datetime.now().astimezone()
        print(f"gunicorn: {args.workers} sync workers each; wrk: 1 thread, {args.connections} "
              f"connections, {args.duration:g} s per run, {args.rounds} rounds\n")
        rounds = []
        for number in range(1, args.rounds + 1):
            offset = number * args.per_round
            pair = (bare.run(args.duration, offset), hooks.run(args.duration, offset))
            rounds.append(pair)
            print_round(number, *pair)
        time.sleep(1)  # requests still in the workers when wrk stopped finish
        rows, fresh = snapshot_counts(since)
    finally:
        for endpoint in endpoints:
            endpoint.server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    report(rounds, rows, fresh, cores_before, args)


def print_round(number: int, bare: Result, hooks: Result) -> None:
    for result in (bare, hooks):
        w = result.wrk
        print(f"  round {number}  {result.label:<27} {w['requests']:>7} requests "
              f"{result.rate:>6.0f}/s  p50 {w['p50_us'] / 1000:5.2f}  p99 {result.p99_ms:6.2f} ms"
              f"  failed {result.failures}  foreign cores "
              f"{result.cpu_ms['cores used by the rest']:.2f}")
    print(f"  round {number}  ratio {hooks.rate / bare.rate:.3f}")


def report(rounds: list[tuple[Result, Result]], rows: int, fresh: int, cores_before: float,
           args) -> None:
    ratios = [hooks.rate / bare.rate for bare, hooks in rounds]
    median_round = sorted(rounds, key=lambda pair: pair[1].rate / pair[0].rate)[len(rounds) // 2]
    print_cpu(list(median_round))
    answered = [hooks.wrk for _, hooks in rounds]
    print(f"\n  webhook answers: {sum(w['ok'] for w in answered)} x 200 "
          f"({sum(w['applied'] for w in answered)} applied, "
          f"{sum(w['unchanged'] for w in answered)} unchanged), "
          f"{sum(hooks.failures for _, hooks in rounds)} failed (non-200 or socket errors)")
    print(f"  snapshot rows in PostgreSQL: {rows}, {fresh} of them written by the measured runs")
    if any(w["requests"] > args.per_round for w in answered):
        print("  WARNING: a run sent more than --per-round deliveries and repeated some (they "
              "answer 'unchanged', which is cheaper): raise --per-round")
    if cores_before > FOREIGN_CORES:
        print(f"  WARNING: {cores_before:.2f} cores were busy before the run")
    for result in (r for pair in rounds for r in pair):
        if result.cpu_ms["cores used by the rest"] > FOREIGN_CORES:
            print(f"  WARNING: another process competed for the CPU during a {result.label} run")

    ratio = statistics.median(ratios)
    rate = statistics.median(hooks.rate for _, hooks in rounds)
    p99 = max(hooks.p99_ms for _, hooks in rounds)
    failures = sum(hooks.failures + bare.failures for bare, hooks in rounds)
    checks = [(f"ratio >= {TARGET_RATIO}", ratio >= TARGET_RATIO),
              (f"rate >= {TARGET_RATE:.0f}/s", rate >= TARGET_RATE),
              (f"p99 < {TARGET_P99_MS:.0f} ms", p99 < TARGET_P99_MS),
              ("every answer 200", failures == 0), ("rows written", fresh > 0)]
    print(f"  ratio per round: {', '.join(f'{r:.3f}' for r in ratios)}")
    print("  targets (medians over rounds; worst p99): " + ", ".join(
        f"{name}: {'met' if met else 'MISSED'}" for name, met in checks))
    print(f"\nbare_view_per_second: {statistics.median(bare.rate for bare, _ in rounds):.0f}")
    print(f"ratio: {ratio:.3f}")
    print(f"p99_ms: {p99:.1f}")
    print(f"checkout_updated_ingest_per_second: {rate:.0f}")


if __name__ == "__main__":
    main()
