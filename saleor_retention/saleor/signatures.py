"""Verifying ``Saleor-Signature``: a detached JWS (RFC 7797, ``b64: false``) over the raw
body, RS256, signed by the key named by ``kid`` in the installation's JWKS."""

from __future__ import annotations

import jwt
from jwt.exceptions import InvalidTokenError, PyJWKError, PyJWKSetError

from saleor_retention.saleor.errors import InvalidSignature

ALGORITHMS = ["RS256"]


def signing_kid(signature: str) -> str:
    """Returns the ``kid`` of a detached JWS; raises InvalidSignature when it has none."""
    try:
        header = jwt.get_unverified_header(signature)
    except InvalidTokenError as exc:
        raise InvalidSignature("Saleor-Signature is not a JWS.") from exc
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise InvalidSignature("Saleor-Signature names no key.")
    if header.get("b64") is not False:
        raise InvalidSignature("Saleor-Signature must be a detached JWS with b64=false.")
    return kid


def verify_detached_jws(signature: str, body: bytes, jwks: dict) -> None:
    """Returns when ``signature`` signs ``body`` with a key of ``jwks``; raises InvalidSignature."""
    kid = signing_kid(signature)
    try:
        key_set = jwt.PyJWKSet.from_dict(jwks)
        key = key_set[kid]
    except (PyJWKSetError, PyJWKError, KeyError) as exc:
        raise InvalidSignature(f"No key {kid!r} in the installation's JWKS.") from exc
    try:
        jwt.api_jws.PyJWS().decode_complete(
            signature, key=key.key, algorithms=ALGORITHMS, detached_payload=body
        )
    except InvalidTokenError as exc:
        raise InvalidSignature("Saleor-Signature does not match the body.") from exc
