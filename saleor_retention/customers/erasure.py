"""Deleting what the app holds about a customer when Saleor says the customer is gone."""

from __future__ import annotations

import logging

from django.db.models import Q
from django.utils import timezone

from saleor_retention.installations.models import Installation
from saleor_retention.webhooks.models import WebhookEvent

logger = logging.getLogger(__name__)

ERASED_PAYLOAD = {"erased": True}


def erase_customer(installation: Installation, user_id: str, email: str | None) -> int:
    """Erases the customer's data in ``installation``; returns how many records it touched.

    Stored webhook payloads that name the customer (as user, checkout email or order email)
    lose their content; events not yet processed are dropped, since their subject is gone."""
    mentions = Q(payload__user__id=user_id) | Q(payload__checkout__user__id=user_id) | Q(
        payload__order__user__id=user_id)
    if email:
        mentions |= (Q(payload__user__email=email) | Q(payload__checkout__email=email)
                     | Q(payload__order__userEmail=email))
    events = WebhookEvent.objects.filter(installation=installation).filter(mentions)
    erased = events.update(payload=ERASED_PAYLOAD, state=WebhookEvent.State.DONE,
                           processed_at=timezone.now())
    logger.info("erased customer %s in %s: %s stored events", user_id,
                installation.saleor_api_url, erased)
    return erased
