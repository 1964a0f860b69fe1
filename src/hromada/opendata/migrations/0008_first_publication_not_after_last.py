"""The first publication of a dataset is never after the last one: rows that say otherwise (the demo's overdue
dataset did) take the last publication as the first, then the database keeps it so."""

from django.db import migrations, models


def first_not_after_last(apps, schema_editor):
    Dataset = apps.get_model("opendata", "Dataset")
    Dataset.objects.filter(first_published_at__gt=models.F("last_published_at")).update(
        first_published_at=models.F("last_published_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('opendata', '0007_private_files'),
        ('tenancy', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(first_not_after_last, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='dataset',
            constraint=models.CheckConstraint(condition=models.Q(('first_published_at__lte', models.F('last_published_at')), ('first_published_at__isnull', True), ('last_published_at__isnull', True), _connector='OR'), name='opendata_dataset_first_not_after_last'),
        ),
    ]
