from django.utils import timezone

from saleor_retention.celery import app
from saleor_retention.chains import scheduler

# One beat run sends for at most this long, then hands over to a fresh task, so a backlog
# spreads over the workers instead of pinning one.
SEND_BUDGET_SECONDS = 20.0


@app.task
def send_due_reminders() -> dict:
    """Beat task (and its own continuation): claims and sends due reminders."""
    outcomes = scheduler.send_due_reminders(timezone.now, SEND_BUDGET_SECONDS)
    if outcomes.get("more"):
        send_due_reminders.delay()
    return dict(outcomes)


@app.task
def sweep_reminders() -> dict:
    """Beat task: re-plans claims of dead workers, marks interrupted sends uncertain."""
    now = timezone.now()
    return {"released": scheduler.release_expired_claims(now),
            "uncertain": scheduler.mark_uncertain(now)}
