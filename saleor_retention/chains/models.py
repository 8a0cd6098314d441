from datetime import timedelta

from django.db import models
from django.db.models import Q


class Chain(models.Model):
    """A reminder chain: which subjects it takes (trigger, channels, conditions) and the steps
    it sends. A subject runs at most one chain: the enabled one of lowest ``priority`` whose
    conditions match."""

    class Trigger(models.TextChoices):
        CHECKOUT_ABANDONED = "checkout_abandoned"

    installation = models.ForeignKey(
        "saleor_retention.Installation", on_delete=models.CASCADE, related_name="chains")
    name = models.CharField(max_length=200)
    trigger = models.CharField(max_length=32, choices=Trigger.choices,
                               default=Trigger.CHECKOUT_ABANDONED)
    is_enabled = models.BooleanField(default=True)
    priority = models.IntegerField(default=100)
    channels = models.JSONField(default=list, blank=True)  # channel slugs; empty: every channel
    abandon_after = models.DurationField(default=timedelta(minutes=60))
    conditions = models.JSONField(default=dict, blank=True)  # see chains.conditions
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["priority", "id"]

    def __str__(self) -> str:
        return self.name


class ChainStep(models.Model):
    """One message of a chain, sent ``delay`` after the trigger or after the previous step."""

    class DelayFrom(models.TextChoices):
        TRIGGER = "trigger"
        PREVIOUS_STEP = "previous_step"

    class Template(models.TextChoices):
        FIRST_REMINDER = "first_reminder"
        FOLLOW_UP = "follow_up"
        LAST_CHANCE = "last_chance"

    chain = models.ForeignKey(Chain, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    delay = models.DurationField()
    delay_from = models.CharField(max_length=16, choices=DelayFrom.choices,
                                  default=DelayFrom.TRIGGER)
    template = models.CharField(max_length=64, choices=Template.choices,
                                default=Template.FIRST_REMINDER)
    discount_policy = models.ForeignKey("saleor_retention.DiscountPolicy", null=True,
                                        blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["chain", "position"]
        constraints = [models.UniqueConstraint(fields=["chain", "position"],
                                               name="chain_step_unique_position")]

    def __str__(self) -> str:
        return f"{self.chain} step {self.position}"


class ChainRun(models.Model):
    """One subject (a checkout today; an order or a customer later) running one chain.

    ``triggered_at`` anchors the step delays: for an abandoned checkout it is the shopper's
    last activity. A checkout runs at most one chain, ever (partial unique constraint)."""

    class SubjectKind(models.TextChoices):
        CHECKOUT = "checkout"

    class State(models.TextChoices):
        RUNNING = "running"
        CONVERTED = "converted"
        STOPPED = "stopped"
        FINISHED = "finished"

    installation = models.ForeignKey(
        "saleor_retention.Installation", on_delete=models.CASCADE, related_name="chain_runs")
    chain = models.ForeignKey(Chain, null=True, on_delete=models.SET_NULL, related_name="runs")
    chain_name = models.CharField(max_length=200)
    subject_kind = models.CharField(max_length=32, choices=SubjectKind.choices)
    subject_id = models.CharField(max_length=100)
    email = models.CharField(max_length=254)
    triggered_at = models.DateTimeField()
    started_at = models.DateTimeField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.RUNNING)
    ended_at = models.DateTimeField(null=True)
    end_reason = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["installation", "subject_kind", "subject_id"],
                                    condition=Q(subject_kind="checkout"),
                                    name="chain_run_one_per_checkout"),
            models.UniqueConstraint(fields=["installation", "subject_kind", "subject_id", "chain"],
                                    name="chain_run_unique_per_chain"),
        ]
        indexes = [
            models.Index(fields=["installation", "email", "state"], name="chain_run_email"),
            models.Index(fields=["chain", "state"], name="chain_run_chain_state"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_kind} {self.subject_id} in {self.chain_name}"


class Reminder(models.Model):
    """One planned message of a run: the scheduler's row. Unique per (run, step), so a
    subject can never get the same step twice.

    planned → claimed (a worker holds it; nothing sent yet) → sending (the email is being
    handed to the backend) → sent; or skipped/failed with a reason. A claim whose worker
    died goes back to planned, since nothing went out. A row left in ``sending`` becomes
    ``uncertain`` and is never retried: a missing reminder is better than a duplicate."""

    class State(models.TextChoices):
        PLANNED = "planned"
        CLAIMED = "claimed"
        SENDING = "sending"
        SENT = "sent"
        SKIPPED = "skipped"
        FAILED = "failed"
        UNCERTAIN = "uncertain"

    installation = models.ForeignKey(
        "saleor_retention.Installation", on_delete=models.CASCADE, related_name="reminders")
    run = models.ForeignKey(ChainRun, on_delete=models.CASCADE, related_name="reminders")
    step = models.ForeignKey(ChainStep, null=True, on_delete=models.SET_NULL,
                             related_name="reminders")
    position = models.PositiveSmallIntegerField()
    template = models.CharField(max_length=64)
    discount_policy = models.ForeignKey("saleor_retention.DiscountPolicy", null=True,
                                        blank=True, on_delete=models.SET_NULL)
    due_at = models.DateTimeField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.PLANNED)
    reason = models.CharField(max_length=255, blank=True)
    email = models.CharField(max_length=254, blank=True)
    claimed_at = models.DateTimeField(null=True)
    sending_at = models.DateTimeField(null=True)
    sent_at = models.DateTimeField(null=True)
    message_id = models.CharField(max_length=255, blank=True)
    # What the email provider reported last (anymail's event type: delivered, bounced, …);
    # the full timeline is in EmailEvent. First open and click feed the funnel.
    delivery = models.CharField(max_length=16, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    clicked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["run", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "step"],
                                               name="reminder_unique_per_run_step")]
        indexes = [
            # The claim query reads only this index: planned rows in due order.
            models.Index(fields=["due_at"], condition=Q(state="planned"),
                         name="reminder_due_planned"),
            models.Index(fields=["claimed_at"], condition=Q(state__in=["claimed", "sending"]),
                         name="reminder_in_flight"),
            models.Index(fields=["installation", "email", "sent_at"], name="reminder_sent_email"),
            # Provider tracking events name the message by the id the provider gave it.
            models.Index(fields=["message_id"], condition=~Q(message_id=""),
                         name="reminder_message_id"),
        ]

    def __str__(self) -> str:
        return f"reminder {self.position} of {self.run} ({self.state})"


class RecoveredOrder(models.Model):
    """An order placed by a shopper who had received at least one reminder of a run."""

    class MatchedBy(models.TextChoices):
        CODE = "code"  # the order used the code a reminder showed
        CHECKOUT = "checkout"
        EMAIL = "email"

    installation = models.ForeignKey(
        "saleor_retention.Installation", on_delete=models.CASCADE, related_name="recovered_orders")
    run = models.ForeignKey(ChainRun, on_delete=models.CASCADE, related_name="recovered_orders")
    reminder = models.ForeignKey(Reminder, null=True, on_delete=models.SET_NULL,
                                 help_text="The last reminder sent before the order.")
    order_id = models.CharField(max_length=100)
    order_number = models.CharField(max_length=32)
    total = models.DecimalField(max_digits=14, decimal_places=3)
    currency = models.CharField(max_length=3)
    voucher_code = models.CharField(max_length=255, blank=True)
    matched_by = models.CharField(max_length=16, choices=MatchedBy.choices)
    ordered_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["installation", "order_id"],
                                               name="recovered_order_unique")]

    def __str__(self) -> str:
        return f"order {self.order_number} recovered by {self.run.chain_name}"
