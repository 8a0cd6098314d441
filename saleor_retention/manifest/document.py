"""Builds the manifest JSON (https://docs.saleor.io/developer/extending/apps/architecture/manifest)."""

from __future__ import annotations

from saleor_retention import __version__
from saleor_retention.manifest.webhooks import WEBHOOKS

APP_ID = "saleor.app.retention"
APP_NAME = "Cart Recovery"
# The permissions every feature needs: read and restore checkouts, see orders, issue
# discount codes, know returning customers.
PERMISSIONS = ("MANAGE_CHECKOUTS", "MANAGE_ORDERS", "MANAGE_DISCOUNTS", "MANAGE_USERS")
REQUIRED_SALEOR_VERSION = ">=3.20"

PATHS = {
    "manifest": "/api/manifest",
    "register": "/api/register",
    "app": "/app",
    "logo": "/static/logo.png",
    "homepage": "/",
    "privacy": "/privacy",
    "support": "/support",
}


def app_url(public_url: str, name: str) -> str:
    """Returns the absolute URL of one of the app's own pages (a key of PATHS)."""
    return f"{public_url}{PATHS[name]}"


def build_manifest(public_url: str) -> dict:
    """Returns the manifest for an app reachable at ``public_url`` (no trailing slash)."""
    return {
        "id": APP_ID,
        "version": __version__,
        "name": APP_NAME,
        "about": (
            "Brings back shoppers who leave: records abandoned checkouts, sends reminder "
            "emails with the cart and expiring discount codes, stops the moment they buy, "
            "and shows which orders it recovered."
        ),
        "author": "saleor-retention contributors",
        "permissions": list(PERMISSIONS),
        "appUrl": app_url(public_url, "app"),
        "tokenTargetUrl": app_url(public_url, "register"),
        "dataPrivacyUrl": app_url(public_url, "privacy"),
        "homepageUrl": app_url(public_url, "homepage"),
        "supportUrl": app_url(public_url, "support"),
        "requiredSaleorVersion": REQUIRED_SALEOR_VERSION,
        "brand": {"logo": {"default": app_url(public_url, "logo")}},
        "extensions": [],
        "webhooks": [spec.as_manifest_entry(public_url) for spec in WEBHOOKS],
    }
