from saleor_retention.celery import app
from saleor_retention.installations.webhook_sync import sync_outdated_installations


@app.task
def sync_outdated_webhooks() -> None:
    """Beat task: after a deploy, brings every store's webhooks up to date, once."""
    sync_outdated_installations()


@app.task(bind=True, max_retries=5, default_retry_delay=30)
def sync_installation_webhooks(self, installation_id: int) -> None:
    """Right after an install: confirms the store's webhooks match this version's."""
    from saleor_retention.installations.models import Installation
    from saleor_retention.installations.webhook_sync import sync_webhooks
    from saleor_retention.saleor.errors import SaleorUnavailable

    installation = Installation.objects.active().filter(pk=installation_id).first()
    if installation is None:
        return
    try:
        sync_webhooks(installation)
    except SaleorUnavailable as exc:
        raise self.retry(exc=exc)
