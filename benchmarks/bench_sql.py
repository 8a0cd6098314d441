"""What the benchmarks that generate a store in SQL share: their database
(``saleor_retention_bench``, created if missing), emptying the app's tables, and
``INSERT … SELECT`` of a model's rows that checks every NOT NULL column is given."""

import os
import time


def ensure_database() -> None:
    """Creates the database of ``DATABASE_URL`` on the local PostgreSQL if it is missing."""
    import psycopg

    name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def parse_sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def qn(name: str) -> str:
    from django.db import connection

    return connection.ops.quote_name(name)


def table(model) -> str:
    return qn(model._meta.db_table)


def col(model, field_name: str) -> str:
    return qn(model._meta.get_field(field_name).column)


def insert_select(cursor, model, values: dict[str, str], source: str, params: dict) -> float:
    """``INSERT INTO <model> (<columns>) SELECT <values> FROM <source>``; ``values`` maps
    field names to SQL expressions and must cover every NOT NULL column (the ids excepted),
    so a column added to the model shows up here rather than as a failed insert. Returns
    the seconds it took."""
    fields = {f.name: f for f in model._meta.concrete_fields if not f.primary_key}
    missing = [name for name, f in fields.items() if not f.null and name not in values]
    unknown = [name for name in values if name not in fields]
    if missing or unknown:
        raise SystemExit(f"{model.__name__}: no value for NOT NULL {missing}; unknown {unknown}")
    columns = ", ".join(qn(fields[name].column) for name in values)
    started = time.perf_counter()
    cursor.execute(f"INSERT INTO {table(model)} ({columns}) "
                   f"SELECT {', '.join(values.values())} FROM {source}", params)
    return time.perf_counter() - started


def reset_tables() -> None:
    """Empties every table of the app, and the process's cache of installations."""
    from django.apps import apps
    from django.db import connection

    from saleor_retention.installations.lookup import forget_installations

    models = apps.get_app_config("saleor_retention").get_models()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(table(m) for m in models)} RESTART IDENTITY CASCADE")
    forget_installations()
