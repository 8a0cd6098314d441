"""Small helpers shared by the family modules to read payload fields strictly."""

from __future__ import annotations

from datetime import datetime

from django.utils.dateparse import parse_datetime

from saleor_retention.webhooks.errors import MalformedWebhook


def require_object(payload: dict, key: str) -> dict:
    """Returns ``payload[key]`` when it is an object with a string ``id``; raises
    MalformedWebhook otherwise."""
    value = payload.get(key)
    if not isinstance(value, dict) or not isinstance(value.get("id"), str) or not value["id"]:
        raise MalformedWebhook(f"The body has no {key} with an id.")
    return value


def optional_text(data: dict, key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedWebhook(f"{key} must be a string.")
    return value


def optional_datetime(data: dict, key: str) -> datetime | None:
    value = optional_text(data, key)
    if value is None:
        return None
    parsed = parse_datetime(value)
    if parsed is None:
        raise MalformedWebhook(f"{key} is not a date and time: {value!r}.")
    return parsed
