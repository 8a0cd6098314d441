"""Operations a storefront calls from the browser, without a staff token: each is scoped
by a checkout id or a signed token of the installation named by ``Saleor-Api-Url``, and
rate-limited per caller (``storefront_base``). The offers are in ``storefront_offers``, the
reminder link as an API in ``storefront_restore``; docs/api.md shows how to call each."""

from __future__ import annotations

import graphene
from django.utils import timezone

from saleor_retention.api.errors import RetentionError
from saleor_retention.api.storefront_base import rate_limited
from saleor_retention.api.storefront_offers import CaptureEmail, ExitIntentOffer
from saleor_retention.api.storefront_restore import RestoreCheckout
from saleor_retention.emails.unsubscribe import BadUnsubscribeToken, recipient_of
from saleor_retention.emails.unsubscribe import unsubscribe as unsubscribe_recipient


class Unsubscribe(graphene.Mutation):
    """Stops every reminder of one store to the address of an unsubscribe token (the
    ``/unsubscribe/<token>/`` link of an email), for a storefront's own unsubscribe page."""

    class Arguments:
        token = graphene.String(required=True, description="The token from the email's link.")

    unsubscribed = graphene.Boolean(required=True,
                                    description="Whether the address is now unsubscribed.")
    errors = graphene.List(graphene.NonNull(RetentionError), required=True, description=(
        "Why nothing was done; empty when the operation did what was asked."))

    @staticmethod
    def mutate(root, info, token):
        now = timezone.now()
        # The token names its store: only the caller's address is counted.
        limited = rate_limited(info.context, "unsubscribe", None, now)
        if limited is not None:
            return Unsubscribe(unsubscribed=False, errors=[limited])
        try:
            recipient = recipient_of(token)
        except BadUnsubscribeToken as exc:
            return Unsubscribe(unsubscribed=False, errors=[
                RetentionError(field="token", code="invalid", message=str(exc))])
        if recipient is None:
            return Unsubscribe(unsubscribed=True, errors=[])  # erased: nothing to mail
        unsubscribe_recipient(recipient, now)
        return Unsubscribe(unsubscribed=True, errors=[])


class StorefrontQueries(graphene.ObjectType):
    pass


class StorefrontMutations(graphene.ObjectType):
    unsubscribe = Unsubscribe.Field(description="One-click unsubscribe, as an API.")
    exit_intent_offer = ExitIntentOffer.Field(
        description="Scenario 1: the cart's items and a code that expires soon.")
    capture_email = CaptureEmail.Field(
        description="Scenario 5: the shopper's email on their checkout, and a welcome code.")
    restore_checkout = RestoreCheckout.Field(
        description="A reminder link's checkout, restored, for a headless storefront.")
