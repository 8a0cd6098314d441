"""Relay connections over querysets, as Saleor pages: ``first``/``after`` (at most 100),
with ``totalCount``."""

from __future__ import annotations

import graphene
from graphql_relay import cursor_to_offset, offset_to_cursor

MAX_PAGE = 100


class CountableConnection(graphene.relay.Connection):
    """A connection that also tells how many items there are in all."""

    class Meta:
        abstract = True

    total_count = graphene.Int(description="How many items match, on every page together.")

    @staticmethod
    def resolve_total_count(root, info):
        # Counted only when asked for, once.
        if root.counted is None:
            root.counted = root.queryset.count()
        return root.counted


def connection_from_queryset(queryset, connection_type, first: int | None = None,
                             after: str | None = None):
    """Returns one page of the ordered ``queryset`` as ``connection_type``. ``first: 0``
    reads no item, only the count (``totalCount`` alone, as a page's "is there any?")."""
    first = MAX_PAGE if first is None else max(0, min(first, MAX_PAGE))
    offset = 0
    if after:
        position = cursor_to_offset(after)
        offset = position + 1 if position is not None and position >= 0 else 0
    counted = None
    if first == 0:
        items, counted = [], queryset.count()
        has_next = counted > offset
    else:
        items = list(queryset[offset:offset + first + 1])
        has_next = len(items) > first
    edges = [connection_type.Edge(node=item, cursor=offset_to_cursor(offset + index))
             for index, item in enumerate(items[:first])]
    page_info = graphene.relay.PageInfo(
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
        has_next_page=has_next, has_previous_page=offset > 0)
    connection = connection_type(edges=edges, page_info=page_info)
    connection.queryset, connection.counted = queryset, counted
    return connection
