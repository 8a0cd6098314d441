"""Quiet hours: no reminder lands at night in the shopper's own time zone.

The zone comes from the checkout's address country, else the channel's default country,
else the store's default zone. The IANA table (``zone.tab`` from the ``tzdata`` package)
maps a country to its zones; a few countries span several, and for them the most
populous zone is used (listed below), since a quiet window of many hours absorbs the rest."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import lru_cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# zone.tab lists a country's zones in no population order; these are where most people live.
MOST_POPULOUS_ZONE = {
    "AR": "America/Argentina/Buenos_Aires", "AU": "Australia/Sydney", "BR": "America/Sao_Paulo",
    "CA": "America/Toronto", "CL": "America/Santiago", "CN": "Asia/Shanghai", "CD": "Africa/Kinshasa",
    "DE": "Europe/Berlin", "EC": "America/Guayaquil", "ES": "Europe/Madrid", "GL": "America/Nuuk",
    "ID": "Asia/Jakarta", "KZ": "Asia/Almaty", "MN": "Asia/Ulaanbaatar", "MX": "America/Mexico_City",
    "MY": "Asia/Kuala_Lumpur", "NZ": "Pacific/Auckland", "PT": "Europe/Lisbon", "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv", "US": "America/New_York", "UZ": "Asia/Tashkent",
}


@lru_cache(maxsize=1)
def _first_zone_by_country() -> dict[str, str]:
    table = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text()
    zones: dict[str, str] = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            country, _coordinates, zone = line.split("\t")[:3]
            zones.setdefault(country, zone)
    return zones


def zone_for_country(country: str) -> ZoneInfo | None:
    """Returns the time zone most shoppers of ``country`` (ISO 3166 alpha-2) live in."""
    country = (country or "").upper()
    name = MOST_POPULOUS_ZONE.get(country) or _first_zone_by_country().get(country)
    return ZoneInfo(name) if name else None


def shopper_zone(countries: tuple[str, ...], default_zone: str) -> ZoneInfo:
    """Returns the zone of the first known country, else ``default_zone``, else UTC."""
    for country in countries:
        zone = zone_for_country(country)
        if zone is not None:
            return zone
    try:
        return ZoneInfo(default_zone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _is_quiet(local: time, start: time, end: time) -> bool:
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end  # the window crosses midnight


def quiet_until(now: datetime, zone: ZoneInfo, start: time, end: time) -> datetime | None:
    """Returns when quiet hours end if ``now`` falls inside them in ``zone``; else None."""
    local = now.astimezone(zone)
    if not _is_quiet(local.time(), start, end):
        return None
    opening = datetime.combine(local.date(), end, tzinfo=zone)
    if opening <= local:
        opening = datetime.combine(local.date() + timedelta(days=1), end, tzinfo=zone)
    return opening.astimezone(now.tzinfo)
