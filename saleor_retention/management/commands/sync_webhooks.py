from django.core.management.base import BaseCommand

from saleor_retention.installations.models import Installation
from saleor_retention.installations.webhook_sync import (
    SyncResult,
    outdated_installations,
    sync_installations,
)


class Command(BaseCommand):
    help = ("Brings every installed store's webhooks up to date with this version of the app "
            "(Saleor reads the manifest's webhooks only at install). Run it on deploy.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true",
                            help="Sync every active installation, not only outdated ones.")

    def handle(self, *args, **options) -> None:
        if options["all"]:
            installations = Installation.objects.active().order_by("pk")
        else:
            installations = outdated_installations()
            self.stdout.write(f"{installations.count()} installation(s) to bring up to date.")
        outcomes = sync_installations(installations)
        failures = 0
        for api_url, outcome in outcomes.items():
            if isinstance(outcome, SyncResult):
                self.stdout.write(f"{api_url}: created {len(outcome.created)}, updated "
                                  f"{len(outcome.updated)}, deleted {len(outcome.deleted)}")
            else:
                failures += 1
                self.stderr.write(f"{api_url}: failed: {outcome}")
        if failures:
            raise SystemExit(1)
