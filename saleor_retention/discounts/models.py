from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


MIN_VALIDITY = timedelta(minutes=5)  # shorter than an email takes to arrive
MAX_VALIDITY = timedelta(days=90)  # Saleor deletes idle checkouts after 90 days


class DiscountPolicy(models.Model):
    """What a discount offers and for how long. A chain step (or an offer) refers to one; the
    codes themselves are issued in Saleor by ``discounts.issuing``.

    ``value`` and ``minimum_spend`` apply in every channel unless ``channel_values`` gives a
    channel, or a currency, its own: ``{"<channel slug>" or "EUR": {"value": "5",
    "minimum_spend": "30"}}`` (a fixed amount is in the channel's currency)."""

    class Kind(models.TextChoices):
        PERCENTAGE = "percentage"
        FIXED = "fixed"

    installation = models.ForeignKey(
        "saleor_retention.Installation", on_delete=models.CASCADE, related_name="discount_policies")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PERCENTAGE)
    value = models.DecimalField(max_digits=12, decimal_places=3)
    minimum_spend = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    channel_values = models.JSONField(default=dict, blank=True)
    validity = models.DurationField(default=timedelta(hours=24))
    once_per_customer = models.BooleanField(default=True)
    # Saleor ids; empty: the whole order.
    product_ids = models.JSONField(default=list, blank=True)
    category_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "discount policies"

    def __str__(self) -> str:
        return self.name

    def terms_in(self, channel_slug: str, currency: str) -> dict:
        """Returns {"value": Decimal, "minimum_spend": Decimal | None} for a channel: its
        own, else its currency's, else the policy's."""
        own = self.channel_values or {}
        terms = own.get(channel_slug) or own.get(currency.upper()) or {}
        minimum = terms.get("minimum_spend", self.minimum_spend)
        return {"value": Decimal(str(terms.get("value", self.value))),
                "minimum_spend": None if minimum is None else Decimal(str(minimum))}

    def clean(self) -> None:
        """Raises ValidationError for terms Saleor would refuse or a shopper could not use;
        those of a channel or currency go under ``channel_values``, each naming its row."""
        problems = self._faults_in(self.value, self.minimum_spend)
        own_terms = self._own_terms()
        if own_terms is None:
            problems["channel_values"] = ('Give each channel or currency its terms: '
                                          '{"eu": {"value": "5", "minimum_spend": "30"}}.')
        else:
            row_faults = [f"{key}: {message[0].lower()}{message[1:]}"
                          for key, (value, minimum) in own_terms.items()
                          for message in self._faults_in(value, minimum).values()]
            if row_faults:
                problems["channel_values"] = row_faults
        if not MIN_VALIDITY <= self.validity <= MAX_VALIDITY:
            problems["validity"] = "A code must be valid between 5 minutes and 90 days."
        if problems:
            raise ValidationError(problems)

    def _own_terms(self) -> dict | None:
        """Returns {key: (value, minimum spend)} as Decimals for what each row of
        ``channel_values`` gives itself (None for what it leaves to the policy); None when
        ``channel_values`` cannot be read."""
        if not isinstance(self.channel_values, dict):
            return None
        try:
            return {key: (Decimal(str(own["value"])) if "value" in own else None,
                          None if own.get("minimum_spend") is None
                          else Decimal(str(own["minimum_spend"])))
                    for key, own in self.channel_values.items()}
        except (ArithmeticError, AttributeError, TypeError, ValueError):
            return None

    def _faults_in(self, value: Decimal | None, minimum: Decimal | None) -> dict:
        """Returns {field: message} for a value or a minimum spend no shopper could use;
        None is not judged."""
        faults = {}
        if value is not None and (not value.is_finite() or value <= 0):
            faults["value"] = "A discount must be more than 0."
        elif value is not None and self.kind == self.Kind.PERCENTAGE and value > 100:
            faults["value"] = "A percentage cannot be more than 100."
        if minimum is not None and (not minimum.is_finite() or minimum < 0):
            faults["minimum_spend"] = "A minimum spend cannot be negative."
        return faults


class DiscountVoucher(models.Model):
    """The Saleor voucher holding the codes of one policy, channel and expiry bucket. Its
    end date is the backstop: it ends no earlier than the last of its codes may be used."""

    installation = models.ForeignKey(
        "saleor_retention.Installation", on_delete=models.CASCADE, related_name="discount_vouchers")
    policy = models.ForeignKey(DiscountPolicy, null=True, on_delete=models.SET_NULL,
                               related_name="vouchers")
    channel_slug = models.CharField(max_length=255)
    bucket_start = models.DateTimeField()  # codes issued from here …
    bucket_end = models.DateTimeField()  # … until here
    ends_at = models.DateTimeField()  # the voucher's endDate in Saleor
    saleor_id = models.CharField(max_length=100, blank=True)  # empty until created in Saleor
    policy_version = models.DateTimeField()  # the policy's updated_at it was made from
    deleted_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)  # Saleor's last refusal
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["policy", "channel_slug", "bucket_start", "policy_version"],
            name="discount_voucher_per_bucket")]

    def __str__(self) -> str:
        return f"voucher {self.saleor_id or '(not created)'} for {self.channel_slug}"


class DiscountCode(models.Model):
    """One single-use code in Saleor. Codes are added to Saleor in batches and wait unheld;
    a reminder (or an offer) then holds one for good: ``holder`` is unique, so a retried send
    gets the same code back. A code is deleted from Saleor at its own expiry."""

    class State(models.TextChoices):
        AVAILABLE = "available"  # in Saleor, held by nobody yet
        HELD = "held"  # shown to one shopper
        USED = "used"  # an order used it
        DELETED = "deleted"  # removed from Saleor (expired, or never handed out)

    installation = models.ForeignKey(
        "saleor_retention.Installation", on_delete=models.CASCADE, related_name="discount_codes")
    voucher = models.ForeignKey(DiscountVoucher, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(max_length=32)
    saleor_id = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.AVAILABLE)
    holder = models.CharField(max_length=64, null=True, blank=True)  # "reminder:<pk>"
    reminder = models.ForeignKey("saleor_retention.Reminder", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="discount_codes")
    held_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)  # set when held
    used_at = models.DateTimeField(null=True, blank=True)
    order_id = models.CharField(max_length=100, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["installation", "code"], name="discount_code_unique"),
            models.UniqueConstraint(fields=["installation", "holder"],
                                    condition=Q(holder__isnull=False),
                                    name="discount_code_one_per_holder"),
        ]
        indexes = [
            # The pool: codes of a voucher waiting to be held.
            models.Index(fields=["voucher"], condition=Q(state="available"),
                         name="discount_code_available"),
            # The expiry task: held codes by expiry.
            models.Index(fields=["expires_at"], condition=Q(state="held"),
                         name="discount_code_expiring"),
        ]

    def __str__(self) -> str:
        return self.code
