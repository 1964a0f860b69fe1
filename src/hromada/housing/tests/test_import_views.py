"""The import pages: upload, check report, apply, the applied report; a large file through the background task with
its progress; residents and other communities see no import at all; the template downloads and imports cleanly."""

from __future__ import annotations

import pytest
from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.core.audit.models import AuditEvent
from hromada.core.identity.models import Role
from hromada.housing.models import Building
from hromada.housing.reporting import runs

BASE = "/c/{slug}/housing/office/import/"
GOOD = "Адреса;Поверховість;Управитель\nвул. Шевченка, 12;9;ОСББ «Затишок»\nпросп. Миру, 3;5;\nвул. Соборна;x;\n"


def upload(client, community, content: str | bytes, name="buildings.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(BASE.format(slug=community.slug), {"file": SimpleUploadedFile(name, data)})


def test_upload_check_apply_and_the_applied_report(community, community_admin, client):
    client.force_login(community_admin)
    assert client.get(BASE.format(slug=community.slug)).status_code == 200
    response = upload(client, community, GOOD)
    assert response.status_code == 302
    run_url = response["Location"]
    page = client.get(run_url)
    assert page.status_code == 200 and "вул. Соборна" in page.text  # the row with mistakes is listed
    assert not Building.objects.exists()
    everything = client.get(run_url, {"show": "all"})
    assert "просп. Миру, 3" in everything.text
    applied = client.post(run_url + "apply")
    assert applied.status_code == 302 and applied["Location"] == run_url
    assert sorted(Building.objects.values_list("number", flat=True)) == ["12", "3"]
    assert set(AuditEvent.objects.filter(action="housing.building.created").values_list("actor", flat=True)) == {
        community_admin.pk}
    after = client.get(run_url)
    assert "apply" not in after.text.split('action="')[-1][:80] or 'method="post"' not in after.text
    # Applying the same import twice at once is refused; again afterwards it changes nothing.
    token = run_url.rstrip("/").rsplit("/", 1)[-1]
    assert runs.step_state(community=community, token=token, step=runs.APPLY).report.counts["created"] == 2


def test_an_unreadable_file_is_refused_on_the_form(community, community_admin, client):
    client.force_login(community_admin)
    response = upload(client, community, "Рік;Поверхів\n1975;9\n")
    assert response.status_code == 400 and "Адреса" in response.text
    response = upload(client, community, b"\x00\x01binary" * 20, name="buildings.xlsx")
    assert response.status_code == 400
    assert not Building.objects.exists()


def test_a_large_file_runs_in_the_background_with_its_progress(community, community_admin, client,
                                                               django_capture_on_commit_callbacks):
    client.force_login(community_admin)
    lines = ["Вулиця;Номер будинку;Поверховість"] + [f"вул. Довга;{n};5" for n in range(1, runs.SYNC_ROWS + 6)]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(client, community, "\n".join(lines))
    assert response.status_code == 302 and len(callbacks) == 1  # the check was queued, not run in the request
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    check = runs.step_state(community=community, token=token, step=runs.CHECK)
    assert (check.state, check.done, check.total, check.report.counts["created"]) == (
        "done", runs.SYNC_ROWS + 5, runs.SYNC_ROWS + 5, runs.SYNC_ROWS + 5)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(response["Location"] + "apply").status_code == 302
    assert Building.objects.filter(community=community).count() == runs.SYNC_ROWS + 5


def test_a_queued_step_shows_its_progress_and_cannot_start_twice(community, community_admin, client):
    client.force_login(community_admin)
    lines = ["Вулиця;Номер будинку"] + [f"вул. Довга;{n}" for n in range(1, runs.SYNC_ROWS + 3)]
    response = upload(client, community, "\n".join(lines))  # on-commit callbacks are not run: the task waits
    page = client.get(response["Location"])
    assert page.status_code == 200 and 'http-equiv="refresh"' in page.text and "<progress" in page.text
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    conflict = client.post(response["Location"] + "apply")
    assert conflict.status_code == 409
    assert runs.step_state(community=community, token=token, step=runs.CHECK).pending


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.MODERATOR])
def test_people_who_do_not_edit_housing_see_no_import(community, community_admin, client, role):
    client.force_login(community_admin)
    run_url = upload(client, community, GOOD)["Location"]
    client.force_login(make_member(community, role))
    assert client.get(BASE.format(slug=community.slug)).status_code == 404
    assert upload(client, community, GOOD).status_code == 404
    assert client.get(run_url).status_code == 404
    assert client.post(run_url + "apply").status_code == 404
    client.logout()
    assert client.get(run_url).status_code == 404
    assert not Building.objects.exists()


def test_another_communitys_import_is_not_found(community, other_community, community_admin, client):
    client.force_login(community_admin)
    run_url = upload(client, community, GOOD)["Location"]
    token = run_url.rstrip("/").rsplit("/", 1)[-1]
    theirs = make_member(other_community, Role.ADMIN)
    client.force_login(theirs)
    other_url = BASE.format(slug=other_community.slug) + f"{token}/"
    assert client.get(other_url).status_code == 404
    assert client.post(other_url + "apply").status_code == 404
    assert client.get(BASE.format(slug=other_community.slug) + "../../../etc/").status_code == 404
    assert not Building.objects.exists()


def test_the_template_imports_cleanly(community, community_admin, client):
    client.force_login(community_admin)
    template = client.get(BASE.format(slug=community.slug) + "buildings-template.csv")
    assert template.status_code == 200
    response = upload(client, community, template.content)
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    report = runs.step_state(community=community, token=token, step=runs.CHECK).report
    assert report.ignored == [] and [row.errors for row in report.rows] == [[]]
    assert report.counts["created"] == 1
