"""``saleor-retention export_schema``: writes the app's GraphQL schema to
``graphql/retention.graphql`` (commit it; a test compares it with the code)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from saleor_retention.api.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[3] / "graphql" / "retention.graphql"


def printed_schema() -> str:
    return str(schema).rstrip() + "\n"


class Command(BaseCommand):
    help = "Writes the app's GraphQL schema to graphql/retention.graphql."

    def handle(self, *args, **options) -> None:
        SCHEMA_FILE.write_text(printed_schema(), encoding="utf-8")
        self.stdout.write(f"Schema written to {SCHEMA_FILE}")
