"""Vote.event_date and Vote.event_number: the vote event's date and number on each vote, so a deputy's newest votes
are an index range without a join (docs/decisions/0026). The existing rows are filled by one UPDATE … FROM in SQL
(PostgreSQL, and SQLite since 3.33), then the columns become NOT NULL and the deputy index is replaced, not added."""

from django.db import migrations, models

FILL = """UPDATE council_vote SET event_date = e.date, event_number = e.number
FROM council_voteevent AS e WHERE e.id = council_vote.vote_event_id"""


class Migration(migrations.Migration):

    dependencies = [
        ("council", "0003_vote_indexes_paired"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="vote", name="council_vote_person_first"),
        migrations.AddField(model_name="vote", name="event_date",
                            field=models.DateField(editable=False, null=True, verbose_name="date")),
        migrations.AddField(model_name="vote", name="event_number",
                            field=models.PositiveIntegerField(editable=False, null=True,
                                                              verbose_name="number in the sitting")),
        migrations.RunSQL(FILL, migrations.RunSQL.noop, elidable=False),
        migrations.AlterField(model_name="vote", name="event_date",
                              field=models.DateField(editable=False, verbose_name="date")),
        migrations.AlterField(model_name="vote", name="event_number",
                              field=models.PositiveIntegerField(editable=False, verbose_name="number in the sitting")),
        migrations.AddIndex(
            model_name="vote",
            index=models.Index(fields=["person", "community", "event_date", "event_number", "vote_event"],
                               name="council_vote_person_date"),
        ),
    ]
