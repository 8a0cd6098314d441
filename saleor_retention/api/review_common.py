"""What the review operations share: chain ids, money earned per currency, and periods.

A chain is named by the id ``RetentionChain.id`` shows (its primary key), so an id read from
the configuration can be passed here as it is."""

from __future__ import annotations

from datetime import datetime

import graphene
from graphql import GraphQLError


def api_chain_id(pk: int | None) -> str | None:
    """Returns the chain's id as the API shows it; None for no chain."""
    return None if pk is None else str(pk)


def chain_pk(chain_id: str | None) -> int | None:
    """Returns the chain's primary key, or None for no id; raises a GraphQL error for an id
    that cannot name a chain."""
    if chain_id is None:
        return None
    text = str(chain_id).strip()
    if not (text.isascii() and text.isdigit()):
        raise GraphQLError(f"Couldn't resolve id: {chain_id!r} is not a chain's id.")
    return int(text)


def period_filter(field: str, start: datetime | None, end: datetime | None) -> dict:
    """Returns the lookups of [``start``, ``end``) on ``field``, either end open."""
    lookups = {}
    if start is not None:
        lookups[f"{field}__gte"] = start
    if end is not None:
        lookups[f"{field}__lt"] = end
    return lookups


class RetentionOrderDirection(graphene.Enum):
    """Which way a list is sorted."""

    ASC = "asc"
    DESC = "desc"

    @property
    def description(self):
        return {"ASC": "Smallest or oldest first.", "DESC": "Largest or newest first."}[
            self.name]


class RecoveredRevenue(graphene.ObjectType):
    """Orders brought back, and their total, in one currency."""

    currency = graphene.String(required=True, description="ISO 4217 code.")
    amount = graphene.Float(required=True, description="The orders' total, gross.")
    orders = graphene.Int(required=True, description="How many orders.")
