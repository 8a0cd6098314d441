"""Finding the installation a webhook comes from, fast.

Each web process keeps the installations it has seen for a few seconds: the lookup was half
the cost of a webhook. A store deactivated or re-keyed in another process is therefore seen
here at most CACHE_SECONDS later; a failing signature re-reads the row at once."""

from __future__ import annotations

import time

from saleor_retention.installations.models import Installation

# Short enough that an uninstalled store stops being served within seconds everywhere.
CACHE_SECONDS = 5.0
_cache: dict[str, tuple[float, Installation]] = {}


def active_installation(api_url: str, fresh: bool = False) -> Installation | None:
    """Returns the active installation for ``api_url`` (with its store settings), or None.
    ``fresh`` skips the process cache."""
    now = time.monotonic()
    cached = None if fresh else _cache.get(api_url)
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    installation = (Installation.objects.active().select_related("store_settings")
                    .filter(saleor_api_url=api_url).first())
    if installation is None:
        _cache.pop(api_url, None)
    else:
        _cache[api_url] = (now, installation)
    return installation


def forget_installation(api_url: str) -> None:
    """Drops one store from this process's cache (after it was changed here)."""
    _cache.pop(api_url, None)


def forget_installations() -> None:
    """Empties this process's cache (tests, and after local changes to installations)."""
    _cache.clear()
