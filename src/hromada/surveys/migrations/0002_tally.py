# Written by hand (the project's start-up was broken by unrelated work in progress); checked with makemigrations
# --check once it imports again.

import django.db.models.deletion
from django.db import migrations, models


def rebuild_existing(apps, schema_editor):
    """Tally every survey that already has responses, from its answers (the same code as the staff's rebuild).
    The historical model only lists them; a fresh database has none, so the current models are never used on an
    older schema."""
    survey_model = apps.get_model("surveys", "Survey")
    ids = list(survey_model.objects.filter(response_count__gt=0).values_list("pk", flat=True))
    if not ids:
        return
    from hromada.surveys.tally import tally_rebuild

    for survey_id in ids:
        tally_rebuild(survey_id)


class Migration(migrations.Migration):

    dependencies = [
        ('surveys', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='Tally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slot', models.CharField(blank=True, max_length=40)),
                ('count', models.BigIntegerField(default=0)),
                ('total', models.FloatField(default=0.0)),
                ('low', models.FloatField(blank=True, null=True)),
                ('high', models.FloatField(blank=True, null=True)),
                ('first_day', models.DateField(blank=True, null=True)),
                ('last_day', models.DateField(blank=True, null=True)),
                ('community', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='tenancy.community', verbose_name='community')),
                ('question', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='surveys.question')),
                ('survey', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='surveys.survey')),
            ],
            options={
                'indexes': [models.Index(fields=['survey', 'question'], name='surveys_tally_survey_idx')],
                'constraints': [models.UniqueConstraint(fields=('question', 'slot'), name='surveys_one_tally_per_slot')],
            },
        ),
        migrations.RunPython(rebuild_existing, migrations.RunPython.noop),
    ]
