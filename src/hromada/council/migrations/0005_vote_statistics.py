"""After 0004 rewrote every vote: the planner's statistics of the vote table, and on PostgreSQL its visibility map
(VACUUM), without which a deputy's votes are read from the heap instead of the index alone (docs/performance.md,
Council). Outside a transaction, as VACUUM requires; it changes no data, so running it twice is harmless."""

from django.db import migrations


def refresh(apps, schema_editor) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM (ANALYZE) council_vote")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE council_vote")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("council", "0004_vote_event_date"),
    ]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop, elidable=False)]
