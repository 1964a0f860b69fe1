"""Staff pages where admins keep plans, commitments and milestones (the same services as the API), and the API's
evidence files (the same validated uploads as the web form): bad input and refusals answer 4xx with nothing
written, other communities' objects are not found, the plan page's queries stay pinned."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.commitments.models import Commitment, Evidence, Milestone, Plan
from hromada.core.identity.models import Department, Role

from . import factories as f
from .test_views import PDF, _client


def _url(community, rest: str = "") -> str:
    return f"/c/{community.slug}/commitments/{rest}"


PLAN = {"title": "План дій ОГП 2027–2028", "kind": "action_plan", "body": "Опис плану.",
        "period_start": "2027-01-01", "period_end": "2028-12-31", "monitoring_months": "6", "is_public": "on"}


def test_an_admin_keeps_a_plan_its_commitments_and_milestones(community, community_admin, department):
    client = _client(community_admin)
    assert _url(community, "new/") in client.get(_url(community)).content.decode()
    response = client.post(_url(community, "new/"), PLAN)
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/commitments/{plan.pk}/")
    assert (plan.period_start, plan.monitoring_months, plan.is_public) == (date(2027, 1, 1), 6, True)
    page = client.get(_url(community, f"{plan.pk}/")).content.decode()
    assert _url(community, f"{plan.pk}/edit/") in page and _url(community, f"{plan.pk}/commitments/new/") in page
    assert 'value="2027-01-01"' in client.get(_url(community, f"{plan.pk}/edit/")).content.decode()
    client.post(_url(community, f"{plan.pk}/edit/"), {**PLAN, "title": "Новий план", "is_public": ""})
    plan.refresh_from_db()
    assert plan.title == "Новий план" and not plan.is_public
    response = client.post(_url(community, f"{plan.pk}/commitments/new/"), {
        "title": "Відкриті дані про закупівлі", "department_ids": [department.pk], "officials": "секретар ради"})
    commitment = Commitment.objects.get()
    assert response.status_code == 302 and commitment.bodies.get().department == department
    client.post(_url(community, f"c/{commitment.pk}/edit/"), {
        "title": "Відкриті дані", "department_ids": [department.pk], "status": "in_progress", "progress": "40"})
    commitment.refresh_from_db()
    assert (commitment.title, commitment.status, commitment.progress) == ("Відкриті дані", "in_progress", 40)
    response = client.post(_url(community, f"c/{commitment.pk}/milestones/new/"),
                           {"title": "Порядок оприлюднення", "due_on": "2027-03-01", "status": "planned"})
    milestone = Milestone.objects.get()
    assert response.status_code == 302
    page = client.get(_url(community, f"c/{commitment.pk}/")).content.decode()
    assert _url(community, f"milestones/{milestone.pk}/edit/") in page
    client.post(_url(community, f"milestones/{milestone.pk}/edit/"),
                {"title": "Порядок оприлюднення", "due_on": "2027-03-01", "status": "done", "done_on": "2027-02-20"})
    milestone.refresh_from_db()
    assert (milestone.status, milestone.done_on) == ("done", date(2027, 2, 20))


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": ""}, "title"), ({"period_end": "2026-01-01"}, "period_end"), ({"period_start": "вчора"}, "period_start"),
    ({"monitoring_months": "0"}, "monitoring_months"), ({"kind": "wish"}, "kind"),
])
def test_bad_plans_answer_400_and_write_nothing(community, community_admin, changes, field):
    response = _client(community_admin).post(_url(community, "new/"), {**PLAN, **changes})
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not Plan.objects.exists()


def test_bad_commitments_and_milestones_write_nothing(community, other_community, community_admin, department):
    plan = f.plan(community)
    commitment = f.commitment(community, plan, department)
    client = _client(community_admin)
    elsewhere = Department.objects.create(community=other_community, name="Чужий відділ")
    response = client.post(_url(community, f"{plan.pk}/commitments/new/"),
                           {"title": "Чуже", "department_ids": [elsewhere.pk]})
    assert response.status_code == 400 and "department_ids" in response.context["form"].errors
    response = client.post(_url(community, f"c/{commitment.pk}/edit/"), {
        "title": "x", "department_ids": [department.pk], "status": "in_progress", "progress": "140"})
    assert response.status_code == 400
    response = client.post(_url(community, f"c/{commitment.pk}/milestones/new/"),
                           {"title": "Готово", "due_on": "2027-03-01", "status": "done"})  # done without its date
    assert response.status_code == 400 and "done_on" in response.context["form"].errors
    assert Commitment.objects.get().progress == 0 and not Milestone.objects.exists()


def test_only_the_communitys_admins_keep_plans(community, other_community, department, official, resident):
    plan = f.plan(community)
    commitment = f.commitment(community, plan, department)
    milestone_url = _url(community, f"c/{commitment.pk}/milestones/new/")
    for person in (official, resident):
        client = _client(person)
        assert _url(community, "new/") not in client.get(_url(community)).content.decode()
        assert client.get(_url(community, "new/")).status_code == 404
        assert client.post(_url(community, "new/"), PLAN).status_code == 404
        assert client.post(milestone_url, {"title": "x", "due_on": "2027-03-01", "status": "planned"}).status_code \
            == 404
    assert _client().get(_url(community, "new/")).status_code == 302  # to sign in
    admin_there = make_member(other_community, Role.ADMIN)
    there = _client(admin_there)
    for rest in (f"{plan.pk}/edit/", f"{plan.pk}/commitments/new/", f"c/{commitment.pk}/edit/",
                 f"c/{commitment.pk}/milestones/new/"):
        assert there.get(_url(other_community, rest)).status_code == 404
    assert Plan.objects.count() == 1 and not Milestone.objects.exists()


def test_the_plan_page_costs_the_same_queries_for_many_commitments(community, community_admin, department,
                                                                   django_assert_max_num_queries):
    plan = f.plan(community)
    for n in range(15):
        f.commitment(community, plan, department, title=f"Зобов'язання {n}")
    client = _client(community_admin)
    client.get(_url(community, f"{plan.pk}/"))
    with django_assert_max_num_queries(14):
        assert client.get(_url(community, f"{plan.pk}/")).status_code == 200


def _upload(api, commitment, **data):
    return api.client.post(api.url(f"commitments/commitments/{commitment.pk}/evidence/file"), data, **api.headers)


def test_the_api_adds_evidence_files_through_the_same_checks(community, official, resident, department,
                                                             api_client_for, tmp_path, settings):
    settings.HROMADA_PRIVATE_ROOT = str(tmp_path)
    commitment = f.commitment(community, f.plan(community), department)
    api = api_client_for(community, official)
    added = _upload(api, commitment, title="Звіт за півріччя", file=SimpleUploadedFile("звіт.pdf", PDF))
    assert added.status_code == 201, added.content
    assert added.json()["name"] == "звіт.pdf" and added.json()["url"] == ""
    item = Evidence.objects.get()
    assert item.content_type == "application/pdf" and "звіт" not in item.file.name
    bad = _upload(api, commitment, title="Не PDF", file=SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf"))
    assert bad.status_code == 400 and "file" in bad.json()["error"]["fields"]
    untitled = _upload(api, commitment, title="  ", file=SimpleUploadedFile("b.pdf", PDF))
    assert untitled.status_code == 400 and "title" in untitled.json()["error"]["fields"]
    assert _upload(api, commitment, title="Без файлу").status_code in (400, 422)
    refused = _upload(api_client_for(community, resident), commitment, title="x",
                      file=SimpleUploadedFile("c.pdf", PDF))
    assert refused.status_code == 403
    assert _upload(api, type("Other", (), {"pk": 999999})(), title="x",
                   file=SimpleUploadedFile("d.pdf", PDF)).status_code == 404
    assert Evidence.objects.count() == 1 and len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1
