"""The statement that stores a checkout snapshot, and how it runs on PostgreSQL.

INSERT … ON CONFLICT DO UPDATE … WHERE stored updatedAt < new updatedAt. Every cart change
of every store ends here, so on PostgreSQL it runs through libpq (``psycopg.pq``), prepared
once per connection with declared parameter types: planning it anew each time cost
PostgreSQL twice the CPU of executing it; binding 27 parameters into SQL text on the client
cost as much as the rest of the webhook; psycopg's cursor machinery around one prepared
statement cost a tenth of a webhook in the web process. It commits asynchronously when it
is its own transaction (ADR 0004)."""

from __future__ import annotations

from functools import lru_cache
from weakref import WeakKeyDictionary

import psycopg
from django.db import connection
from psycopg import postgres, pq
from psycopg.adapt import PyFormat, Transformer

from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.config import get_config

# Columns a newer Saleor state replaces; everything else is the app's own bookkeeping.
CONTENT_COLUMNS = (
    "token", "email", "customer_id", "customer_first_name", "customer_last_name",
    "channel_slug", "channel_country", "currency", "language", "country", "voucher_code",
    "lines", "line_count", "subtotal", "total", "saleor_created_at", "saleor_updated_at",
    "last_seen_at", "marketing_consent",
)
# A new row gets every column: raw SQL does not apply the model's defaults. The statements'
# parameters are these columns, in this order.
INSERT_COLUMNS = ("installation_id", "checkout_id", *CONTENT_COLUMNS, "first_seen_at",
                  "next_check_at", "converted_at", "conversion", "order_id",
                  "is_returning_customer")
# This statement's own commit does not wait for the disk (ADR 0004).
ASYNC_COMMIT = "(SELECT set_config('synchronous_commit', 'off', true)) AS async_commit"


def _next_check_sql(table: str, new: str) -> str:
    """The next look after an update: none once converted or when the checkout can no longer
    be reminded; otherwise the earlier of the planned look and the new state's. The planned
    look is never postponed here: the detector does that from the stored idle time when it
    looks. So the updates of a busy cart change no indexed column and PostgreSQL can write
    them in place (HOT: no index entry, less WAL; the table keeps room for it, migration
    0004)."""
    quote = connection.ops.quote_name
    stored = f"{table}.{quote('next_check_at')}"
    return (f"CASE WHEN {table}.{quote('converted_at')} IS NOT NULL OR {new} IS NULL THEN NULL "
            f"WHEN {stored} IS NULL OR {new} < {stored} THEN {new} ELSE {stored} END")


def _placeholders(vendor: str) -> dict[str, str]:
    """Each column's parameter: ``$1``… on PostgreSQL (libpq), ``%s`` elsewhere (Django)."""
    return {column: f"${number}" if vendor == "postgresql" else "%s"
            for number, column in enumerate(INSERT_COLUMNS, start=1)}


@lru_cache(maxsize=4)
def upsert_sql(vendor: str, async_commit: bool) -> str:
    """Returns INSERT … ON CONFLICT DO UPDATE … WHERE stored updatedAt < new updatedAt."""
    quote = connection.ops.quote_name
    table = quote(CheckoutSnapshot._meta.db_table)
    updates = ", ".join(f"{quote(column)} = excluded.{quote(column)}"
                        for column in CONTENT_COLUMNS)
    new_check = _next_check_sql(table, f"excluded.{quote('next_check_at')}")
    return (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in INSERT_COLUMNS)}) "
        f"SELECT {', '.join(_placeholders(vendor).values())} "
        + (f"FROM {ASYNC_COMMIT} " if async_commit
           else "WHERE true ")  # SQLite needs a WHERE before ON CONFLICT
        + f"ON CONFLICT ({quote('installation_id')}, {quote('checkout_id')}) DO UPDATE SET "
        f"{updates}, {quote('next_check_at')} = {new_check} "
        f"WHERE {table}.{quote('saleor_updated_at')} < excluded.{quote('saleor_updated_at')}"
    )


@lru_cache(maxsize=1)
def insert_fields() -> tuple:
    """Returns the model fields of INSERT_COLUMNS, in order."""
    fields = {field.attname: field for field in CheckoutSnapshot._meta.concrete_fields}
    return tuple(fields[column] for column in INSERT_COLUMNS)


@lru_cache(maxsize=1)
def _parameter_types() -> list[int]:
    """The parameters' type oids, from the model's columns. Declared once, they let one
    prepared statement take a None or a value alike; a string is declared varchar so a value
    too long for its column is still refused."""
    return [postgres.types[field.db_type(connection).split("(")[0]].oid
            for field in insert_fields()]


class _OnConnection:
    """What one psycopg connection keeps: a Transformer, which remembers how to dump each
    parameter type (looking the 27 dumpers up again for every webhook cost a third of the
    upsert's time in the web process), and the names of the statements it has prepared."""

    def __init__(self, raw_connection: psycopg.Connection):
        self.transformer = Transformer(raw_connection)
        self.prepared: set[bytes] = set()


_on_connections: WeakKeyDictionary = WeakKeyDictionary()
# Every parameter travels as text and is read as the type declared for it.
_AS_TEXT = [PyFormat.TEXT] * len(INSERT_COLUMNS)


def store_on_postgresql(raw_connection: psycopg.Connection, async_commit: bool,
                        params: list) -> bool:
    """Stores the row whose INSERT_COLUMNS values are ``params`` unless a state at least as
    new is stored; returns whether it wrote. Raises psycopg.Error. The statement is prepared
    on first use, unless DATABASE_PREPARED_STATEMENTS=off (an old connection pooler)."""
    state = _on_connections.get(raw_connection)
    if state is None:
        state = _on_connections[raw_connection] = _OnConnection(raw_connection)
    values = state.transformer.dump_sequence(params, _AS_TEXT)
    name, sql = _statement(async_commit)
    pgconn = raw_connection.pgconn
    encoding = raw_connection.info.encoding
    if not get_config().database_prepared_statements:
        result = pgconn.exec_params(sql, values, _parameter_types())
    else:
        if name not in state.prepared:
            _succeeded(pgconn.prepare(name, sql, _parameter_types()), encoding)
            state.prepared.add(name)
        result = pgconn.exec_prepared(name, values)
    return _succeeded(result, encoding).command_tuples > 0


@lru_cache(maxsize=2)
def _statement(async_commit: bool) -> tuple[bytes, bytes]:
    """Returns (prepared statement name, SQL) of the upsert."""
    name = f"saleor_retention_snapshot_upsert{'_async' if async_commit else ''}"
    return name.encode(), upsert_sql("postgresql", async_commit).encode()


def _succeeded(result: pq.PGresult, encoding: str) -> pq.PGresult:
    if result.status != pq.ExecStatus.COMMAND_OK:
        raise psycopg.errors.error_from_result(result, encoding=encoding)
    return result
