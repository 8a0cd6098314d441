"""Reading a store's settings; every store has them, with defaults until the owner changes
something."""

from __future__ import annotations

from urllib.parse import urlsplit

from saleor_retention.installations.models import Installation
from saleor_retention.stores.models import StoreSettings


def settings_for(installation: Installation) -> StoreSettings:
    """Returns the installation's settings, creating the default row on first use."""
    try:
        return installation.store_settings
    except StoreSettings.DoesNotExist:
        settings, _ = StoreSettings.objects.get_or_create(installation=installation)
        installation.store_settings = settings
        return settings


def forget_cached_settings(installation: Installation) -> None:
    """Makes the next ``settings_for`` read the row again (after an UPDATE elsewhere)."""
    installation._state.fields_cache.pop("store_settings", None)


def storefront_checkout_url(settings: StoreSettings, channel_slug: str) -> str:
    """Returns the channel's checkout URL template (``*`` applies to every channel), or ""."""
    urls = settings.storefront_checkout_urls or {}
    return urls.get(channel_slug) or urls.get("*") or ""


def storefront_home_url(settings: StoreSettings, channel_slug: str = "") -> str:
    """Returns the storefront's home (the origin of its checkout URL), or ""."""
    parts = urlsplit(storefront_checkout_url(settings, channel_slug))
    return f"{parts.scheme}://{parts.netloc}/" if parts.scheme and parts.netloc else ""
