from django.core.management.base import BaseCommand
from django.utils import timezone

from saleor_retention.checkouts.retention import purge_snapshots
from saleor_retention.management.commands._installations import (
    add_installation_argument,
    selected_installations,
)


class Command(BaseCommand):
    help = ("Deletes checkout snapshots idle past each store's retention (default 90 days, "
            "when Saleor itself deletes such checkouts). Runs on beat every 6 hours.")

    def add_arguments(self, parser) -> None:
        add_installation_argument(parser)

    def handle(self, *args, **options) -> None:
        total = 0
        for installation in selected_installations(options):
            deleted = batch = purge_snapshots(installation, timezone.now())
            while batch:
                self.stdout.write(f"{installation.saleor_api_url}: {deleted} deleted so far")
                batch = purge_snapshots(installation, timezone.now())
                deleted += batch
            self.stdout.write(f"{installation.saleor_api_url}: {deleted} snapshot(s) deleted")
            total += deleted
        self.stdout.write(f"{total} snapshot(s) deleted in all.")
