"""The Dashboard pages: an HTML shell that names its screen and loads the bundle, and the
bundle's two files. The shell holds no data and checks nobody; the API does (api/auth.py)."""

from __future__ import annotations

import gzip
import hashlib
from functools import lru_cache
from pathlib import Path

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from saleor_retention.config import get_config
from saleor_retention.manifest.document import APP_NAME, app_url

BUNDLE_DIR = Path(__file__).resolve().parents[1] / "static" / "dashboard"
BUNDLE_FILES = {"dashboard.js": "text/javascript", "dashboard.css": "text/css"}
# A bundle URL carries the file's hash, so browsers may keep it for a year; a new build is a
# new URL.
VERSIONED_MAX_AGE = 365 * 24 * 3600


@lru_cache(maxsize=8)
def _hash_of(path: Path, modified_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


@lru_cache(maxsize=8)
def _contents_of(path: Path, modified_ns: int) -> tuple[bytes, bytes]:
    """Returns the file's bytes and their gzip; compressed once per build, not per request
    (the script is about 1 MB, 0.3 MB compressed)."""
    contents = path.read_bytes()
    return contents, gzip.compress(contents, compresslevel=9, mtime=0)


def bundle_version(name: str) -> str:
    """Returns a short hash of the built file ``name`` (one of BUNDLE_FILES); a rebuild while
    the server runs gives a new one."""
    path = BUNDLE_DIR / name
    return _hash_of(path, path.stat().st_mtime_ns)


def bundle_url(name: str) -> str:
    return f"{reverse('dashboard-bundle', args=[name])}?v={bundle_version(name)}"


def page_view(screen: str):
    """Returns a GET view rendering the shell of ``screen`` (a screen name of the bundle)."""

    @require_GET
    def page(request: HttpRequest) -> HttpResponse:
        response = render(request, "saleor_retention/dashboard/page.html", {
            "app_name": APP_NAME,
            "screen": screen,
            "api_url": reverse("graphql"),
            "manifest_url": app_url(get_config().public_url, "manifest"),
            "script_url": bundle_url("dashboard.js"),
            "style_url": bundle_url("dashboard.css"),
        })
        response["Cache-Control"] = "no-cache"
        return response

    return page


def _accepts_gzip(request: HttpRequest) -> bool:
    return any(coding.split(";")[0].strip() == "gzip"
               for coding in request.headers.get("Accept-Encoding", "").split(","))


@require_GET
def bundle(request: HttpRequest, name: str) -> HttpResponse:
    if name not in BUNDLE_FILES:
        raise Http404("No such file.")
    path = BUNDLE_DIR / name
    plain, compressed = _contents_of(path, path.stat().st_mtime_ns)
    if _accepts_gzip(request):
        response = HttpResponse(compressed, content_type=BUNDLE_FILES[name])
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(plain, content_type=BUNDLE_FILES[name])
    patch_vary_headers(response, ["Accept-Encoding"])
    if request.GET.get("v") == bundle_version(name):
        response["Cache-Control"] = f"public, max-age={VERSIONED_MAX_AGE}, immutable"
    else:
        response["Cache-Control"] = "no-cache"
    return response
