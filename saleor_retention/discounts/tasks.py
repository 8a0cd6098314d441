from django.utils import timezone

from saleor_retention.celery import app
from saleor_retention.discounts import expiry


@app.task
def expire_codes() -> int:
    """Beat task (every 30 s): codes past their expiry are deleted from Saleor."""
    return expiry.expire_codes(timezone.now())


@app.task
def clean_up_codes() -> dict:
    """Beat task (hourly): codes never handed out and finished vouchers are deleted."""
    return expiry.clean_up(timezone.now())
