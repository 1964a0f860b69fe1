# Answer attachments keep living in the public MEDIA_ROOT, but under random names instead of the uploaded
# file name (`Attachment.name` stays the name people see): MEDIA_ROOT/public/petitions/<c>/<p>/<file> becomes
# MEDIA_ROOT/petitions/<c>/<p>/<random>.<ext>.

from pathlib import Path

from django.conf import settings
from django.db import migrations, transaction

from hromada.core.storage import random_name, relocate_files, sweep_directory


def rename_files(apps, schema_editor):
    media, private = Path(settings.MEDIA_ROOT), Path(settings.HROMADA_PRIVATE_ROOT)
    alias = schema_editor.connection.alias
    attachments = apps.get_model("petitions", "Attachment").objects.using(alias)
    relocate_files(attachments.all(), old_root=media, new_root=media, private=False, label="petition attachment",
                   new_name=lambda row, old: random_name(f"petitions/{row.community_id}/{row.petition_id}", old))
    # What is left there belongs to no attachment (a deleted petition's files): no longer published.
    transaction.on_commit(lambda: sweep_directory(media / "public", into=private / "unreferenced" / "public"),
                          using=alias)


class Migration(migrations.Migration):

    dependencies = [
        ("petitions", "0001_initial"),
    ]

    operations = [migrations.RunPython(rename_files, migrations.RunPython.noop)]
