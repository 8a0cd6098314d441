"""The link in every reminder: ``/r/<token>`` on the app, which records the click and then
sends the shopper on to their checkout (``recovery.restore``).

The token names the reminder, signed with the app's secret and stamped with its time; it is
honoured for ``LINK_LIFETIME``. An expired or tampered token still tells which store it was
for, so the shopper can be sent to that store's home rather than to an error page."""

from __future__ import annotations

import json
import zlib
from datetime import timedelta

from django.core import signing

from saleor_retention.chains.models import Reminder
from saleor_retention.config import get_config
from saleor_retention.installations.models import Installation

SALT = "saleor_retention.recovery"
# Long after any discount has expired, the cart itself may still be wanted.
LINK_LIFETIME = timedelta(days=30)


class UnusableLink(Exception):
    """The link cannot be followed; ``installation`` is the store it names, if known."""

    def __init__(self, reason: str, installation: Installation | None):
        super().__init__(reason)
        self.reason = reason
        self.installation = installation


def recovery_url(reminder: Reminder) -> str:
    token = signing.TimestampSigner(salt=SALT).sign_object(
        [reminder.installation_id, reminder.pk], compress=True)
    return f"{get_config().public_url.rstrip('/')}/r/{token}"


def _claimed_installation(token: str) -> Installation | None:
    """Returns the store a token claims to be for, without trusting it for anything else."""
    payload = token.split(":", 1)[0]
    try:
        data = signing.b64_decode(payload.lstrip(".").encode())
        if payload.startswith("."):
            data = zlib.decompress(data)
        claimed = json.loads(data)
    except (ValueError, TypeError, zlib.error):
        return None
    installation_id = claimed[0] if isinstance(claimed, list) and claimed else None
    if not isinstance(installation_id, int):
        return None
    return Installation.objects.filter(pk=installation_id).first()


def reminder_of(token: str) -> Reminder:
    """Returns the reminder a link was sent with. Raises UnusableLink ("expired",
    "invalid" or "unknown")."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        installation_id, reminder_id = signer.unsign_object(
            token, max_age=LINK_LIFETIME.total_seconds())
    except signing.SignatureExpired as exc:
        raise UnusableLink("expired", _claimed_installation(token)) from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise UnusableLink("invalid", _claimed_installation(token)) from exc
    reminder = (Reminder.objects.select_related("installation", "run")
                .filter(pk=reminder_id, installation_id=installation_id).first())
    if reminder is None:
        raise UnusableLink("unknown", Installation.objects.filter(pk=installation_id).first())
    return reminder
