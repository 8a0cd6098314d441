"""Who may call the API: the Saleor Dashboard token, checked against the store's JWKS."""

import pytest

from saleor_retention.management.commands.export_schema import SCHEMA_FILE, printed_schema
from tests.fixtures.api import graphql, permission_denied, refused_callers, staff_headers
from tests.fixtures.checkouts import make_store

SETTINGS = "{ retentionSettings { shopName senderEmail frequencyCapHours } }"


def test_the_right_token_reads_its_own_stores_settings(db, client):
    # given
    store = make_store()
    make_store(shop_name="Another Shop")

    # when
    answer = graphql(client, SETTINGS, **staff_headers(store, ["MANAGE_CHECKOUTS"]))

    # then
    assert answer == {"data": {"retentionSettings": {
        "shopName": "Example Shop", "senderEmail": "", "frequencyCapHours": 16.0}}}


@pytest.mark.parametrize("case", ["no token", "another app", "another Saleor", "expired",
                                  "missing permission", "not a Dashboard token"])
def test_every_other_caller_is_refused(db, client, case):
    # given
    store = make_store()

    # when
    answer = graphql(client, SETTINGS, **refused_callers(store, "MANAGE_CHECKOUTS")[case])

    # then
    assert permission_denied(answer)
    assert answer["data"] is None


def test_a_token_of_one_store_cannot_read_another(db, client):
    # given: store B's Saleor-Api-Url with store A's token (same lab key, other issuer)
    store_a, store_b = make_store(), make_store()
    headers = staff_headers(store_a)
    headers["HTTP_SALEOR_API_URL"] = store_b.saleor_api_url

    # when
    answer = graphql(client, SETTINGS, **headers)

    # then
    assert permission_denied(answer)


def test_the_committed_schema_is_the_codes_schema():
    # given / when
    committed = SCHEMA_FILE.read_text()

    # then: after a change, run `saleor-retention export_schema` and commit the file
    assert committed == printed_schema()


def test_storefronts_on_other_origins_may_call(db, client):
    # given / when
    response = client.options("/graphql/", HTTP_ORIGIN="https://shop.example.com",
                              HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST")

    # then
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Saleor-Api-Url" in response["Access-Control-Allow-Headers"]
