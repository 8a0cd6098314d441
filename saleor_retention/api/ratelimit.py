"""A fixed-window rate limit shared by every web process through PostgreSQL: one UPSERT per
call, no cache server of its own."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection

from saleor_retention.api.models import RateLimitWindow


def within_limit(key: str, limit: int, window: timedelta, now: datetime) -> bool:
    """Counts one call for ``key`` in the current window; returns whether it is within
    ``limit`` calls."""
    seconds = int(window.total_seconds())
    start = datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=now.tzinfo)
    table = connection.ops.quote_name(RateLimitWindow._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, window_start, calls) VALUES (%s, %s, 1) "
            f"ON CONFLICT (key, window_start) DO UPDATE SET calls = {table}.calls + 1 "
            f"RETURNING calls", [key[:200], start])
        calls = cursor.fetchone()[0]
    return calls <= limit


def forget_old_windows(now: datetime, older_than: timedelta = timedelta(hours=1)) -> int:
    deleted, _ = RateLimitWindow.objects.filter(window_start__lt=now - older_than).delete()
    return deleted
