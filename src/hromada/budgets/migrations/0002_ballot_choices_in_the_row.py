"""A ballot's choices move into the ballot row (ADR 0025): `project_ids`, copied from BallotChoice before that
table goes; the foreign keys' own indexes give way to the indexes that start with the same columns."""

import django.db.models.deletion
import django.db.models.lookups
from django.db import migrations, models

import hromada.budgets.models.ballots


def copy_choices(apps, schema_editor):
    """Each ballot's choices, ascending, into its row; a thousand ballots at a time."""
    Ballot = apps.get_model("budgets", "Ballot")
    BallotChoice = apps.get_model("budgets", "BallotChoice")
    chosen: dict[int, list[int]] = {}

    def flush():
        rows = list(Ballot.objects.filter(pk__in=chosen).only("pk"))
        for ballot in rows:
            ballot.project_ids = sorted(chosen[ballot.pk])
        Ballot.objects.bulk_update(rows, ["project_ids"])
        chosen.clear()

    pairs = BallotChoice.objects.order_by("ballot_id", "project_id").values_list("ballot_id", "project_id")
    for ballot_id, project_id in pairs.iterator(chunk_size=5000):
        if ballot_id not in chosen and len(chosen) >= 1000:
            flush()
        chosen.setdefault(ballot_id, []).append(project_id)
    if chosen:
        flush()


def copy_back(apps, schema_editor):
    Ballot = apps.get_model("budgets", "Ballot")
    BallotChoice = apps.get_model("budgets", "BallotChoice")
    for ballot in Ballot.objects.only("pk", "community_id", "project_ids").iterator(chunk_size=1000):
        BallotChoice.objects.bulk_create(BallotChoice(community_id=ballot.community_id, ballot_id=ballot.pk,
                                                      project_id=pk) for pk in ballot.project_ids)


class Migration(migrations.Migration):

    dependencies = [
        ('budgets', '0001_initial'),
        ('tenancy', '0004_community_residency_rule'),
    ]

    operations = [
        migrations.AddField(
            model_name='ballot',
            name='project_ids',
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(copy_choices, copy_back, elidable=False),
        migrations.DeleteModel(
            name='BallotChoice',
        ),
        migrations.RemoveConstraint(
            model_name='ballot',
            name='budgets_ballot_once_per_category',
        ),
        migrations.RemoveConstraint(
            model_name='ballot',
            name='budgets_ballot_once_per_district',
        ),
        migrations.AlterField(
            model_name='ballot',
            name='category',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ballots', to='budgets.category'),
        ),
        migrations.AlterField(
            model_name='ballot',
            name='cycle',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='ballots', to='budgets.cycle'),
        ),
        migrations.AlterField(
            model_name='ballot',
            name='district',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ballots', to='budgets.district'),
        ),
        migrations.AddIndex(
            model_name='ballot',
            index=models.Index(fields=['cycle', 'voter_key'], name='budgets_ballot_cycle_voter'),
        ),
        migrations.AddConstraint(
            model_name='ballot',
            constraint=models.CheckConstraint(condition=django.db.models.lookups.Range(hromada.budgets.models.ballots.JSONArrayLength('project_ids'), (0, 200)), name='budgets_ballot_projects_array'),
        ),
        migrations.AddConstraint(
            model_name='ballot',
            constraint=models.UniqueConstraint(condition=models.Q(('category__isnull', False)), fields=('category', 'voter_key'), name='budgets_ballot_once_per_category'),
        ),
        migrations.AddConstraint(
            model_name='ballot',
            constraint=models.UniqueConstraint(condition=models.Q(('district__isnull', False)), fields=('district', 'voter_key'), name='budgets_ballot_once_per_district'),
        ),
    ]
