"""The HTTP client for Saleor's GraphQL API.

Every call has an explicit timeout, and every failure is turned into one of the classes in
``saleor_retention.saleor.errors`` so callers decide once between retrying and recording.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import httpx

from saleor_retention import __version__
from saleor_retention.saleor.documents import load_document
from saleor_retention.saleor.errors import (
    SaleorPermissionDenied,
    SaleorRejected,
    SaleorUnavailable,
)

logger = logging.getLogger(__name__)

# Long enough for a busy Saleor, short enough to answer Saleor's own 18 s webhook deadline.
REQUEST_TIMEOUT = httpx.Timeout(10.0, connect=3.0)
USER_AGENT = f"saleor-retention/{__version__}"


def jwks_url(api_url: str) -> str:
    """Returns the JWKS address of the Saleor whose GraphQL API is at ``api_url``."""
    parts = urlsplit(api_url)
    return f"{parts.scheme}://{parts.netloc}/.well-known/jwks.json"


def _get_json(response: httpx.Response, what: str) -> dict:
    if response.status_code >= 500:
        raise SaleorUnavailable(f"{what} answered HTTP {response.status_code}.")
    if response.status_code >= 400:
        raise SaleorRejected(f"{what} answered HTTP {response.status_code}.")
    try:
        body = response.json()
    except ValueError as exc:
        raise SaleorRejected(f"{what} did not answer with JSON.") from exc
    if not isinstance(body, dict):
        raise SaleorRejected(f"{what} answered JSON that is not an object.")
    return body


def fetch_jwks(api_url: str) -> dict:
    """Returns the JWKS of the Saleor at ``api_url``.

    Raises SaleorUnavailable (network, 5xx) or SaleorRejected (anything that is not a JWKS)."""
    url = jwks_url(api_url)
    try:
        response = httpx.get(url, timeout=REQUEST_TIMEOUT, headers={"User-Agent": USER_AGENT})
    except httpx.HTTPError as exc:
        raise SaleorUnavailable(f"Could not reach {url}: {exc.__class__.__name__}.") from exc
    body = _get_json(response, url)
    if not isinstance(body.get("keys"), list) or not body["keys"]:
        raise SaleorRejected(f"{url} holds no keys.")
    return body


class SaleorClient:
    """Sends GraphQL documents from ``graphql/saleor/`` to one Saleor, as the app."""

    def __init__(self, api_url: str, token: str | None = None):
        self.api_url = api_url
        self._token = token

    def __repr__(self) -> str:  # never show the token
        return f"SaleorClient({self.api_url!r})"

    def execute(self, document_name: str, variables: dict | None = None) -> dict:
        """Returns the ``data`` of the answer to the named document.

        Raises SaleorUnavailable (retry later), SaleorPermissionDenied or SaleorRejected."""
        headers = {"User-Agent": USER_AGENT, "Content-Type": "application/json"}
        if self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        payload = {"query": load_document(document_name), "variables": variables or {}}
        try:
            response = httpx.post(
                self.api_url, json=payload, headers=headers, timeout=REQUEST_TIMEOUT,
                follow_redirects=False,
            )
        except httpx.HTTPError as exc:
            raise SaleorUnavailable(
                f"Could not reach Saleor at {self.api_url}: {exc.__class__.__name__}."
            ) from exc
        body = _get_json(response, f"Saleor at {self.api_url}")
        errors = body.get("errors") or []
        if errors:
            codes = tuple(
                str((error.get("extensions") or {}).get("exception", {}).get("code", ""))
                for error in errors
            )
            message = "; ".join(str(error.get("message", "")) for error in errors)
            if "PermissionDenied" in codes:
                raise SaleorPermissionDenied(message, codes)
            raise SaleorRejected(message, codes)
        data = body.get("data")
        if not isinstance(data, dict):
            raise SaleorRejected(f"Saleor at {self.api_url} answered without data.")
        logger.debug("saleor call %s ok", document_name)
        return data
