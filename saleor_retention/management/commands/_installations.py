"""Choosing installations in management commands: ``--installation <Saleor API URL>`` or all
active ones."""

from django.core.management.base import CommandError

from saleor_retention.installations.models import Installation


def add_installation_argument(parser) -> None:
    parser.add_argument("--installation", metavar="SALEOR_API_URL",
                        help="Only this store (its Saleor API URL). Default: every active one.")


def selected_installations(options) -> list[Installation]:
    """Returns the installations an invocation names; raises CommandError for an unknown URL."""
    installations = Installation.objects.active().order_by("pk")
    if options.get("installation"):
        installations = installations.filter(saleor_api_url=options["installation"])
        if not installations.exists():
            raise CommandError(f"No active installation for {options['installation']!r}.")
    return list(installations)
