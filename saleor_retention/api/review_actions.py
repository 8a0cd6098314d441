"""Staff actions on one checkout's chain or one address (``chains.staff_actions``)."""

from __future__ import annotations

import graphene
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from saleor_retention.api.base import StaffMutation
from saleor_retention.api.errors import MutationError
from saleor_retention.api.review_checkouts import AbandonedCheckout, reviewed_checkouts
from saleor_retention.api.review_timeline import attach_history_loader
from saleor_retention.chains import staff_actions
from saleor_retention.checkouts.models import CheckoutSnapshot
from saleor_retention.installations.models import Installation
from saleor_retention.recipients.models import Recipient

NO_RUNNING_CHAIN = "The checkout has no running chain in this store."


def _checkout(installation: Installation, checkout_id: str) -> CheckoutSnapshot | None:
    snapshot = reviewed_checkouts(installation).filter(checkout_id=checkout_id).first()
    if snapshot is not None:
        attach_history_loader([snapshot])
    return snapshot


class RetentionSendNextReminderNow(StaffMutation):
    """Makes the next planned reminder of a checkout's running chain due now: the scheduler
    sends it on its next pass (every 15 seconds), after every usual check (bought,
    unsubscribed, quiet hours, frequency cap). Requires MANAGE_CHECKOUTS."""

    class Arguments:
        checkout_id = graphene.ID(required=True, description="Saleor's checkout id.")

    permissions = ("MANAGE_CHECKOUTS",)
    step = graphene.Int(description="The position of the step now due.")
    checkout = graphene.Field(AbandonedCheckout, description="The checkout, as it is now.")

    @classmethod
    def perform(cls, info, caller, checkout_id):
        reminder = staff_actions.send_next_reminder_now(caller.installation, checkout_id,
                                                        timezone.now())
        if reminder is None:
            raise MutationError("checkoutId", "not_found",
                                "The checkout has no planned reminder in a running chain "
                                "of this store.")
        return {"step": reminder.position,
                "checkout": _checkout(caller.installation, checkout_id)}


class RetentionStopReminders(StaffMutation):
    """Stops a checkout's running chain ("stopped_by_staff"): its planned reminders are
    skipped and no further email goes. Requires MANAGE_CHECKOUTS."""

    class Arguments:
        checkout_id = graphene.ID(required=True, description="Saleor's checkout id.")

    permissions = ("MANAGE_CHECKOUTS",)
    skipped_reminders = graphene.Int(description="How many planned reminders were skipped.")
    checkout = graphene.Field(AbandonedCheckout, description="The checkout, as it is now.")

    @classmethod
    def perform(cls, info, caller, checkout_id):
        skipped = staff_actions.stop_reminders(caller.installation, checkout_id,
                                               timezone.now())
        if skipped is None:
            raise MutationError("checkoutId", "not_found", NO_RUNNING_CHAIN)
        return {"skipped_reminders": skipped,
                "checkout": _checkout(caller.installation, checkout_id)}


class RetentionAddress(graphene.ObjectType):
    """An email address as the store's sending policy sees it."""

    email = graphene.String(required=True, description="The address.")
    suppressed = graphene.Boolean(required=True,
                                  description="Whether it is on the suppression list.")
    suppressed_at = graphene.DateTime(description="Since when.")
    suppression_reason = graphene.String(
        description='Why: "staff", "bounced", "complained" or "invalid"; null when not '
                    'suppressed.')
    unsubscribed = graphene.Boolean(required=True,
                                    description="Whether the shopper unsubscribed.")

    @staticmethod
    def resolve_suppressed(recipient, info):
        return recipient.suppressed_at is not None

    @staticmethod
    def resolve_suppression_reason(recipient, info):
        return recipient.suppression_reason or None

    @staticmethod
    def resolve_unsubscribed(recipient, info):
        return recipient.unsubscribed_at is not None


class RetentionSuppressAddress(StaffMutation):
    """Puts an address on the store's suppression list (reason "staff": no reminder goes to
    it, and its running chains stop at their next step), or takes it off. Lifting takes off
    a staff or bounce suppression only, and never undoes an unsubscribe. Requires
    MANAGE_USERS."""

    class Arguments:
        email = graphene.String(required=True, description="The address.")
        suppressed = graphene.Boolean(required=True,
                                      description="True to suppress, false to lift.")

    permissions = ("MANAGE_USERS",)
    address = graphene.Field(RetentionAddress, description="The address, as it is now.")

    @classmethod
    def perform(cls, info, caller, email, suppressed):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError as error:
            raise MutationError("email", "invalid", "Enter a valid email address.") from error
        if suppressed:
            return {"address": staff_actions.suppress_address(caller.installation, email,
                                                              timezone.now())}
        try:
            recipient = staff_actions.lift_suppression(caller.installation, email)
        except staff_actions.SuppressionNotLiftable as error:
            raise MutationError("suppressed", "invalid", str(error)) from error
        return {"address": recipient or Recipient(email=email)}
