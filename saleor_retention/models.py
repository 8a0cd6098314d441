"""Every model of the app, so Django finds them; each lives in its own room."""

from saleor_retention.health.models import BeatTick
from saleor_retention.installations.models import Installation
from saleor_retention.webhooks.models import WebhookEvent

__all__ = ["BeatTick", "Installation", "WebhookEvent"]
