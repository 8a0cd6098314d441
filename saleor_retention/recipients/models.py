from django.db import models


class Recipient(models.Model):
    """One email address of one store, as the sending policy sees it.

    ``last_reminded_at`` is moved forward in a single conditional UPDATE when a reminder
    takes the address's slot in the frequency cap, so two workers can never both pass the
    cap for the same address."""

    installation = models.ForeignKey(
        "saleor_retention.Installation", on_delete=models.CASCADE, related_name="recipients")
    email = models.CharField(max_length=254)
    last_reminded_at = models.DateTimeField(null=True)
    # The shopper left with the unsubscribe link (or at the provider); cleared by "undo".
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # A hard bounce, a complaint or a provider's rejection: never mail this address again.
    suppressed_at = models.DateTimeField(null=True, blank=True)
    suppression_reason = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["installation", "email"],
                                               name="recipient_unique_per_installation")]

    def __str__(self) -> str:
        return self.email

    @property
    def may_receive_marketing(self) -> bool:
        return self.unsubscribed_at is None and self.suppressed_at is None
