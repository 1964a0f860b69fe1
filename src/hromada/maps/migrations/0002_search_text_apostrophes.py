"""Search text keeps one apostrophe: features written before are re-normalised the way the services now do."""

from django.db import migrations

_APOSTROPHES = str.maketrans({"\u02bc": "'", "\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})


def normalise(apps, schema_editor):
    Feature = apps.get_model("maps", "Feature")
    changed = []
    for feature in Feature.objects.only("id", "search_text").iterator(chunk_size=1000):
        text = feature.search_text.translate(_APOSTROPHES)
        if text != feature.search_text:
            feature.search_text = text
            changed.append(feature)
    Feature.objects.bulk_update(changed, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("maps", "0001_initial")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
