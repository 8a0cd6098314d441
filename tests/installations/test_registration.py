import json
import socket

import pytest

from saleor_retention.installations.models import Installation
from tests.fixtures.recordings import SHARED_SALEOR, recorded_call, recorded_jwks

REGISTER = "/api/register"


def register(client, api_url, token, **extra):
    headers = {"HTTP_SALEOR_API_URL": api_url, "HTTP_SALEOR_DOMAIN": "shop.test"}
    headers.update(extra)
    return client.post(REGISTER, data={"auth_token": token}, content_type="application/json",
                       **{key: value for key, value in headers.items() if value is not None})


def test_a_valid_installation_is_stored_with_its_token_encrypted(client, fake_saleor, db):
    # given
    token = fake_saleor.issue_token()

    # when
    response = register(client, fake_saleor.api_url, token)

    # then
    assert (response.status_code, response.json()) == (200, {"success": True})
    installation = Installation.objects.get()
    assert (installation.saleor_api_url, installation.app_id, installation.saleor_domain) == (
        fake_saleor.api_url, "QXBwOjE=", "shop.test")
    assert installation.token == token
    assert token not in installation.encrypted_token
    assert installation.jwks == recorded_jwks()
    assert installation.is_active is True
    assert fake_saleor.root_fields() == ["app"]
    assert fake_saleor.jwks_fetches == 1


def test_a_new_store_gets_the_forgotten_cart_chain_and_a_reinstall_keeps_its_own(
        client, fake_saleor, db):
    # given
    register(client, fake_saleor.api_url, fake_saleor.issue_token())
    chain = Installation.objects.get().chains.get()
    chain.name = "My chain"
    chain.save()

    # when: the store reinstalls the app
    register(client, fake_saleor.api_url, fake_saleor.issue_token())

    # then
    chain = Installation.objects.get().chains.get()
    steps = [(step.position, step.delay.total_seconds() / 3600, step.template,
              step.discount_policy.name if step.discount_policy else None)
             for step in chain.steps.all()]
    assert (chain.name, chain.is_enabled, chain.abandon_after.total_seconds()) == (
        "My chain", True, 3600)
    assert steps == [(1, 1, "first_reminder", None), (2, 24, "follow_up", None),
                     (3, 48, "last_chance", "10% for 24 hours")]


def test_a_disallowed_saleor_is_refused_before_any_call(client, fake_saleor, db, settings):
    # given: a Saleor that is not on the allowlist
    api_url = fake_saleor.api_url.replace("127.0.0.1", "evil.example.com")

    # when
    response = register(client, api_url, fake_saleor.issue_token())

    # then
    assert response.status_code == 403
    assert response.json()["error"]["message"] == (
        f"This app does not accept installations from {api_url}. Ask its operator to add the "
        "URL to SALEOR_API_URL_ALLOWLIST.")
    assert fake_saleor.calls == []
    assert Installation.objects.count() == 0


def test_a_token_of_another_app_is_refused(client, fake_saleor, db):
    # given: the token belongs to the recorded lab app (api/073)
    fake_saleor.app_identifier = recorded_call("X1-APP-query-app-self")["response"]["data"][
        "app"]["identifier"]

    # when
    response = register(client, fake_saleor.api_url, fake_saleor.issue_token())

    # then
    assert response.status_code == 403
    assert response.json()["error"]["message"] == (
        "The token belongs to another app ('lab.capture-app'), not saleor.app.retention.")
    assert Installation.objects.count() == 0


def test_a_token_saleor_does_not_know_is_refused(client, fake_saleor, db):
    # when
    response = register(client, fake_saleor.api_url, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")

    # then
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Saleor did not accept the app token."
    assert Installation.objects.count() == 0


def test_an_unreachable_saleor_is_refused_with_a_message(client, db):
    # given: a loopback port nobody listens on
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    api_url = f"http://127.0.0.1:{port}/graphql/"

    # when
    response = register(client, api_url, "BzicKUznoHg0QIAwoAYOeEnrVnDoWU")

    # then
    assert response.status_code == 502
    assert response.json()["error"]["message"] == (
        f"The app could not reach Saleor at {api_url} to confirm the installation: Could not "
        f"reach Saleor at {api_url}: ConnectError.")
    assert Installation.objects.count() == 0


def test_installing_again_replaces_the_installation(client, fake_saleor, db):
    # given
    register(client, fake_saleor.api_url, fake_saleor.issue_token())
    fake_saleor.app_id = "QXBwOjI="
    new_token = fake_saleor.issue_token()

    # when
    response = register(client, fake_saleor.api_url, new_token)

    # then
    assert response.status_code == 200
    installation = Installation.objects.get()
    assert (installation.app_id, installation.token) == ("QXBwOjI=", new_token)


@pytest.mark.parametrize("body, message", [
    (b"not json", "The installation request is not JSON."),
    (b'{"token": "x"}', "The installation request has no auth_token."),
    (b'["x"]', "The installation request has no auth_token."),
])
def test_a_malformed_request_is_refused(client, fake_saleor, db, body, message):
    # when
    response = client.post(REGISTER, data=body, content_type="application/json",
                           HTTP_SALEOR_API_URL=fake_saleor.api_url)

    # then
    assert (response.status_code, response.json()["error"]["message"]) == (400, message)
    assert fake_saleor.calls == []
    assert Installation.objects.count() == 0


def test_a_request_without_api_url_is_refused(client, fake_saleor, db):
    # when
    response = register(client, None, fake_saleor.issue_token(), HTTP_SALEOR_API_URL=None)

    # then
    assert (response.status_code, response.json()["error"]["message"]) == (
        400, "The request has no Saleor-Api-Url header.")
    assert fake_saleor.calls == []


def test_the_recorded_registration_request_installs_the_app(client, fake_saleor, db):
    # given: the request Saleor really sent (requests/register.json), aimed at the fake Saleor
    recorded = json.loads((SHARED_SALEOR / "requests" / "register.json").read_text())
    fake_saleor.valid_tokens.add(recorded["body_json"]["auth_token"])
    headers = dict(recorded["headers"])

    # when
    response = client.post(REGISTER, data=recorded["body_raw"], content_type="application/json",
                           HTTP_SALEOR_API_URL=fake_saleor.api_url,
                           HTTP_SALEOR_DOMAIN=headers["Saleor-Domain"],
                           HTTP_SALEOR_SCHEMA_VERSION=headers["Saleor-Schema-Version"])

    # then
    assert response.status_code == 200
    installation = Installation.objects.get()
    assert (installation.token, installation.saleor_domain) == (
        recorded["body_json"]["auth_token"], "127.0.0.1:8000")
