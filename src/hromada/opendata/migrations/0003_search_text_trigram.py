"""A trigram index on Dataset.search_text, on PostgreSQL only, so free-text search (LIKE '%word%') reads the
index instead of scanning the catalogue. SQLite has no such index; there the search stays a scan.

pg_trgm is a trusted extension (any database owner may create it). Where it can not be created (a role
without CREATE on the database, a server without the contrib package) the migration says so and goes on:
search is then correct, only slower."""

import sys

from django.db import migrations

INDEX = "opendata_ds_search_trgm_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SAVEPOINT opendata_trgm")
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as error:  # noqa: BLE001 - any refusal leaves search working, just unindexed
            cursor.execute("ROLLBACK TO SAVEPOINT opendata_trgm")
            print(f"\n  opendata: pg_trgm unavailable ({error}); dataset search will scan.", file=sys.stderr)
            return
        cursor.execute("RELEASE SAVEPOINT opendata_trgm")
        cursor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON opendata_dataset USING gin (search_text gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):

    dependencies = [("opendata", "0002_search_indexes")]

    operations = [migrations.RunPython(create, drop)]
