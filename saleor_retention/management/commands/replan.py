from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from saleor_retention.chains.models import Chain
from saleor_retention.chains.planning import chain_changed
from saleor_retention.management.commands._installations import (
    add_installation_argument,
    selected_installations,
)


class Command(BaseCommand):
    help = ("Re-plans the pending reminders of running chains after chain changes made "
            "outside the app's API (the API re-plans by itself).")

    def add_arguments(self, parser) -> None:
        add_installation_argument(parser)
        parser.add_argument("--chain", type=int, help="Only this chain (its id).")

    def handle(self, *args, **options) -> None:
        chains = Chain.objects.filter(installation__in=selected_installations(options))
        if options["chain"] is not None:
            chains = chains.filter(pk=options["chain"])
            if not chains.exists():
                raise CommandError(f"No chain {options['chain']} in the selected stores.")
        total = 0
        for chain in chains.select_related("installation").order_by("installation", "priority"):
            changed = chain_changed(chain, timezone.now())
            total += changed
            self.stdout.write(f"{chain.installation.saleor_api_url} / {chain.name}: "
                              f"{changed} reminder(s) re-planned")
        self.stdout.write(f"{total} reminder(s) re-planned in all.")
