"""What the configuration operations share: the permissions they need, finding a row of the
caller's own store by its id, and collecting every problem of an input before answering."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db.models import Model, QuerySet

from saleor_retention.api.auth import Staff
from saleor_retention.api.errors import MutationError, RetentionError

MANAGE_CHECKOUTS = "MANAGE_CHECKOUTS"
MANAGE_DISCOUNTS = "MANAGE_DISCOUNTS"


class Problems:
    """Collects the problems of one input, so that a caller learns all of them at once."""

    def __init__(self) -> None:
        self.errors: list[RetentionError] = []

    def add(self, field: str | None, code: str, message: str, line: int | None = None) -> None:
        self.errors.append(RetentionError(field=field, code=code, message=message, line=line))

    def raise_any(self) -> None:
        """Raises MutationError with every collected problem, if there is one."""
        if self.errors:
            error = MutationError(None, "invalid", "The input has problems.")
            error.errors = list(self.errors)
            raise error


def own_row(queryset: QuerySet, caller: Staff, row_id: object, field: str,
            what: str) -> Model:
    """Returns the row of ``queryset`` with the id ``row_id`` that belongs to the caller's
    store, locked for the rest of the mutation; raises MutationError NOT_FOUND otherwise
    (another store's id included: it is not ours to acknowledge)."""
    text = str(row_id or "").strip()
    row = None
    if text.isascii() and text.isdigit():
        row = queryset.select_for_update().filter(
            installation=caller.installation, pk=int(text)).first()
    if row is None:
        raise MutationError(field, "not_found", f"There is no {what} with id {text!r}.")
    return row


def enum_value(member: object) -> str:
    """Returns the stored value of a graphene enum argument (graphene 3 passes the member)."""
    return getattr(member, "value", member)


def finite_decimal(value: object) -> Decimal | None:
    """Returns ``value`` (a number or a numeric string) as a finite Decimal, else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def id_list(values: object) -> list[str] | None:
    """Returns a list of non-empty strings without repeats, else None."""
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        return None
    return list(dict.fromkeys(value.strip() for value in values))
