"""The Celery application. Workers: ``celery -A saleor_retention worker``; the single
scheduler: ``celery -A saleor_retention beat``."""

import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_retention.settings")

app = Celery("saleor_retention")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(
    ["saleor_retention.health", "saleor_retention.webhooks", "saleor_retention.installations",
     "saleor_retention.checkouts", "saleor_retention.chains", "saleor_retention.discounts",
     "saleor_retention.api"]
)


@worker_init.connect
@beat_init.connect
def _refuse_to_start_misconfigured(**kwargs) -> None:
    from saleor_retention.checks import fail_on_configuration_errors

    fail_on_configuration_errors()
