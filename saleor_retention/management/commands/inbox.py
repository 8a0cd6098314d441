from django.core.management.base import BaseCommand
from django.db.models import Count

from saleor_retention.webhooks.inbox import retry_failed_events
from saleor_retention.webhooks.models import WebhookEvent


class Command(BaseCommand):
    help = "Shows the webhook inbox: counts by state and the failed events with their errors."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--retry-failed", action="store_true",
                            help="Put failed events back in the queue with a fresh budget.")

    def handle(self, *args, **options) -> None:
        if options["retry_failed"]:
            self.stdout.write(f"{retry_failed_events()} failed event(s) queued again.")
        counts = dict(WebhookEvent.objects.values_list("state").annotate(n=Count("pk")))
        for state in WebhookEvent.State.values:
            self.stdout.write(f"{state}: {counts.get(state, 0)}")
        failed = WebhookEvent.objects.filter(state=WebhookEvent.State.FAILED).select_related(
            "installation").order_by("-received_at")[:50]
        for event in failed:
            self.stdout.write(f"#{event.pk} {event.event_type} {event.installation.saleor_api_url} "
                              f"received {event.received_at:%Y-%m-%d %H:%M:%S} attempts "
                              f"{event.attempts}: {event.last_error}")
