"""Leaving a store's reminders with one click, and coming back.

Every marketing email carries a link to ``/unsubscribe/<token>/``. The token is the
recipient's row, signed with the app's secret: it cannot be guessed or altered, holds no
email address, and does not expire (a shopper may use an old email)."""

from __future__ import annotations

from datetime import datetime

from django.core import signing
from django.core.exceptions import SuspiciousOperation

from saleor_retention.config import get_config
from saleor_retention.recipients.models import Recipient

SALT = "saleor_retention.unsubscribe"


class BadUnsubscribeToken(SuspiciousOperation):
    """The link was forged, altered or cut short (answered as 400)."""


def unsubscribe_token(recipient: Recipient) -> str:
    return signing.dumps([recipient.installation_id, recipient.pk], salt=SALT, compress=True)


def unsubscribe_url(recipient: Recipient) -> str:
    return f"{get_config().public_url.rstrip('/')}/unsubscribe/{unsubscribe_token(recipient)}/"


def recipient_of(token: str) -> Recipient | None:
    """Returns the token's recipient; None when it no longer exists (its data was erased).
    Raises BadUnsubscribeToken for a token this app did not sign."""
    try:
        installation_id, recipient_id = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadUnsubscribeToken("This unsubscribe link is not valid.") from exc
    return (Recipient.objects.select_related("installation")
            .filter(pk=recipient_id, installation_id=installation_id).first())


def unsubscribe(recipient: Recipient, now: datetime) -> None:
    """Stops every reminder to the address in this store; a second call changes nothing."""
    Recipient.objects.filter(pk=recipient.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=now)
    recipient.refresh_from_db(fields=["unsubscribed_at"])


def resubscribe(recipient: Recipient) -> None:
    """Undoes ``unsubscribe``. A suppression (bounce, complaint) stays: it is not the
    shopper's choice to lift."""
    Recipient.objects.filter(pk=recipient.pk).update(unsubscribed_at=None)
    recipient.refresh_from_db(fields=["unsubscribed_at"])
