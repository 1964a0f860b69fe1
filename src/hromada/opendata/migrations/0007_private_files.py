# Open-data files move out of the public MEDIA_ROOT into HROMADA_PRIVATE_ROOT under random names: they kept
# the uploader's file name and sat where /media/ could reach them, even for private datasets.

from pathlib import Path

from django.conf import settings
from django.db import migrations, models, transaction

import hromada.core.storage
import hromada.opendata.models
from hromada.core.storage import random_name, relocate_files, sweep_directory


def move_files(apps, schema_editor):
    media, private = Path(settings.MEDIA_ROOT), Path(settings.HROMADA_PRIVATE_ROOT)
    alias = schema_editor.connection.alias
    versions = apps.get_model("opendata", "ResourceVersion").objects.using(alias)
    uploads = apps.get_model("opendata", "PendingUpload").objects.using(alias)
    relocate_files(versions.all(), old_root=media, new_root=private, private=True, label="opendata version",
                   new_name=lambda row, old: random_name(f"opendata/{row.community_id}", old))
    relocate_files(uploads.all(), old_root=media, new_root=private, private=True, label="opendata upload",
                   new_name=lambda row, old: random_name(f"opendata/incoming/{row.community_id}", extension=".bin"))
    # Files no row refers to any more (old versions' leftovers) leave the public root too.
    transaction.on_commit(lambda: sweep_directory(media / "opendata", into=private / "unreferenced" / "opendata"),
                          using=alias)


class Migration(migrations.Migration):

    dependencies = [
        ('opendata', '0006_stored_package'),
    ]

    operations = [
        migrations.AlterField(
            model_name='pendingupload',
            name='file',
            field=models.FileField(storage=hromada.core.storage.get_private_storage, upload_to=hromada.opendata.models.incoming_file_path),
        ),
        migrations.AlterField(
            model_name='resourceversion',
            name='file',
            field=models.FileField(blank=True, storage=hromada.core.storage.get_private_storage, upload_to=hromada.opendata.models.version_file_path),
        ),
        # Backwards the files stay where they are (the earlier layout was the unsafe one).
        migrations.RunPython(move_files, migrations.RunPython.noop),
    ]
