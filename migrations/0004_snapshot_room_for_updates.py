"""Leaves room in each page of the checkout snapshot table for the next version of its rows,
so that PostgreSQL can update a busy cart in place (a HOT update: no index entry, less WAL).
See saleor_retention/checkouts/snapshots.py."""

from django.db import migrations

# Percent of each page filled by inserts: the rest (about 2.4 kB) holds newer row versions.
SNAPSHOT_FILLFACTOR = 70


def leave_room(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("saleor_retention", "CheckoutSnapshot")._meta.db_table
        schema_editor.execute(
            f"ALTER TABLE {schema_editor.quote_name(table)} SET (fillfactor = {SNAPSHOT_FILLFACTOR})")


def fill_pages(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        table = apps.get_model("saleor_retention", "CheckoutSnapshot")._meta.db_table
        schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(table)} RESET (fillfactor)")


class Migration(migrations.Migration):

    dependencies = [
        ("saleor_retention", "0003_fewer_snapshot_indexes"),
    ]

    operations = [migrations.RunPython(leave_room, fill_pages)]
