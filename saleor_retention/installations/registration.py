"""Installing the app: Saleor POSTs an app token to ``tokenTargetUrl``.

That request is not signed, so nothing in it is trusted until proved: the API URL must be on
the allowlist before any call goes out, and the token must belong to this app."""

from __future__ import annotations

import logging

from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.utils import timezone

from saleor_retention.chains.defaults import ensure_default_chain
from saleor_retention.config import get_config
from saleor_retention.installations.allowlist import is_allowed
from saleor_retention.installations.lookup import forget_installation
from saleor_retention.installations.models import Installation
from saleor_retention.manifest.document import APP_ID
from saleor_retention.saleor.client import SaleorClient, fetch_jwks
from saleor_retention.saleor.errors import (
    SaleorPermissionDenied,
    SaleorRejected,
    SaleorUnavailable,
)

logger = logging.getLogger(__name__)


class RegistrationRefused(SuspiciousOperation):
    """The installation was refused; the message is shown to the person installing."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


def register_installation(api_url: str, auth_token: str, domain: str = "") -> Installation:
    """Returns the stored installation for ``api_url`` after proving ``auth_token``.

    Raises RegistrationRefused with a message for the installer when the URL is not allowed,
    Saleor cannot be reached, or the token is not this app's."""
    config = get_config()
    if not api_url:
        raise RegistrationRefused("The request has no Saleor-Api-Url header.")
    if not is_allowed(api_url, config.saleor_api_url_allowlist):
        logger.warning("registration refused: %s is not on the allowlist", api_url)
        raise RegistrationRefused(
            f"This app does not accept installations from {api_url}. Ask its operator to add "
            "the URL to SALEOR_API_URL_ALLOWLIST.", status=403)
    if not auth_token:
        raise RegistrationRefused("The request has no auth_token.")

    client = SaleorClient(api_url, auth_token)
    try:
        app = client.execute("queries/app_identity")["app"]
    except SaleorPermissionDenied as exc:
        raise RegistrationRefused("Saleor did not accept the app token.", status=403) from exc
    except SaleorUnavailable as exc:
        raise RegistrationRefused(
            f"The app could not reach Saleor at {api_url} to confirm the installation: {exc}",
            status=502) from exc
    except SaleorRejected as exc:
        raise RegistrationRefused(f"Saleor refused to confirm the app token: {exc}") from exc
    if not app or app.get("identifier") != APP_ID or not app.get("id"):
        raise RegistrationRefused(
            f"The token belongs to another app ({(app or {}).get('identifier')!r}), not {APP_ID}.",
            status=403)

    try:
        jwks = fetch_jwks(api_url)
    except (SaleorUnavailable, SaleorRejected) as exc:
        raise RegistrationRefused(f"The app could not read Saleor's signing keys: {exc}",
                                  status=502) from exc

    now = timezone.now()
    with transaction.atomic():
        installation = (
            Installation.objects.select_for_update().filter(saleor_api_url=api_url).first()
            or Installation(saleor_api_url=api_url)
        )
        installation.saleor_domain = domain[:255]
        installation.app_id = app["id"]
        installation.token = auth_token
        installation.jwks = jwks
        installation.jwks_fetched_at = now
        installation.is_active = True
        installation.installed_at = now
        installation.deactivated_at = None
        # Saleor created the manifest's webhooks just now, but a sync confirms them.
        installation.webhooks_digest = ""
        installation.save()
    forget_installation(api_url)
    ensure_default_chain(installation)
    logger.info("installed for %s as %s", api_url, installation.app_id)
    return installation


def deactivate_installation(installation: Installation) -> None:
    """Marks the installation inactive and forgets its token (the app was deleted)."""
    installation.is_active = False
    installation.token = ""
    installation.deactivated_at = timezone.now()
    installation.save(update_fields=["is_active", "encrypted_token", "deactivated_at"])
    forget_installation(installation.saleor_api_url)
    logger.info("deactivated %s", installation.saleor_api_url)
