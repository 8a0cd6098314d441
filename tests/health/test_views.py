from datetime import timedelta

from django.utils import timezone

from saleor_retention.health.checks import record_tick


def test_health_is_ok_when_database_broker_and_beat_are_well(client, db):
    # given
    record_tick()

    # when
    response = client.get("/health")

    # then
    body = response.json()
    assert response.status_code == 200
    assert body["ok"] is True
    assert body["database"] == {"ok": True, "vendor": "postgresql"}
    assert body["broker"] == {"ok": True, "transport": "redis"}
    assert body["beat"]["ok"] is True


def test_health_is_503_when_beat_has_not_ticked_lately(client, db):
    # given
    record_tick(timezone.now() - timedelta(minutes=5))

    # when
    response = client.get("/health")

    # then
    assert response.status_code == 503
    assert response.json()["beat"]["ok"] is False
    assert response.json()["beat"]["age_seconds"] >= 300


def test_health_is_503_before_the_first_beat_tick(client, db):
    # when
    response = client.get("/health")

    # then
    assert response.status_code == 503
    assert response.json()["beat"] == {"ok": False, "last_tick": None,
                                       "error": "no beat tick recorded yet"}


def test_health_is_503_when_the_broker_is_unreachable(client, db, settings):
    # given: a broker address nobody listens on
    record_tick()
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    # when
    response = client.get("/health")

    # then
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
    assert response.json()["database"]["ok"] is True
