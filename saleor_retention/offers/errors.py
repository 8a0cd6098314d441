"""Why a storefront's request was refused. The API edge turns each into an error code; a
Saleor failure stays a ``saleor.errors`` class."""

from __future__ import annotations


_CLASS_FIELD = object()


class OfferRefused(Exception):
    """Base of every refusal; ``field`` names the input at fault (the class's, unless
    given), or is None."""

    field: str | None = None

    def __init__(self, message: str, field: str | None | object = _CLASS_FIELD):
        super().__init__(message)
        if field is not _CLASS_FIELD:
            self.field = field


class CheckoutNotFound(OfferRefused):
    """The store knows no such checkout, it was bought, or it is gone. Unknown, bought and
    another store's checkouts get the same answer, so a caller learns nothing of them."""

    field = "checkoutId"


class EmptyCheckout(OfferRefused):
    """The checkout has no items: there is nothing to offer a discount on."""

    field = "checkoutId"


class InvalidEmail(OfferRefused):
    """The address is not one an email can be sent to."""

    field = "email"


class LinkRefused(OfferRefused):
    """A reminder link's token cannot be used: ``reason`` is "expired" or "invalid" (tampered,
    made up, or another store's)."""

    field = "token"

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
