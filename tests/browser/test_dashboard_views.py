"""The shells and bundle files Django serves for the Dashboard pages
(saleor_retention/dashboard/views.py), without a browser."""

import gzip

import pytest

from saleor_retention.dashboard.views import BUNDLE_DIR, bundle_version


@pytest.mark.parametrize(("path", "screen"), [
    ("/dashboard/", "overview"),
    ("/dashboard/order-widget", "order-widget"),
    ("/dashboard/customer", "customer"),
])
def test_each_page_is_a_shell_naming_its_screen(client, path, screen):
    # when
    response = client.get(path)

    # then
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-screen="{screen}"' in body
    assert 'data-api-url="/graphql/"' in body
    assert f'src="/dashboard/bundle/dashboard.js?v={bundle_version("dashboard.js")}"' in body
    assert f'href="/dashboard/bundle/dashboard.css?v={bundle_version("dashboard.css")}"' in body
    assert response["Cache-Control"] == "no-cache"
    assert "X-Frame-Options" not in response


def test_a_bundle_file_with_its_version_is_kept_for_a_year(client):
    # when
    versioned = client.get(f"/dashboard/bundle/dashboard.js?v={bundle_version('dashboard.js')}")
    stale = client.get("/dashboard/bundle/dashboard.js?v=0000")

    # then
    assert (versioned.status_code, versioned["Content-Type"]) == (200, "text/javascript")
    assert versioned["Cache-Control"] == "public, max-age=31536000, immutable"
    assert stale["Cache-Control"] == "no-cache"
    assert versioned.content == stale.content


def test_a_bundle_file_goes_compressed_to_a_browser_that_takes_gzip(client):
    # given
    plain_bytes = (BUNDLE_DIR / "dashboard.js").read_bytes()

    # when
    compressed = client.get("/dashboard/bundle/dashboard.js",
                            HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    plain = client.get("/dashboard/bundle/dashboard.js", HTTP_ACCEPT_ENCODING="identity")

    # then
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain_bytes
    assert len(compressed.content) < len(plain_bytes) / 2
    assert "Content-Encoding" not in plain
    assert plain.content == plain_bytes
    assert compressed["Vary"] == plain["Vary"] == "Accept-Encoding"


@pytest.mark.parametrize("name", ["logo.png", "..%2Fsettings.py", "dashboard.js.map"])
def test_only_the_bundle_files_are_served(client, name):
    # when
    response = client.get(f"/dashboard/bundle/{name}")

    # then
    assert response.status_code == 404


def test_a_page_is_only_read(client):
    # when
    response = client.post("/dashboard/")

    # then
    assert response.status_code == 405
