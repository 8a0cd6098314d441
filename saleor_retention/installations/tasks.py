from saleor_retention.celery import app
from saleor_retention.installations.webhook_sync import sync_outdated_installations


@app.task
def sync_outdated_webhooks() -> None:
    """Beat task: after a deploy, brings every store's webhooks up to date, once."""
    sync_outdated_installations()
