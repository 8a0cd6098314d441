"""The welcome code is held by the address, within a 64-character holder and without the
address itself (the capture is tested through the API in tests/api/test_storefront_email.py)."""

import pytest

from saleor_retention.offers.email_capture import clean_email, welcome_holder
from saleor_retention.offers.errors import InvalidEmail


def test_an_address_holds_one_welcome_code_whatever_its_case():
    # given
    long_address = "a" * 64 + "@" + "b" * 180 + ".com"

    # when
    holders = {welcome_holder("Visitor@Example.com"), welcome_holder("visitor@example.com")}

    # then
    assert len(holders) == 1
    assert len(welcome_holder(long_address)) == 56
    assert "visitor" not in holders.pop()


@pytest.mark.parametrize("address", ["", "visitor", "visitor@", "@example.com",
                                     "a" * 250 + "@example.com"])
def test_what_is_not_an_address_is_refused(address):
    # given / when / then
    with pytest.raises(InvalidEmail):
        clean_email(address)


def test_surrounding_spaces_are_dropped():
    # given / when
    address = clean_email("  visitor@example.com\n")

    # then
    assert address == "visitor@example.com"
