from django.db import models


class WebhookEvent(models.Model):
    """One webhook accepted from Saleor, kept until processed (the inbox).

    Saleor delivers at least once, with byte-identical retries and no delivery id, so
    ``dedupe_key`` (a hash of the event name and raw body) is unique per installation:
    a second delivery only counts ``deliveries``."""

    class State(models.TextChoices):
        PENDING = "pending"
        DONE = "done"
        FAILED = "failed"

    installation = models.ForeignKey(
        "saleor_retention.Installation", on_delete=models.CASCADE, related_name="webhook_events"
    )
    event_type = models.CharField(max_length=64)
    dedupe_key = models.CharField(max_length=64)
    # The checkout an event is about (a checkout's id, an order's checkoutId), so a reminder
    # can see that a purchase is still waiting in the inbox.
    subject_id = models.CharField(max_length=100, blank=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    deliveries = models.PositiveIntegerField(default=1)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    processed_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["installation", "dedupe_key"],
                                    name="webhook_event_unique_per_installation"),
        ]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["state", "processed_at"]),
            models.Index(fields=["installation", "subject_id"], condition=models.Q(state="pending"),
                         name="webhook_event_pending_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} #{self.pk} ({self.state})"
