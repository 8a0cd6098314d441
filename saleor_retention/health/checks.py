"""The health report: each part answers ok or not, with a reason."""

from __future__ import annotations

from datetime import timedelta

from kombu import Connection
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from saleor_retention.health.models import BeatTick

HEARTBEAT = "heartbeat"
# The beat sends a tick every 30 s; four missed ticks mean beat or every worker is down.
BEAT_TICK_MAX_AGE = timedelta(minutes=2)
BROKER_TIMEOUT_SECONDS = 2


def record_tick(now=None) -> None:
    BeatTick.objects.update_or_create(name=HEARTBEAT, defaults={"ticked_at": now or timezone.now()})


def database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "vendor": connection.vendor}


def broker_status() -> dict:
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT_SECONDS,
                        transport_options=getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS",
                                                  {})) as conn:
            conn.ensure_connection(max_retries=1, timeout=BROKER_TIMEOUT_SECONDS)
            transport = conn.transport.driver_type
    except Exception as exc:  # noqa: BLE001  (each kombu transport raises its own errors)
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "transport": transport}


def beat_status(now=None) -> dict:
    now = now or timezone.now()
    try:
        tick = BeatTick.objects.filter(name=HEARTBEAT).first()
    except DatabaseError:
        return {"ok": False, "error": "database unavailable"}
    if tick is None:
        return {"ok": False, "last_tick": None, "error": "no beat tick recorded yet"}
    age = (now - tick.ticked_at).total_seconds()
    return {
        "ok": age <= BEAT_TICK_MAX_AGE.total_seconds(),
        "last_tick": tick.ticked_at.isoformat(),
        "age_seconds": round(age, 1),
    }


def health_report() -> dict:
    """Returns {"ok": bool, "database": {...}, "broker": {...}, "beat": {...}}."""
    report = {"database": database_status(), "broker": broker_status(), "beat": beat_status()}
    report["ok"] = all(part["ok"] for part in report.values())
    return report
