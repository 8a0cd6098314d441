"""Keeping the app's snapshot of each checkout current, whatever order events arrive in.

``apply_snapshot`` is one INSERT … ON CONFLICT DO UPDATE … WHERE stored.updatedAt < new
updatedAt: an older event, a duplicate or a replay changes nothing, two concurrent events
cannot interleave, and the webhook path costs one statement. Conversion fields are never
written here, so a late CHECKOUT_UPDATED cannot revive a checkout that became an order."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from weakref import WeakKeyDictionary

import orjson
import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections
from psycopg import postgres, pq
from psycopg.adapt import PyFormat, Transformer
from psycopg.types.json import Jsonb

from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.checkouts.payload import CheckoutState
from saleor_retention.config import get_config
from saleor_retention.installations.models import Installation
from saleor_retention.stores.services import settings_for

# Columns a newer Saleor state replaces; everything else is the app's own bookkeeping.
CONTENT_COLUMNS = (
    "token", "email", "customer_id", "customer_first_name", "customer_last_name",
    "channel_slug", "channel_country", "currency", "language", "country", "voucher_code",
    "lines", "line_count", "subtotal", "total", "saleor_created_at", "saleor_updated_at",
    "last_seen_at", "marketing_consent",
)
# A new row gets every column: raw SQL does not apply the model's defaults.
INSERT_COLUMNS = ("installation_id", "checkout_id", *CONTENT_COLUMNS, "first_seen_at",
                  "next_check_at", "converted_at", "conversion", "order_id",
                  "is_returning_customer")


def is_candidate(state: CheckoutState) -> bool:
    """Returns whether the checkout could ever be reminded: an address and something in it."""
    return bool(state.email) and any(line.quantity > 0 for line in state.lines)


# Metadata values that grant marketing consent; anything else present refuses it.
CONSENT_WORDS = frozenset({"true", "yes", "1", "on", "granted", "opt-in", "opted_in", "y"})


def marketing_consent(state: CheckoutState, key: str) -> bool | None:
    """Returns the consent the checkout (or its customer) carries under ``key``; None when
    neither has the key."""
    value = state.metadata_value(key) if key else None
    return None if value is None else value.strip().lower() in CONSENT_WORDS


def _row(installation: Installation, state: CheckoutState, now: datetime,
         next_check_at: datetime | None, consent_key: str) -> dict:
    return {
        "installation_id": installation.pk, "checkout_id": state.checkout_id,
        "token": state.token, "email": state.email, "customer_id": state.customer_id,
        "customer_first_name": state.customer_first_name[:256],
        "customer_last_name": state.customer_last_name[:256],
        "channel_slug": state.channel_slug, "channel_country": state.channel_country,
        "currency": state.currency, "language": state.language, "country": state.country,
        "voucher_code": state.voucher_code[:255],
        "lines": [line.as_json() for line in state.lines],
        "line_count": sum(1 for line in state.lines if line.quantity > 0),
        "subtotal": state.subtotal, "total": state.total,
        "saleor_created_at": state.created_at, "saleor_updated_at": state.updated_at,
        "last_seen_at": now, "first_seen_at": now, "next_check_at": next_check_at,
        "converted_at": None, "conversion": "", "order_id": "", "is_returning_customer": None,
        "marketing_consent": marketing_consent(state, consent_key),
    }


def _next_check_sql(table: str, quote) -> str:
    """The next look after an update: none once converted or when the checkout can no longer
    be reminded; otherwise the earlier of the planned look and the new state's. The planned
    look is never postponed here: the detector does that from the stored idle time when it
    looks. So the updates of a busy cart change no indexed column and PostgreSQL can write
    them in place (HOT: no index entry, less WAL; the table keeps room for it, migration
    0004)."""
    stored, new = f"{table}.{quote('next_check_at')}", f"excluded.{quote('next_check_at')}"
    return (f"CASE WHEN {table}.{quote('converted_at')} IS NOT NULL OR {new} IS NULL THEN NULL "
            f"WHEN {stored} IS NULL OR {new} < {stored} THEN {new} ELSE {stored} END")


@lru_cache(maxsize=4)
def _upsert_sql(vendor: str, async_commit: bool) -> str:
    """Returns the upsert; its parameters are INSERT_COLUMNS in order, as ``$1``… on
    PostgreSQL (run through libpq) and ``%s`` elsewhere (through a Django cursor)."""
    table = connection.ops.quote_name(CheckoutSnapshot._meta.db_table)
    quote = connection.ops.quote_name
    updates = ", ".join(f"{quote(column)} = excluded.{quote(column)}"
                        for column in CONTENT_COLUMNS)
    placeholders = ([f"${number}" for number in range(1, len(INSERT_COLUMNS) + 1)]
                    if vendor == "postgresql" else ["%s"] * len(INSERT_COLUMNS))
    return (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in INSERT_COLUMNS)}) "
        f"SELECT {', '.join(placeholders)} "
        # This statement's own commit does not wait for the disk: see ADR 0004.
        + ("FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit "
           if async_commit else "WHERE true ")  # SQLite needs a WHERE before ON CONFLICT
        + f"ON CONFLICT ({quote('installation_id')}, {quote('checkout_id')}) DO UPDATE SET "
        f"{updates}, {quote('next_check_at')} = {_next_check_sql(table, quote)} "
        f"WHERE {table}.{quote('saleor_updated_at')} < excluded.{quote('saleor_updated_at')}"
    )


def apply_snapshot(installation: Installation, state: CheckoutState, now: datetime) -> bool:
    """Stores ``state`` unless the snapshot already holds a state at least as new; returns
    whether anything changed.

    A candidate is due for an abandonment check once idle for the shortest threshold of the
    store's chains, or earlier if a check is already planned (the detector decides the
    rest)."""
    store = settings_for(installation)
    next_check_at = None
    if is_candidate(state):
        next_check_at = state.updated_at + store.earliest_abandonment
    row = _row(installation, state, now, next_check_at, store.marketing_consent_key)
    if connection.vendor == "postgresql":
        return _upsert_on_postgresql(row)
    params = [field.get_db_prep_save(row[field.attname], connection)
              for field in _insert_fields()]
    with connection.cursor() as cursor:
        cursor.execute(_upsert_sql(connection.vendor, False), params)
        return cursor.rowcount > 0


def _upsert_on_postgresql(row: dict) -> bool:
    """Runs the upsert through libpq (``psycopg.pq``) as a statement prepared once per
    connection: it is the app's hottest statement (every cart change of every store).
    Planning it anew each time cost PostgreSQL twice the CPU of executing it; binding 30
    parameters into SQL text on the client cost as much as the rest of the webhook; and
    psycopg's cursor machinery around one prepared statement cost a tenth of a webhook in
    the web process. Errors are psycopg's, raised as Django's database errors."""
    database = connections[DEFAULT_DB_ALIAS]  # one lookup of the thread's connection
    row["lines"] = Jsonb(row["lines"], dumps=orjson.dumps)  # 0.3 µs; json.dumps took 5
    # Asynchronous commit only when this statement is its own transaction: inside an atomic
    # block it would make the whole block's commit asynchronous.
    async_commit = not database.in_atomic_block
    database.ensure_connection()
    with database.wrap_database_errors:
        result = _execute_upsert(database.connection, async_commit,
                                 [row[column] for column in INSERT_COLUMNS])
    return result.command_tuples > 0


class _OnConnection:
    """What one psycopg connection keeps for the upsert: a Transformer, which remembers how
    to dump each parameter type (looking the 30 dumpers up again for every webhook cost a
    third of the upsert's time in the web process), and the statements it has prepared."""

    def __init__(self, raw_connection: psycopg.Connection):
        self.transformer = Transformer(raw_connection)
        self.prepared: set[bytes] = set()


_on_connections: WeakKeyDictionary = WeakKeyDictionary()
_STATEMENT_NAMES = {True: b"saleor_retention_snapshot_upsert_async",
                    False: b"saleor_retention_snapshot_upsert"}
# Every parameter travels as text and is read as the type declared when preparing.
_AS_TEXT = [PyFormat.TEXT] * len(INSERT_COLUMNS)


def _execute_upsert(raw_connection: psycopg.Connection, async_commit: bool,
                    params: list) -> pq.PGresult:
    """Returns libpq's result of the upsert; raises psycopg.Error."""
    state = _on_connections.get(raw_connection)
    if state is None:
        state = _on_connections[raw_connection] = _OnConnection(raw_connection)
    sql, types = _postgresql_statement(async_commit)
    values = state.transformer.dump_sequence(params, _AS_TEXT)
    pgconn = raw_connection.pgconn
    encoding = raw_connection.info.encoding
    if not get_config().database_prepared_statements:  # an old connection pooler
        return _succeeded(pgconn.exec_params(sql, values, types), encoding)
    name = _STATEMENT_NAMES[async_commit]
    if name not in state.prepared:
        _succeeded(pgconn.prepare(name, sql, types), encoding)
        state.prepared.add(name)
    return _succeeded(pgconn.exec_prepared(name, values), encoding)


def _succeeded(result: pq.PGresult, encoding: str) -> pq.PGresult:
    if result.status != pq.ExecStatus.COMMAND_OK:
        raise psycopg.errors.error_from_result(result, encoding=encoding)
    return result


@lru_cache(maxsize=2)
def _postgresql_statement(async_commit: bool) -> tuple[bytes, list[int]]:
    """Returns (the upsert's SQL, its parameters' type oids, from the model's columns).
    Declaring the types once lets one prepared statement take a None or a value alike;
    a string is declared varchar so a value too long for its column is still refused."""
    types = [postgres.types[field.db_type(connection).split("(")[0]].oid
             for field in _insert_fields()]
    return _upsert_sql("postgresql", async_commit).encode(), types


@lru_cache(maxsize=1)
def _insert_fields() -> tuple:
    fields = {field.attname: field for field in CheckoutSnapshot._meta.concrete_fields}
    return tuple(fields[column] for column in INSERT_COLUMNS)


def is_candidate_snapshot(snapshot: CheckoutSnapshot) -> bool:
    """``is_candidate`` for a stored snapshot."""
    return bool(snapshot.email) and snapshot.line_count > 0
