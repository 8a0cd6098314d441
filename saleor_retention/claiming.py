"""Claiming due rows: the one mechanism behind every "the database is the scheduler" loop.

Rows are locked with ``SELECT … FOR UPDATE SKIP LOCKED`` and marked as taken in the same
transaction, so any number of workers can claim at once and never get the same row."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet


def claim(due: QuerySet, order_by: str, limit: int, **taken) -> list[int]:
    """Returns the ids of up to ``limit`` rows of ``due`` (oldest ``order_by`` first), after
    applying the ``taken`` field values to them."""
    with transaction.atomic():
        ids = list(due.select_for_update(skip_locked=True).order_by(order_by)
                   .values_list("pk", flat=True)[:limit])
        if ids:
            due.model.objects.filter(pk__in=ids).update(**taken)
    return ids
