"""Deleting what the app holds about a customer when Saleor says the customer is gone."""

from __future__ import annotations

import logging

from django.db.models import Q
from django.utils import timezone

from saleor_retention.chains.models import ChainRun, Reminder
from saleor_retention.chains.planning import end_run
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.installations.models import Installation
from saleor_retention.recipients.models import Recipient
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
    now = timezone.now()
    erased = events.update(payload=ERASED_PAYLOAD, state=WebhookEvent.State.DONE,
                           processed_at=now)
    erased += _erase_checkouts(installation, user_id, (email or "").strip().lower(), now)
    logger.info("erased customer %s in %s: %s stored events", user_id,
                installation.saleor_api_url, erased)
    return erased


def _erase_checkouts(installation: Installation, user_id: str, email: str, now) -> int:
    """Deletes the customer's checkout snapshots and address records, stops their runs and
    blanks the address on their history (counts stay for the store's funnel)."""
    snapshots = CheckoutSnapshot.objects.filter(installation=installation).filter(
        Q(customer_id=user_id) | Q(email=email) if email else Q(customer_id=user_id))
    checkout_ids = list(snapshots.values_list("checkout_id", flat=True))
    runs = ChainRun.objects.filter(installation=installation).filter(
        Q(subject_id__in=checkout_ids) | Q(email=email) if email else Q(subject_id__in=checkout_ids))
    for run in runs.filter(state=ChainRun.State.RUNNING):
        end_run(run, ChainRun.State.STOPPED, "customer_deleted", now)
    Reminder.objects.filter(run__in=runs).update(email="")
    touched = runs.update(email="")
    touched += snapshots.delete()[0]
    if email:
        touched += Recipient.objects.filter(installation=installation, email=email).delete()[0]
    return touched
