"""Bringing an installed store's webhooks up to date with this version of the app.

Saleor reads the manifest's webhooks only at install. After an upgrade (new events, a new
subscription document, a new PUBLIC_URL), each installation is synced with the app token:
missing webhooks are created, changed ones updated, and ours that are no longer wanted
deleted. Webhooks whose names lack our prefix belong to someone else and are left alone."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.utils import timezone

from saleor_retention.config import get_config
from saleor_retention.installations.models import Installation
from saleor_retention.manifest.webhooks import WEBHOOK_NAME_PREFIX, WEBHOOKS, webhooks_digest
from saleor_retention.saleor.client import SaleorClient
from saleor_retention.saleor.errors import SaleorRejected, SaleorUnavailable

logger = logging.getLogger(__name__)


@dataclass
class SyncResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def _differs(existing: dict, wanted: dict) -> bool:
    existing_events = sorted(event["eventType"] for event in existing.get("asyncEvents") or [])
    return (
        existing.get("targetUrl") != wanted["targetUrl"]
        or existing_events != sorted(wanted["asyncEvents"])
        or (existing.get("subscriptionQuery") or "").strip() != wanted["query"].strip()
        or existing.get("isActive") is not True
    )


def _mutate(client: SaleorClient, document: str, field_name: str, variables: dict) -> None:
    result = client.execute(document, variables)[field_name]
    errors = (result or {}).get("errors") or []
    if errors:
        codes = tuple(str(error.get("code")) for error in errors)
        messages = "; ".join(f"{error.get('field')}: {error.get('message')}" for error in errors)
        raise SaleorRejected(f"{field_name} failed: {messages}", codes)


def sync_webhooks(installation: Installation) -> SyncResult:
    """Returns what changed in Saleor to make ``installation``'s webhooks match WEBHOOKS.

    Raises SaleorUnavailable (retry later) or SaleorRejected. On success the installation
    records the digest it now matches."""
    public_url = get_config().public_url
    client = SaleorClient(installation.saleor_api_url, installation.token)
    app = client.execute("queries/app_webhooks")["app"] or {}
    existing = {hook["name"]: hook for hook in app.get("webhooks") or []}
    result = SyncResult()
    for spec in WEBHOOKS:
        wanted = spec.as_manifest_entry(public_url)
        current = existing.pop(spec.name, None)
        if current is None:
            _mutate(client, "mutations/webhook_create", "webhookCreate", {"input": wanted})
            result.created.append(spec.name)
        elif _differs(current, wanted):
            _mutate(client, "mutations/webhook_update", "webhookUpdate",
                    {"id": current["id"], "input": wanted})
            result.updated.append(spec.name)
    for name, hook in existing.items():
        if name.startswith(WEBHOOK_NAME_PREFIX):
            _mutate(client, "mutations/webhook_delete", "webhookDelete", {"id": hook["id"]})
            result.deleted.append(name)
    installation.webhooks_digest = webhooks_digest(public_url)
    installation.webhooks_synced_at = timezone.now()
    installation.webhooks_sync_error = ""
    installation.save(update_fields=["webhooks_digest", "webhooks_synced_at",
                                     "webhooks_sync_error"])
    logger.info("webhooks synced for %s: created %s, updated %s, deleted %s",
                installation.saleor_api_url, result.created, result.updated, result.deleted)
    return result


def outdated_installations():
    """Returns the active installations whose webhooks do not match this version's."""
    digest = webhooks_digest(get_config().public_url)
    return Installation.objects.active().exclude(webhooks_digest=digest).order_by("pk")


def sync_installations(installations) -> dict[str, SyncResult | str]:
    """Syncs each of ``installations``; returns each one's result or error message.

    A failure is recorded on the installation and does not stop the others."""
    outcomes: dict[str, SyncResult | str] = {}
    for installation in installations:
        try:
            outcomes[installation.saleor_api_url] = sync_webhooks(installation)
        except (SaleorUnavailable, SaleorRejected) as exc:
            logger.warning("webhook sync failed for %s: %s", installation.saleor_api_url, exc)
            installation.webhooks_sync_error = str(exc)[:2000]
            installation.save(update_fields=["webhooks_sync_error"])
            outcomes[installation.saleor_api_url] = str(exc)
    return outcomes


def sync_outdated_installations() -> dict[str, SyncResult | str]:
    """Syncs every outdated installation (see sync_installations)."""
    return sync_installations(outdated_installations())
