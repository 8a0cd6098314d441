from django.db import models
from django.db.models import Q


class EmailTemplate(models.Model):
    """A store's own version of one shipped email template (or a new language's), for every
    channel (``channel_slug`` empty) or one. ``name`` is a step kind (``first_reminder``) or a
    partial (``partials/footer``). Saved only after validation (``emails.templates.save``);
    ``version`` grows with every save and keys the compiled-template cache."""

    installation = models.ForeignKey(
        "saleor_retention.Installation", on_delete=models.CASCADE, related_name="email_templates")
    channel_slug = models.CharField(max_length=255, blank=True)
    language = models.CharField(max_length=16)  # lower case, "en" or "pt_br"
    name = models.CharField(max_length=64)
    subject = models.CharField(max_length=500, blank=True)  # empty for partials
    body = models.TextField()  # MJML with template variables
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["installation", "channel_slug", "language", "name"],
            name="email_template_unique")]

    def __str__(self) -> str:
        return f"{self.name} ({self.language}, {self.channel_slug or 'every channel'})"


class EmailEvent(models.Model):
    """One step of a sent reminder's timeline as the email provider reported it (anymail's
    normalised tracking event). Replays of the same provider event are stored once."""

    class Kind(models.TextChoices):
        QUEUED = "queued"
        SENT = "sent"
        REJECTED = "rejected"
        FAILED = "failed"
        BOUNCED = "bounced"
        DEFERRED = "deferred"
        DELIVERED = "delivered"
        AUTORESPONDED = "autoresponded"
        OPENED = "opened"
        CLICKED = "clicked"
        COMPLAINED = "complained"
        UNSUBSCRIBED = "unsubscribed"
        SUBSCRIBED = "subscribed"
        UNKNOWN = "unknown"

    installation = models.ForeignKey(
        "saleor_retention.Installation", on_delete=models.CASCADE, related_name="email_events")
    reminder = models.ForeignKey("saleor_retention.Reminder", on_delete=models.CASCADE,
                                 related_name="email_events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    esp_name = models.CharField(max_length=32)
    esp_event_id = models.CharField(max_length=255, blank=True)
    occurred_at = models.DateTimeField()
    description = models.CharField(max_length=255, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reminder", "occurred_at", "id"]
        constraints = [models.UniqueConstraint(
            fields=["reminder", "kind", "esp_event_id"], condition=~Q(esp_event_id=""),
            name="email_event_once")]

    def __str__(self) -> str:
        return f"{self.kind} of reminder {self.reminder_id}"
