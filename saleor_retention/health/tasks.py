from saleor_retention.celery import app
from saleor_retention.health.checks import record_tick


@app.task
def record_beat_tick() -> None:
    """Beat task every 30 s; the health endpoint reports how long ago it last ran."""
    record_tick()
