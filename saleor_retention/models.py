"""Every model of the app, so Django finds them; each lives in its own room."""

from saleor_retention.api.models import RateLimitWindow
from saleor_retention.chains.models import Chain, ChainRun, ChainStep, RecoveredOrder, Reminder
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.discounts.models import DiscountCode, DiscountPolicy, DiscountVoucher
from saleor_retention.emails.models import EmailEvent, EmailTemplate
from saleor_retention.health.models import BeatTick
from saleor_retention.installations.models import Installation
from saleor_retention.recipients.models import Recipient
from saleor_retention.stores.models import StoreSettings
from saleor_retention.webhooks.models import WebhookEvent

__all__ = ["RateLimitWindow", "BeatTick", "Chain", "ChainRun", "ChainStep", "CheckoutSnapshot", "DiscountCode", "DiscountPolicy", "DiscountVoucher",
           "EmailEvent", "EmailTemplate", "Installation", "Recipient", "RecoveredOrder", "Reminder", "StoreSettings", "WebhookEvent"]
