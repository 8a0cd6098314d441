"""The frequency cap: at most one reminder per address per window, across all chains."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q

from saleor_retention.recipients.models import Recipient


def take_reminder_slot(recipient: Recipient, now: datetime, window: timedelta) -> bool:
    """Returns True and records ``now`` when the address got no reminder within ``window``;
    False when the cap is reached. Atomic: of two concurrent callers, one gets the slot."""
    taken = Recipient.objects.filter(pk=recipient.pk).filter(
        Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lte=now - window)
    ).update(last_reminded_at=now)
    return taken == 1
