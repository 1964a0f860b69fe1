"""PostgreSQL also refuses DELETE of an audit event. (TRUNCATE, used by test flushes, is not a row delete.)

SQLite keeps only the UPDATE trigger: Django flushes SQLite tables with DELETE, which a trigger would block;
the model and queryset refuse deletes there."""

from django.db import migrations

POSTGRES = [
    """CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
       FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_update();""",
]
POSTGRES_REVERSE = ["DROP TRIGGER IF EXISTS audit_event_no_delete ON audit_auditevent;"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_actor_keeps_history")]
    operations = [migrations.RunPython(forwards, backwards)]
