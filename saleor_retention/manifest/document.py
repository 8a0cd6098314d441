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
    "app": "/dashboard/",  # the "Cart recovery" page (installs before 0.2 opened /app)
    "logo": "/static/logo.png",
    "homepage": "/",
    "privacy": "/privacy",
    "support": "/support",
    "order_widget": "/dashboard/order-widget",
    "customer_action": "/dashboard/customer",
}
# Widgets on detail pages arrived in Saleor 3.22; older Dashboards refuse the WIDGET target.
WIDGETS_SINCE = (3, 22)


def app_url(public_url: str, name: str) -> str:
    """Returns the absolute URL of one of the app's own pages (a key of PATHS)."""
    return f"{public_url}{PATHS[name]}"


def extensions(public_url: str, schema_version: tuple[int, int] | None) -> list[dict]:
    """Returns the Dashboard extensions: the "Cart recovery" page under Customers, an action
    on the customer page and, where the Dashboard has widgets, one on the order page.

    Saleor gives an extension's page a token with exactly the extension's permissions, and
    shows it only to staff holding them all, so each declares what its page's operations
    need (tests/manifest/test_extension_permissions.py): the page edits discount policies and
    suppresses addresses; the customer action suppresses addresses too. MANAGE_USERS hides
    nothing: the Customers section and the customer page need it already."""
    found = [
        {"label": "Cart recovery", "mount": "NAVIGATION_CUSTOMERS", "target": "APP_PAGE",
         "permissions": ["MANAGE_CHECKOUTS", "MANAGE_DISCOUNTS", "MANAGE_USERS"],
         "url": app_url(public_url, "app")},
        {"label": "Abandoned checkouts", "mount": "CUSTOMER_DETAILS_MORE_ACTIONS",
         "target": "POPUP", "permissions": ["MANAGE_CHECKOUTS", "MANAGE_USERS"],
         "url": app_url(public_url, "customer_action")},
    ]
    if schema_version is not None and schema_version >= WIDGETS_SINCE:
        # The order page needs MANAGE_ORDERS already; the widget reads recovered orders.
        found.append({"label": "Cart recovery", "mount": "ORDER_DETAILS_WIDGETS",
                      "target": "WIDGET", "permissions": ["MANAGE_CHECKOUTS"],
                      "url": app_url(public_url, "order_widget")})
    return found


def schema_version_of(header: str) -> tuple[int, int] | None:
    """Returns (major, minor) of a ``Saleor-Schema-Version`` header such as "3.23"."""
    parts = header.strip().split(".")
    if len(parts) < 2 or not all(part.isdigit() for part in parts[:2]):
        return None
    return int(parts[0]), int(parts[1])


def build_manifest(public_url: str, schema_version: tuple[int, int] | None = None) -> dict:
    """Returns the manifest for an app reachable at ``public_url`` (no trailing slash), for
    a Saleor of ``schema_version`` (from its manifest request)."""
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
        "extensions": extensions(public_url, schema_version),
        "webhooks": [spec.as_manifest_entry(public_url) for spec in WEBHOOKS],
    }
