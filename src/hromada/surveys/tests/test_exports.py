"""The XLSX export as a background job: staff ask for it (POST), the job writes every response into a workbook in
private storage and counts its progress; the page shows it and reloads itself until the download link appears;
only the community's staff see the page or the file, and another community's staff get a 404."""

from __future__ import annotations

import io

import pytest
from conftest import make_member
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from hromada.core.identity.models import Role
from hromada.surveys import exports, services
from hromada.surveys.models import Export, Kind
from hromada.surveys.tasks import survey_export_build

from . import factories as f


def url(community, name, **kwargs):
    return f"/c/{community.slug}" + reverse(f"surveys:{name}", kwargs=kwargs)


def client_for(user=None) -> Client:
    client = Client(HTTP_HOST="testserver")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def answered(community, resident):
    survey, questions = f.published(community, kinds=(Kind.SINGLE, Kind.SHORT_TEXT, Kind.NUMBER), required=False,
                                    one_per_person=False)
    for n in range(5):
        services.response_submit(actor=resident, community=community, survey_id=survey.pk,
                                 answers={f"q{q.pk}": f.valid_answer(q) for q in questions[: 1 + n % 3]})
    survey.refresh_from_db()
    return survey


def _ask(community, user, survey, django_capture_on_commit_callbacks, *, execute=True):
    with django_capture_on_commit_callbacks(execute=execute):
        return client_for(user).post(url(community, "export_xlsx", survey_id=survey.pk))


def test_the_job_writes_every_response_and_the_page_offers_the_file(community, community_admin, answered,
                                                                     django_capture_on_commit_callbacks):
    asked = _ask(community, community_admin, answered, django_capture_on_commit_callbacks)
    export = Export.objects.get()
    assert asked.status_code == 302 and asked["Location"] == url(community, "export", survey_id=answered.pk,
                                                                 export_id=export.pk)
    assert export.state == Export.State.DONE and export.done == export.total == 5
    page = client_for(community_admin).get(asked["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and 'http-equiv="refresh"' not in html and "100%" in html
    download = client_for(community_admin).get(url(community, "export_download", survey_id=answered.pk,
                                                   export_id=export.pk))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True).active.values)
    expected = list(exports.export_rows(answered))
    assert len(rows) == 6 and [list(r) for r in rows] == [[v if v != "" else None for v in r] for r in expected]


def test_progress_is_visible_while_the_job_waits_and_runs(community, community_admin, answered, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    asked = _ask(community, community_admin, answered, django_capture_on_commit_callbacks, execute=False)
    export = Export.objects.get()
    assert export.state == Export.State.QUEUED and export.done == 0
    page = client_for(community_admin).get(asked["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and "<progress" in page
    assert url(community, "export_download", survey_id=answered.pk, export_id=export.pk) not in page
    assert client_for(community_admin).get(url(community, "export_download", survey_id=answered.pk,
                                                export_id=export.pk)).status_code == 404
    Export.objects.filter(pk=export.pk).update(state=Export.State.RUNNING, done=2)
    page = client_for(community_admin).get(asked["Location"]).content.decode()
    assert "Записано 2 з 5" in page and "40%" in page and 'http-equiv="refresh"' in page
    Export.objects.filter(pk=export.pk).update(state=Export.State.QUEUED, done=0)
    monkeypatch.setattr(exports, "CHUNK", 2)
    seen: list[int] = []
    exports.xlsx_file(answered, io.BytesIO(), seen.append)
    assert seen == [2, 4, 5]  # counted after each chunk of responses
    assert survey_export_build.call(export.pk) is True  # the worker's task, run here
    export.refresh_from_db()
    assert export.state == Export.State.DONE and export.done == 5
    assert survey_export_build.call(export.pk) is False  # a finished export is never written twice


def test_only_staff_may_ask_see_or_download(community, resident, community_admin, answered,
                                            django_capture_on_commit_callbacks):
    refused = _ask(community, resident, answered, django_capture_on_commit_callbacks)
    assert refused.status_code == 404 and not Export.objects.exists()
    assert client_for().post(url(community, "export_xlsx", survey_id=answered.pk)).status_code in (302, 404)
    assert client_for(community_admin).get(url(community, "export_xlsx", survey_id=answered.pk)).status_code == 405
    _ask(community, community_admin, answered, django_capture_on_commit_callbacks)
    export = Export.objects.get()
    for name in ("export", "export_download"):
        target = url(community, name, survey_id=answered.pk, export_id=export.pk)
        assert client_for(resident).get(target).status_code == 404
        assert client_for().get(target).status_code in (302, 404)
        assert client_for(community_admin).get(target).status_code == 200


def test_another_communitys_staff_cannot_reach_the_export(community, other_community, community_admin, answered,
                                                          django_capture_on_commit_callbacks):
    _ask(community, community_admin, answered, django_capture_on_commit_callbacks)
    export = Export.objects.get()
    stranger = make_member(other_community, Role.ADMIN)
    for name in ("export", "export_download"):
        assert client_for(stranger).get(url(other_community, name, survey_id=answered.pk,
                                             export_id=export.pk)).status_code == 404
        assert client_for(stranger).get(url(community, name, survey_id=answered.pk,
                                             export_id=export.pk)).status_code == 404
