"""Review: what the app did and earned (abandoned checkouts, recovered orders, funnels) and
staff actions on one checkout or address, composed from their rooms:

- ``review_checkouts``: ``abandonedCheckouts``, with each checkout's timeline
  (``review_timeline``);
- ``review_orders``: ``recoveredOrders`` and ``recoveredRevenue``;
- ``review_funnel``: ``retentionFunnel`` (computed by ``chains.funnel``);
- ``review_actions``: the staff mutations (``chains.staff_actions``).

Every field answers about the caller's own store only."""

from __future__ import annotations

import graphene

from saleor_retention.api.review_actions import (
    RetentionSendNextReminderNow,
    RetentionStopReminders,
    RetentionSuppressAddress,
)
from saleor_retention.api.review_checkouts import CheckoutQueries
from saleor_retention.api.review_funnel import FunnelQueries
from saleor_retention.api.review_orders import OrderQueries


class ReviewQueries(CheckoutQueries, OrderQueries, FunnelQueries, graphene.ObjectType):
    pass


class ReviewMutations(graphene.ObjectType):
    retention_send_next_reminder_now = RetentionSendNextReminderNow.Field(
        description="Sends a checkout's next planned reminder at the scheduler's next pass. "
                    "Requires MANAGE_CHECKOUTS.")
    retention_stop_reminders = RetentionStopReminders.Field(
        description="Stops a checkout's running chain. Requires MANAGE_CHECKOUTS.")
    retention_suppress_address = RetentionSuppressAddress.Field(
        description="Puts an address on or off the store's suppression list. Requires "
                    "MANAGE_USERS.")
