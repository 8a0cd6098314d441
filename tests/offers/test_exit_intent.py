"""The exit-intent offer's code is held by its checkout, within a 64-character holder (the
offer itself is tested through the API in tests/api/test_storefront_offer.py)."""

import base64

from saleor_retention.offers.exit_intent import offer_holder


def test_a_checkouts_offer_is_held_by_its_uuid():
    # given: Saleor's id of a checkout (api/024), 60 characters
    checkout_id = "Q2hlY2tvdXQ6N2IyOTJiZDQtZWI2Ny00NWJiLTg0ZmQtNTFlYjI0ZmNhNjQw"

    # when
    holder = offer_holder(checkout_id)

    # then
    assert holder == "offer:7b292bd4-eb67-45bb-84fd-51eb24fca640"


def test_an_id_of_another_shape_is_hashed_to_fit():
    # given
    ids = ["not base64!", base64.b64encode(b"Order:1").decode(),
           base64.b64encode(b"Checkout:" + b"x" * 80).decode()]

    # when
    holders = [offer_holder(value) for value in ids]

    # then
    assert [(holder[:6], len(holder)) for holder in holders] == [("offer:", 54)] * 3
    assert len(set(holders)) == 3
