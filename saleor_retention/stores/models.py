from datetime import time, timedelta

from django.db import models


class StoreSettings(models.Model):
    """What a store owner decides for the whole installation: sender, sending policy,
    storefront links and how long shopper data is kept. One row per installation, created
    with defaults on first use (``settings_for``)."""

    installation = models.OneToOneField(
        "saleor_retention.Installation", on_delete=models.CASCADE, related_name="store_settings")
    sender_email = models.CharField(max_length=254, blank=True)
    # {"<channel slug>": "Shop DE <hallo@shop.de>"}: a channel's own sender, else sender_email.
    channel_senders = models.JSONField(default=dict, blank=True)
    # What the emails show of the shop; the name falls back to the Saleor domain.
    shop_name = models.CharField(max_length=200, blank=True)
    logo_url = models.URLField(max_length=500, blank=True)
    contact_email = models.CharField(max_length=254, blank=True)
    contact_phone = models.CharField(max_length=64, blank=True)
    contact_address = models.CharField(max_length=500, blank=True)
    # When required, a shopper without consent gets only the first, service-style reminder,
    # without discount. Consent is read from this checkout or customer metadata key.
    marketing_consent_required = models.BooleanField(default=False)
    marketing_consent_key = models.CharField(max_length=128, default="marketing_consent")
    # {"<channel slug>": "https://shop.example.com/checkout?id={checkout_id}", "*": ...}
    storefront_checkout_urls = models.JSONField(default=dict, blank=True)
    frequency_cap = models.DurationField(default=timedelta(hours=16))
    # The storefront's exit-intent offer (``offers.exit_intent``); when none is chosen, the
    # default "Exit offer: 10% for 1 hour" is created and chosen on first use.
    exit_offer_policy = models.ForeignKey(
        "saleor_retention.DiscountPolicy", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+")
    # The code for leaving an email (``offers.email_capture``); none: no welcome code.
    welcome_discount_policy = models.ForeignKey(
        "saleor_retention.DiscountPolicy", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+")
    quiet_hours_enabled = models.BooleanField(default=True)
    quiet_hours_start = models.TimeField(default=time(21, 0))
    quiet_hours_end = models.TimeField(default=time(8, 0))
    default_time_zone = models.CharField(max_length=64, default="UTC")
    max_idle = models.DurationField(default=timedelta(days=7))
    snapshot_retention = models.DurationField(default=timedelta(days=90))
    # The shortest "idle before abandoned" of the enabled chains, kept here so the webhook
    # path can plan the first abandonment check without reading the chains.
    earliest_abandonment = models.DurationField(default=timedelta(minutes=60))
    # Reconciliation: every checkout updated before this was compared with Saleor. A pass
    # that stops at its page budget keeps its start time and cursor to resume from.
    reconciled_through = models.DateTimeField(null=True, blank=True)
    reconcile_pass_started_at = models.DateTimeField(null=True, blank=True)
    reconcile_pass_since = models.DateTimeField(null=True, blank=True)
    reconcile_cursor = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name_plural = "store settings"

    def __str__(self) -> str:
        return f"settings of {self.installation}"
