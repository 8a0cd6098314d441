from django.utils import timezone

from saleor_retention.api.ratelimit import forget_old_windows
from saleor_retention.celery import app


@app.task
def forget_rate_limit_windows() -> int:
    """Beat task (hourly): drops the counters of windows long past."""
    return forget_old_windows(timezone.now())
