"""Verifying ``Saleor-Signature``: a detached JWS (RFC 7797, ``b64: false``) over the raw
body, RS256, signed by the key named by ``kid`` in the installation's JWKS."""

from __future__ import annotations

import binascii
import copy
import json
from functools import lru_cache

import jwt
from jwt.algorithms import RSAAlgorithm
from jwt.utils import base64url_decode
from jwt.exceptions import InvalidTokenError, PyJWKError, PyJWKSetError

from saleor_retention.saleor.errors import InvalidSignature

ALGORITHMS = ["RS256"]
_RS256 = RSAAlgorithm(RSAAlgorithm.SHA256)


# JWKS dicts seen lately, by identity: (a copy of the dict, its parsed keys).
_KEY_SETS_KEPT = 64
_recent_key_sets: dict[int, tuple[dict, jwt.PyJWKSet]] = {}


def key_set(jwks: dict) -> jwt.PyJWKSet:
    """Returns the parsed keys of ``jwks``; raises PyJWKSetError or PyJWKError when it holds
    none that can be used.

    Building RSA keys from a JWK is most of a verification's cost, and a store's JWKS
    changes only when Saleor rotates its key, so each JWKS is parsed once. Every webhook of
    a store passes the same dict (its cached installation's): it is found by identity and
    confirmed by equality, because serialising it for each lookup cost 10–15 µs a webhook."""
    recent = _recent_key_sets.get(id(jwks))
    if recent is not None and recent[0] == jwks:
        return recent[1]
    parsed = _parsed_key_set(json.dumps(jwks, sort_keys=True))
    if len(_recent_key_sets) >= _KEY_SETS_KEPT:
        _recent_key_sets.clear()
    # A copy: the caller's dict may change in place, and its id be reused by another.
    _recent_key_sets[id(jwks)] = (copy.deepcopy(jwks), parsed)
    return parsed


@lru_cache(maxsize=_KEY_SETS_KEPT)
def _parsed_key_set(jwks_json: str) -> jwt.PyJWKSet:
    return jwt.PyJWKSet.from_dict(json.loads(jwks_json))


def _segments(signature: str) -> tuple[str, str]:
    """Returns (protected header, signature) segments of a detached JWS."""
    parts = signature.split(".")
    if len(parts) != 3 or parts[1] or not parts[0] or not parts[2]:
        raise InvalidSignature("Saleor-Signature is not a detached JWS.")
    return parts[0], parts[2]


def signing_kid(signature: str) -> str:
    """Returns the ``kid`` of a detached JWS; raises InvalidSignature when it has none."""
    return _kid_of_header(_segments(signature)[0])


@lru_cache(maxsize=64)
def _kid_of_header(header_segment: str) -> str:
    # A Saleor signs every webhook with the same protected header, so it is read once.
    try:
        header = jwt.get_unverified_header(header_segment + "..")
    except InvalidTokenError as exc:
        raise InvalidSignature("Saleor-Signature is not a JWS.") from exc
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise InvalidSignature("Saleor-Signature names no key.")
    if header.get("b64") is not False or header.get("crit") != ["b64"]:
        raise InvalidSignature("Saleor-Signature must be a detached JWS with b64=false.")
    if header.get("alg") not in ALGORITHMS:
        raise InvalidSignature(f"Saleor-Signature uses {header.get('alg')!r}, not RS256.")
    return kid


def verify_detached_jws(signature: str, body: bytes, jwks: dict) -> None:
    """Returns when ``signature`` signs ``body`` with a key of ``jwks``; raises InvalidSignature.

    RFC 7797 with ``b64: false``: the signing input is the protected header segment, a dot
    and the raw body. The header is checked once per distinct header (see above); the
    signature is checked with PyJWT's RS256 algorithm on every call."""
    header_segment, signature_segment = _segments(signature)
    kid = _kid_of_header(header_segment)
    try:
        key = key_set(jwks)[kid]
    except (PyJWKSetError, PyJWKError, KeyError) as exc:
        raise InvalidSignature(f"No key {kid!r} in the installation's JWKS.") from exc
    try:
        signature_bytes = base64url_decode(signature_segment)
    except (binascii.Error, ValueError) as exc:
        raise InvalidSignature("Saleor-Signature is not a JWS.") from exc
    if not _RS256.verify(header_segment.encode() + b"." + body, key.key, signature_bytes):
        raise InvalidSignature("Saleor-Signature does not match the body.")
