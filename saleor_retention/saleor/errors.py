"""How a failed call to Saleor is classified, decided once for the whole app."""

from django.core.exceptions import SuspiciousOperation


class SaleorError(Exception):
    """Base class of every failure talking to Saleor."""


class SaleorUnavailable(SaleorError):
    """Retryable: network failure, timeout or a 5xx answer. Try again later with backoff."""


class SaleorRejected(SaleorError):
    """Terminal: Saleor refused the request (4xx, GraphQL errors). Record it; do not retry."""

    def __init__(self, message: str, codes: tuple[str, ...] = ()):
        super().__init__(message)
        self.codes = codes


class SaleorPermissionDenied(SaleorRejected):
    """Terminal: the token is not valid, or lacks the permission for the request."""


class InvalidSignature(SuspiciousOperation):
    """A webhook's ``Saleor-Signature`` does not verify against the installation's keys."""
