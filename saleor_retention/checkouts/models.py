from django.db import models
from django.db.models import Q


class CheckoutSnapshot(models.Model):
    """The app's own copy of a Saleor checkout, as of Saleor's ``updatedAt``.

    Saleor deletes checkouts silently (on completion and after inactivity), so this row is
    what reminders are built from. It holds only what a reminder needs. ``next_check_at`` is
    when the abandonment detector should look at it next (null: nothing to look at until the
    checkout changes); ``converted_at`` is set once an order or payment shows the shopper
    bought, and is never cleared."""

    # No index of its own: the unique (installation, checkout_id) constraint serves lookups,
    # and every index here is rewritten by each CHECKOUT_UPDATED.
    installation = models.ForeignKey(
        "saleor_retention.Installation", on_delete=models.CASCADE, related_name="checkouts",
        db_index=False)
    checkout_id = models.CharField(max_length=100)
    token = models.CharField(max_length=64, blank=True)
    email = models.CharField(max_length=254, blank=True)
    customer_id = models.CharField(max_length=100, blank=True)
    customer_first_name = models.CharField(max_length=256, blank=True)
    customer_last_name = models.CharField(max_length=256, blank=True)
    channel_slug = models.CharField(max_length=255, blank=True)
    channel_country = models.CharField(max_length=2, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    language = models.CharField(max_length=16, blank=True)
    country = models.CharField(max_length=2, blank=True)
    voucher_code = models.CharField(max_length=255, blank=True)
    lines = models.JSONField(default=list)
    line_count = models.PositiveIntegerField(default=0)
    subtotal = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    total = models.DecimalField(max_digits=14, decimal_places=3, default=0)
    saleor_created_at = models.DateTimeField(null=True)
    saleor_updated_at = models.DateTimeField()
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()
    next_check_at = models.DateTimeField(null=True)
    converted_at = models.DateTimeField(null=True)
    conversion = models.CharField(max_length=32, blank=True)  # "order" or "checkout_paid"
    order_id = models.CharField(max_length=100, blank=True)
    is_returning_customer = models.BooleanField(null=True)
    # The store's consent metadata key as read from the checkout or its customer: None when
    # neither carries it.
    marketing_consent = models.BooleanField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["installation", "checkout_id"],
                                    name="checkout_snapshot_unique_per_installation"),
        ]
        indexes = [
            models.Index(fields=["next_check_at"], condition=Q(next_check_at__isnull=False),
                         name="checkout_next_check"),
            models.Index(fields=["installation", "email"], name="checkout_email"),
            # The customer page's action. A customer id is set once, when the shopper signs
            # in, so the ingest path's updates stay HOT.
            models.Index(fields=["installation", "customer_id"],
                         condition=~Q(customer_id=""), name="checkout_customer"),
        ]

    def __str__(self) -> str:
        return f"checkout {self.checkout_id}"

    @property
    def is_converted(self) -> bool:
        return self.converted_at is not None
