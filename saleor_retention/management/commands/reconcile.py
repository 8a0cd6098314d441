from datetime import datetime, time, timezone as dt_timezone

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_date

from saleor_retention.checkouts.reconciliation import MAX_PAGES_PER_RUN, reconcile_checkouts
from saleor_retention.management.commands._installations import (
    add_installation_argument,
    selected_installations,
)
from saleor_retention.saleor.errors import SaleorPermissionDenied, SaleorRejected, SaleorUnavailable


class Command(BaseCommand):
    help = ("Compares recently updated checkouts with Saleor and repairs the snapshots that "
            "webhooks missed. Runs every 15 minutes on beat; run it by hand after an outage.")

    def add_arguments(self, parser) -> None:
        add_installation_argument(parser)
        parser.add_argument("--since", metavar="YYYY-MM-DD",
                            help="Start a fresh pass from this date (default: where the last "
                                 "pass ended).")
        parser.add_argument("--max-pages", type=int, default=MAX_PAGES_PER_RUN,
                            help=f"Pages of 100 per store (default {MAX_PAGES_PER_RUN}).")

    def handle(self, *args, **options) -> None:
        since = None
        if options["since"]:
            day = parse_date(options["since"])
            if day is None:
                raise CommandError(f"--since must be a date like 2026-11-01, not {options['since']!r}.")
            since = datetime.combine(day, time.min, tzinfo=dt_timezone.utc)
        if options["max_pages"] < 1:
            raise CommandError("--max-pages must be at least 1.")
        failures = 0
        for installation in selected_installations(options):
            self.stdout.write(f"{installation.saleor_api_url}:")

            def progress(report) -> None:
                self.stdout.write(f"  page {report.pages}: {report.seen} checkouts seen, "
                                  f"{report.repaired} repaired")

            try:
                report = reconcile_checkouts(installation, timezone.now(), since=since,
                                             max_pages=options["max_pages"], progress=progress)
            except (SaleorUnavailable, SaleorPermissionDenied, SaleorRejected) as exc:
                failures += 1
                self.stderr.write(f"  failed: {exc}")
                continue
            state = "complete" if report.complete else "stopped at the page budget; resumes next run"
            self.stdout.write(f"  {state}: {report.seen} seen, {report.repaired} repaired, "
                              f"{report.malformed} skipped as malformed")
        if failures:
            raise SystemExit(1)
