"""The Saleor calls behind email capture, each one document from ``graphql/saleor/``.
Failures follow the app's classes (``saleor.errors``); a mutation's own ``errors`` that mean
"no such checkout" or "not an address" become the offers' refusals."""

from __future__ import annotations

from saleor_retention.discounts.saleor_vouchers import client_for
from saleor_retention.installations.models import Installation
from saleor_retention.offers.errors import CheckoutNotFound, InvalidEmail
from saleor_retention.saleor.errors import SaleorRejected


def _raise_for(errors: list[dict], what: str) -> None:
    if not errors:
        return
    codes = tuple(str(error.get("code")) for error in errors)
    if "NOT_FOUND" in codes:
        raise CheckoutNotFound("The checkout is no longer in the shop.")
    if any(error.get("field") == "email" for error in errors):
        raise InvalidEmail("Saleor refused the address: " + "; ".join(
            str(error.get("message")) for error in errors))
    raise SaleorRejected(f"Saleor refused {what}: " + "; ".join(
        f"{error.get('field')}: {error.get('code')} {error.get('message')}" for error in errors),
        codes)


def attach_email(installation: Installation, checkout_id: str, email: str, consent_key: str,
                 consent: bool) -> dict:
    """Sets the checkout's email and, under ``consent_key`` of its metadata, the shopper's
    marketing consent, in one call; returns the checkout (the RetentionCheckout fragment).

    Raises CheckoutNotFound (Saleor deleted it), InvalidEmail, SaleorUnavailable or
    SaleorRejected."""
    consent_items = [{"key": consent_key, "value": "true" if consent else "false"}] if (
        consent_key) else []
    data = client_for(installation).execute("mutations/checkout_email_update", {
        "id": checkout_id, "email": email, "consent": consent_items})
    _raise_for((data.get("checkoutEmailUpdate") or {}).get("errors") or [], "the email")
    metadata = data.get("updateMetadata") or {}
    _raise_for(metadata.get("errors") or [], "the consent")
    if not metadata.get("item"):
        raise SaleorRejected("Saleor answered the email capture without the checkout.")
    return metadata["item"]


def has_ordered(installation: Installation, email: str) -> bool:
    """Returns whether Saleor has an order by ``email`` (guest orders count, api/X21).
    Raises SaleorUnavailable or SaleorRejected."""
    data = client_for(installation).execute("queries/customer_order_count", {"email": email})
    return ((data.get("orders") or {}).get("totalCount") or 0) > 0
