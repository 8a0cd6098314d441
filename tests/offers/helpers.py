"""Calling the storefront operations as a shopper's browser would, at a moment of the
test's choosing (on the app's clock and the fake Saleor's)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone as django_timezone

from saleor_retention.installations.models import Installation
from tests.fixtures.api import graphql
from tests.fixtures.checkouts import T0, checkout_node, track

NOW = T0 + timedelta(minutes=30)  # the shopper is about to leave, half an hour in
SHOPPER_ADDRESS = "203.0.113.7"

OFFER = """
mutation Offer($checkoutId: ID!) {
  exitIntentOffer(checkoutId: $checkoutId) {
    offer {
      checkoutId currency subtotal
      items { productId productName variantId variantName thumbnailUrl quantity
              unitPrice totalPrice }
      discount { code status kind value minimumSpend currency expiresAt }
    }
    errors { field code message }
  }
}"""

CAPTURE = """
mutation Capture($checkoutId: ID!, $email: String!, $consent: Boolean!) {
  captureEmail(checkoutId: $checkoutId, email: $email, consent: $consent) {
    email marketingConsent
    welcomeDiscount { code status kind value currency expiresAt }
    errors { field code message }
  }
}"""

RESTORE = """
mutation Restore($token: String!) {
  restoreCheckout(token: $token) {
    restored { status checkoutId checkoutToken url missingProducts codeApplied }
    errors { field code message }
  }
}"""


def at(monkeypatch, saleor, moment: datetime) -> None:
    """Moves the app's clock and the fake Saleor's to ``moment``."""
    saleor.now = moment
    monkeypatch.setattr(django_timezone, "now", lambda: moment)


def storefront(store: Installation, address: str = SHOPPER_ADDRESS) -> dict:
    """The headers of a storefront call: the store's Saleor, no token."""
    return {"HTTP_SALEOR_API_URL": store.saleor_api_url, "REMOTE_ADDR": address}


def cart(saleor, store: Installation, number: int = 1, **node) -> dict:
    """A checkout that exists in the fake Saleor and that the store's app has seen at T0;
    returns it. By default 2 × 20.00 of one product, with the shopper's email."""
    checkout = checkout_node(number, updated_at=T0, **node)
    saleor.checkouts.append(checkout)
    track(store, checkout)
    return checkout


def offer(client, store: Installation, checkout_id: str, **headers) -> dict:
    answer = graphql(client, OFFER, {"checkoutId": checkout_id}, **(headers or storefront(store)))
    return answer["data"]["exitIntentOffer"]


def capture(client, store: Installation, checkout_id: str, email: str, consent: bool = True,
            **headers) -> dict:
    answer = graphql(client, CAPTURE, {"checkoutId": checkout_id, "email": email,
                                       "consent": consent}, **(headers or storefront(store)))
    return answer["data"]["captureEmail"]


def restore(client, store: Installation, token: str, **headers) -> dict:
    answer = graphql(client, RESTORE, {"token": token}, **(headers or storefront(store)))
    return answer["data"]["restoreCheckout"]
