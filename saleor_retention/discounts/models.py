from datetime import timedelta

from django.db import models


class DiscountPolicy(models.Model):
    """What a discount offers and for how long. A chain step refers to one; the codes
    themselves are issued in Saleor by the discounts room."""

    class Kind(models.TextChoices):
        PERCENTAGE = "percentage"
        FIXED = "fixed"

    installation = models.ForeignKey(
        "saleor_retention.Installation", on_delete=models.CASCADE, related_name="discount_policies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PERCENTAGE)
    value = models.DecimalField(max_digits=12, decimal_places=3)
    validity = models.DurationField(default=timedelta(hours=24))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "discount policies"

    def __str__(self) -> str:
        return self.name
