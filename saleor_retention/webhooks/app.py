"""APP_DELETED: the store removed the app."""

from __future__ import annotations

from saleor_retention.installations.models import Installation
from saleor_retention.installations.registration import deactivate_installation
from saleor_retention.webhooks.base import SaleorWebhookView
from saleor_retention.webhooks.payloads import require_object


def handle_app_deleted(installation: Installation, event_type: str, payload: dict) -> None:
    """Deactivates the installation and forgets its token."""
    require_object(payload, "app")
    deactivate_installation(installation)


class AppWebhookView(SaleorWebhookView):
    event_types = frozenset({"app_deleted"})

    def parse(self, event_type: str, payload: dict) -> dict:
        return require_object(payload, "app")


HANDLERS = {"app_deleted": handle_app_deleted}
