import json
import struct
from urllib.parse import urlsplit

from saleor_retention.manifest.document import APP_ID, PERMISSIONS
from tests.fixtures.fake_saleor import enum_values, manifest_errors, subscription_event_types
from tests.fixtures.recordings import SHARED_SALEOR


PRODUCT_EVENTS = {
    "CHECKOUT_CREATED", "CHECKOUT_UPDATED", "CHECKOUT_FULLY_PAID", "ORDER_CREATED",
    "ORDER_FULLY_PAID", "ORDER_CANCELLED", "CUSTOMER_CREATED", "CUSTOMER_UPDATED",
    "CUSTOMER_DELETED", "APP_DELETED",
}


def get_manifest(client):
    headers = dict(json.loads((SHARED_SALEOR / "requests" / "manifest-fetch.json").read_text())[
        "headers"])
    return client.get("/api/manifest", HTTP_SALEOR_SCHEMA_VERSION=headers["Saleor-Schema-Version"])


def test_the_manifest_is_one_saleor_accepts(client, db):
    # when
    response = get_manifest(client)

    # then
    assert response.status_code == 200
    manifest = response.json()
    assert manifest_errors(manifest) == []
    assert (manifest["id"], manifest["requiredSaleorVersion"]) == (APP_ID, ">=3.20")
    assert manifest["permissions"] == list(PERMISSIONS)
    assert set(manifest["permissions"]) <= enum_values("PermissionEnum")
    for key in ("name", "version", "about", "author", "appUrl", "tokenTargetUrl",
                "dataPrivacyUrl", "homepageUrl", "supportUrl"):
        assert manifest[key], key


def test_the_manifest_subscribes_to_exactly_the_events_the_product_needs(client, db):
    # when
    webhooks = get_manifest(client).json()["webhooks"]

    # then
    events = [event for webhook in webhooks for event in webhook["asyncEvents"]]
    assert sorted(events) == sorted(PRODUCT_EVENTS)
    assert set(events) <= enum_values("WebhookEventTypeAsyncEnum")
    for webhook in webhooks:
        assert subscription_event_types(webhook["query"]) == set(webhook["asyncEvents"])


def test_every_url_in_the_manifest_is_answered_without_a_redirect(client, db):
    # given
    manifest = get_manifest(client).json()
    urls = [manifest[key] for key in ("appUrl", "dataPrivacyUrl", "homepageUrl", "supportUrl")]
    urls.append(manifest["brand"]["logo"]["default"])

    # when
    statuses = {url: client.get(urlsplit(url).path).status_code for url in urls}
    posts = {url: client.post(urlsplit(url).path, data=b"{}", content_type="application/json")
             .status_code for url in [manifest["tokenTargetUrl"]] + [
                 hook["targetUrl"] for hook in manifest["webhooks"]]}

    # then: GET pages answer 200; POST endpoints answer (refuse, unsigned) but never redirect
    assert statuses == {url: 200 for url in urls}
    assert set(posts.values()) == {400, 401}
    assert all(urlsplit(url).netloc == "retention.test" for url in urls + list(posts))


def test_the_logo_is_a_256_pixel_square_png(client, db):
    # when
    response = client.get("/static/logo.png")

    # then
    data = b"".join(response.streaming_content)
    assert response["Content-Type"] == "image/png"
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (256, 256)


def test_a_manifest_with_a_bad_permission_or_event_would_be_refused():
    # given: the fake Saleor's checks are those recorded in api/006 and api/007
    manifest = {"id": "x", "name": "x", "version": "1", "tokenTargetUrl": "https://a.test/r",
                "permissions": ["MANAGE_EVERYTHING"],
                "webhooks": [{"asyncEvents": ["NOT_AN_EVENT"], "targetUrl": "https://a.test/w",
                              "query": "subscription { event { __typename } }"}]}

    # when
    errors = manifest_errors(manifest)

    # then
    assert [(error["field"], error["code"]) for error in errors] == [
        ("permissions", "INVALID_PERMISSION"), ("webhooks", "INVALID"), ("webhooks", "INVALID")]


def test_the_dashboard_extensions_are_where_staff_look(client, db):
    # given / when: Saleor 3.23 asks, as recorded (requests/manifest-fetch.json)
    extensions = get_manifest(client).json()["extensions"]
    older = client.get("/api/manifest", HTTP_SALEOR_SCHEMA_VERSION="3.21").json()["extensions"]

    # then: a page under Customers, an action on the customer page, a widget on the order
    assert [(e["label"], e["mount"], e["target"], e["permissions"], urlsplit(e["url"]).path)
            for e in extensions] == [
        ("Cart recovery", "NAVIGATION_CUSTOMERS", "APP_PAGE",
         ["MANAGE_CHECKOUTS", "MANAGE_DISCOUNTS", "MANAGE_USERS"], "/dashboard/"),
        ("Abandoned checkouts", "CUSTOMER_DETAILS_MORE_ACTIONS", "POPUP",
         ["MANAGE_CHECKOUTS", "MANAGE_USERS"], "/dashboard/customer"),
        ("Cart recovery", "ORDER_DETAILS_WIDGETS", "WIDGET", ["MANAGE_CHECKOUTS"],
         "/dashboard/order-widget")]
    assert [e["mount"] for e in older] == ["NAVIGATION_CUSTOMERS",
                                           "CUSTOMER_DETAILS_MORE_ACTIONS"]
