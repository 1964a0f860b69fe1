# Appeal photos and documents move from MEDIA_ROOT/private (inside the public root, reachable by a crafted
# /media/ path) to HROMADA_PRIVATE_ROOT, each under a new random name.

from pathlib import Path

from django.conf import settings
from django.db import migrations, transaction

from hromada.core.storage import random_name, relocate_files, sweep_directory


def move_files(apps, schema_editor):
    media, private = Path(settings.MEDIA_ROOT), Path(settings.HROMADA_PRIVATE_ROOT)
    alias = schema_editor.connection.alias
    photos = apps.get_model("appeals", "AppealPhoto").objects.using(alias)
    documents = apps.get_model("appeals", "AppealDocument").objects.using(alias)
    relocate_files(photos.all(), old_root=media / "private", new_root=private, private=True, label="appeal photo",
                   new_name=lambda row, old: random_name(f"appeals/{row.community_id}/photos", extension=".jpg"))
    relocate_files(documents.all(), old_root=media / "private", new_root=private, private=True,
                   label="appeal document",
                   new_name=lambda row, old: random_name(f"appeals/{row.community_id}/documents", old))
    transaction.on_commit(lambda: sweep_directory(media / "private", into=private / "unreferenced" / "private"),
                          using=alias)


class Migration(migrations.Migration):

    dependencies = [
        ("appeals", "0002_appeal_is_repeated_appeal_kind"),
    ]

    # Backwards the files stay where they are (the earlier layout was the unsafe one).
    operations = [migrations.RunPython(move_files, migrations.RunPython.noop)]
