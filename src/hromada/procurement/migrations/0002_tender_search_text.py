"""Tender.search_text: the title casefolded, which the title search matches words against (filled here for the
tenders already stored, in batches), and its index."""

from django.db import migrations, models


def fill(apps, schema_editor):
    Tender = apps.get_model("procurement", "Tender")
    rows = Tender.objects.using(schema_editor.connection.alias).only("pk", "title").order_by("pk")
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:2000]):
        for tender in batch:
            tender.search_text = " ".join(tender.title.split()).casefold()[:1000]  # models.tender_search_text
        Tender.objects.using(schema_editor.connection.alias).bulk_update(batch, ["search_text"])
        last = batch[-1].pk


class Migration(migrations.Migration):

    dependencies = [
        ("procurement", "0001_initial"),
        ("tenancy", "0004_community_residency_rule"),
    ]

    operations = [
        migrations.AddField(
            model_name="tender",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="tender",
            index=models.Index(fields=["community", "search_text"], name="procurement_tender_search"),
        ),
    ]
