"""The commands: council_import prints its report or the rejected rows (and fails); council_export writes Popolo
JSON or a national CSV that imports back."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from ..models import Convocation, Person
from .test_import import ALL, CONVOCATIONS, load_all

pytestmark = pytest.mark.django_db


def test_council_import_reports_and_rejects(community, tmp_path, capsys):
    good = tmp_path / "convocations.csv"
    good.write_text(CONVOCATIONS, encoding="utf-8")
    call_command("council_import", community.slug, "convocations", str(good))
    assert json.loads(capsys.readouterr().out)["created"] == {"convocations": 1}
    bad = tmp_path / "deputies.csv"
    bad.write_text("id,familyName,name,birthDate\nd1,А,Б,вчора\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("council_import", community.slug, "deputies", str(bad))
    assert "row 2\tbirthDate" in capsys.readouterr().err
    assert not Person.objects.exists()
    with pytest.raises(CommandError):
        call_command("council_import", "no-such-community", "deputies", str(bad))


def test_council_export_writes_files_that_import_back(community, other_community, tmp_path):
    load_all(community)
    popolo = tmp_path / "council.json"
    call_command("council_export", community.slug, "popolo", str(popolo))
    assert len(json.loads(popolo.read_text(encoding="utf-8"))["vote_events"]) == 2
    for kind, _content in ALL:
        path = tmp_path / f"{kind}.csv"
        call_command("council_export", community.slug, kind, str(path))
        call_command("council_import", other_community.slug, kind, str(path))
    assert Convocation.objects.filter(community=other_community).count() == 1
    assert Person.objects.filter(community=other_community).count() == 3
