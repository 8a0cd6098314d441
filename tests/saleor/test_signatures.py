import pytest

from saleor_retention.saleor.errors import InvalidSignature
from saleor_retention.saleor.signatures import verify_detached_jws
from tests.fixtures.recordings import recorded_jwks, recorded_webhooks
from tests.fixtures.signing import new_rsa_key, sign_body


def test_every_recorded_signature_verifies_over_its_raw_body():
    # given
    hooks = recorded_webhooks()

    # when
    for hook in hooks:
        verify_detached_jws(hook.signature, hook.body, recorded_jwks())

    # then
    assert len(hooks) == 60


def test_a_body_with_one_byte_flipped_does_not_verify():
    # given
    hook = recorded_webhooks()[1]
    body = bytearray(hook.body)
    body[40] ^= 0x01

    # when / then
    with pytest.raises(InvalidSignature, match="does not match"):
        verify_detached_jws(hook.signature, bytes(body), recorded_jwks())


def test_a_signature_by_a_key_missing_from_the_jwks_does_not_verify():
    # given
    pem, _ = new_rsa_key("other-kid")
    body = b'{"__typename": "CheckoutUpdated"}'

    # when / then
    with pytest.raises(InvalidSignature, match="No key 'other-kid'"):
        verify_detached_jws(sign_body(body, pem, "other-kid"), body, recorded_jwks())


def test_a_signature_with_the_right_kid_but_another_key_does_not_verify():
    # given
    pem, _ = new_rsa_key("ignored")
    body = b'{"__typename": "CheckoutUpdated"}'
    kid = recorded_jwks()["keys"][0]["kid"]

    # when / then
    with pytest.raises(InvalidSignature, match="does not match"):
        verify_detached_jws(sign_body(body, pem, kid), body, recorded_jwks())


def test_a_jwks_changed_in_place_is_read_again():
    # given: the same dict verified once, then given the rotated key in place
    jwks = recorded_jwks()
    hook = recorded_webhooks()[1]
    verify_detached_jws(hook.signature, hook.body, jwks)
    kid = jwks["keys"][0]["kid"]
    pem, rotated = new_rsa_key(kid)
    jwks["keys"][0] = rotated["keys"][0]
    body = b'{"__typename": "CheckoutUpdated"}'

    # when / then: the new key verifies and the old one no longer does
    verify_detached_jws(sign_body(body, pem, kid), body, jwks)
    with pytest.raises(InvalidSignature, match="does not match"):
        verify_detached_jws(hook.signature, hook.body, jwks)


def test_an_attached_jws_is_refused():
    # given: a normal (b64) JWS of the same body
    import jwt
    from tests.fixtures.recordings import recorded_kid, signing_key_pem

    body = b'{"a": 1}'
    token = jwt.api_jws.PyJWS().encode(body, signing_key_pem(), algorithm="RS256",
                                       headers={"kid": recorded_kid()})

    # when / then
    with pytest.raises(InvalidSignature, match="detached JWS"):
        verify_detached_jws(token, body, recorded_jwks())
