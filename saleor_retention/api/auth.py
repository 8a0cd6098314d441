"""Who is calling the app's API.

Staff (the Dashboard pages, staff scripts) send the token the Saleor Dashboard gives an app
(a Saleor user JWT, RS256, 5 minutes) and ``Saleor-Api-Url``. It is verified against that
installation's JWKS: signature, issuer, expiry, type "thirdparty" and the ``app`` claim equal
to the installed app. Its ``permissions`` (the user's, limited to the app's) decide what may
be read or changed. Storefront operations need no token; they are scoped by a checkout id or
signed token of the installation named by ``Saleor-Api-Url``."""

from __future__ import annotations

from dataclasses import dataclass

import jwt
from django.http import HttpRequest

from saleor_retention.installations.lookup import active_installation
from saleor_retention.installations.models import Installation
from saleor_retention.saleor.errors import SaleorError
from saleor_retention.saleor.signatures import key_set
from saleor_retention.webhooks.base import refresh_jwks

READ_PERMISSION = "MANAGE_CHECKOUTS"
TOKEN_TYPE = "thirdparty"
# Seconds of clock difference with Saleor that a token's expiry tolerates.
LEEWAY = 10


class PermissionDenied(Exception):
    """The caller may not do this (no or bad token, missing permission): a top-level
    GraphQL error with code PermissionDenied, as Saleor answers."""

    def __init__(self, message: str = "You do not have permission to perform this action.",
                 permissions: tuple[str, ...] = ()):
        super().__init__(message)
        self.permissions = permissions


@dataclass(frozen=True)
class Staff:
    """A verified Dashboard user of one installation."""

    installation: Installation
    user_id: str
    email: str
    permissions: frozenset[str]

    def require(self, *permissions: str) -> None:
        """Raises PermissionDenied unless the user holds every one of ``permissions``."""
        missing = [name for name in permissions if name not in self.permissions]
        if missing:
            raise PermissionDenied(
                f"You need one of the following permissions: {', '.join(missing)}",
                tuple(missing))


def installation_of(request: HttpRequest) -> Installation | None:
    """Returns the active installation named by the ``Saleor-Api-Url`` header, or None."""
    api_url = request.META.get("HTTP_SALEOR_API_URL", "").strip()
    return active_installation(api_url) if api_url else None


def _decode(token: str, installation: Installation) -> dict:
    kid = jwt.get_unverified_header(token).get("kid")
    keys = key_set(installation.jwks)
    if kid not in {key.key_id for key in keys.keys}:
        try:
            refresh_jwks(installation)  # Saleor rotated its key
        except SaleorError as exc:
            raise PermissionDenied("The token cannot be verified now.") from exc
        keys = key_set(installation.jwks)
    try:
        key = keys[kid]
    except KeyError as exc:
        raise PermissionDenied("The token is not signed by this Saleor.") from exc
    return jwt.decode(token, key.key, algorithms=["RS256"], issuer=installation.saleor_api_url,
                      leeway=LEEWAY, options={"require": ["exp", "iss", "app", "type"]})


def staff_of(request: HttpRequest) -> Staff:
    """Returns the verified staff caller; raises PermissionDenied."""
    installation = installation_of(request)
    header = request.META.get("HTTP_AUTHORIZATION", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    if installation is None or not token:
        raise PermissionDenied("Staff calls need a Saleor Dashboard token and Saleor-Api-Url.")
    try:
        claims = _decode(token, installation)
    except jwt.ExpiredSignatureError as exc:
        raise PermissionDenied("The token has expired.") from exc
    except (jwt.InvalidTokenError, jwt.PyJWKError) as exc:
        raise PermissionDenied("The token is not valid for this store.") from exc
    if claims.get("type") != TOKEN_TYPE or claims.get("app") != installation.app_id:
        raise PermissionDenied("The token was not issued to this app.")
    permissions = claims.get("permissions") or []
    return Staff(installation=installation, user_id=str(claims.get("user_id", "")),
                 email=str(claims.get("email", "")),
                 permissions=frozenset(str(name) for name in permissions))
