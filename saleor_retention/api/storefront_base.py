"""What every storefront operation shares: the store named by ``Saleor-Api-Url``, the rate
limits, and how the offers' refusals and Saleor's failures become ``errors``.

Limits are counted per operation in PostgreSQL (``api.ratelimit``, shared by every web
process), in fixed one-minute windows: per client address, then per store. A call over a
limit answers the error RATE_LIMITED and does nothing else."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import graphene
from django.http import HttpRequest
from django.utils import timezone

from saleor_retention.api.auth import installation_of
from saleor_retention.api.errors import RetentionError
from saleor_retention.api.ratelimit import within_limit
from saleor_retention.installations.models import Installation
from saleor_retention.offers.errors import (
    CheckoutNotFound,
    EmptyCheckout,
    InvalidEmail,
    LinkRefused,
    OfferRefused,
)
from saleor_retention.saleor.errors import SaleorRejected, SaleorUnavailable

logger = logging.getLogger(__name__)

WINDOW = timedelta(minutes=1)
# A shopper's browser asks each operation a few times per visit; 30 a minute leaves room for
# several shoppers behind one address and stops a script within seconds.
PER_ADDRESS = 30
# All shoppers of one store together: far above a busy shop's exits per minute, low enough
# that a flood from many addresses cannot drain the store's codes or hammer its Saleor.
PER_STORE = 600
UNKNOWN_STORE = "The Saleor-Api-Url header names no store where this app is installed."
REFUSAL_CODES = {CheckoutNotFound: "not_found", EmptyCheckout: "invalid",
                 InvalidEmail: "invalid", LinkRefused: "invalid"}


def client_address(request: HttpRequest) -> str:
    """Returns the caller's IP address: REMOTE_ADDR. X-Forwarded-For is not read, since
    anyone can send it; behind a reverse proxy every caller has the proxy's address."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def rate_limited(request: HttpRequest, operation: str, installation: Installation | None,
                 now: datetime) -> RetentionError | None:
    """Counts the call; returns the RATE_LIMITED error when the caller's address, or the
    store, is over its limit for ``operation`` in this minute, else None."""
    if not within_limit(f"storefront:{operation}:address:{client_address(request)}",
                        PER_ADDRESS, WINDOW, now):
        return RetentionError(field=None, code="rate_limited", message=(
            f"Too many {operation} calls from this address: at most {PER_ADDRESS} a minute."))
    if installation is not None and not within_limit(
            f"storefront:{operation}:store:{installation.pk}", PER_STORE, WINDOW, now):
        return RetentionError(field=None, code="rate_limited", message=(
            f"Too many {operation} calls for this store: at most {PER_STORE} a minute."))
    return None


class StorefrontMutation(graphene.Mutation):
    """A storefront operation: no staff token; the store is the one ``Saleor-Api-Url``
    names. Subclasses set ``operation`` (the name limits count under) and implement
    ``perform(cls, installation, now, **input)`` returning the payload's other fields as a
    dict. It runs without a transaction: a code issued in Saleor must stay recorded."""

    class Meta:
        abstract = True

    errors = graphene.List(graphene.NonNull(RetentionError), required=True, description=(
        "Why nothing was done; empty when the operation did what was asked."))
    operation = ""

    @classmethod
    def perform(cls, installation: Installation, now: datetime, **data) -> dict:
        raise NotImplementedError

    @classmethod
    def mutate(cls, root, info, **data):
        request, now = info.context, timezone.now()
        installation = installation_of(request)
        limited = rate_limited(request, cls.operation, installation, now)
        if limited is not None:
            return cls(errors=[limited])
        if installation is None:
            return cls(errors=[RetentionError(field=None, code="not_found",
                                              message=UNKNOWN_STORE)])
        try:
            return cls(errors=[], **cls.perform(installation, now, **data))
        except OfferRefused as refused:
            code = next((code for kind, code in REFUSAL_CODES.items()
                         if isinstance(refused, kind)), "invalid")
            return cls(errors=[RetentionError(field=refused.field, code=code,
                                              message=str(refused))])
        except SaleorUnavailable as exc:
            logger.warning("%s for store %s: Saleor unavailable: %s", cls.operation,
                           installation.pk, exc)
            return cls(errors=[RetentionError(field=None, code="saleor_unavailable", message=(
                "The shop's Saleor cannot be reached now; try again in a moment."))])
        except SaleorRejected as exc:
            logger.warning("%s for store %s: Saleor refused: %s", cls.operation,
                           installation.pk, exc)
            return cls(errors=[RetentionError(field=None, code="saleor_rejected",
                                              message="The shop's Saleor refused the request.")])
