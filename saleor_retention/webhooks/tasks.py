from saleor_retention.celery import app
from saleor_retention.webhooks import inbox


@app.task(bind=True, max_retries=None)
def process_webhook_event(self, event_id: int) -> str:
    """Processes one inbox event; on a passing failure Celery retries it after the backoff
    the inbox recorded."""
    outcome = inbox.process_event(event_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in.total_seconds())
    return outcome.state


@app.task
def redeliver_stalled_events() -> int:
    """Beat task: sends again the pending events whose Celery message was lost."""
    event_ids = inbox.stalled_event_ids()
    for event_id in event_ids:
        process_webhook_event.delay(event_id)
    return len(event_ids)


@app.task
def purge_processed_events() -> int:
    """Beat task: deletes processed payloads past their retention."""
    return inbox.purge_processed_events()
