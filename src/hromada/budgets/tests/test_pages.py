"""Pages and the JSON API of Participatory budget through the real test client: cycles, the catalogue (filters,
map points, query counts pinned), a project, proposing, the review queue, works updates, school codes; permissions,
bad input and another community's objects as not found; the demo and the open-data rows."""

from __future__ import annotations

import pytest
from conftest import make_member
from django.test import Client

from hromada.budgets import demo, selectors, services
from hromada.budgets.models import Cycle, Project, SchoolCode, Status
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role

from . import factories as f

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url(community, path=""):
    return f"/c/{community.slug}/budgets/{path}"


def test_cycle_pages_and_catalogue_query_count(community, django_assert_max_num_queries):
    cycle, category = f.cycle(community)
    for n in range(12):
        f.proposal(community, cycle, category, title=f"Проєкт {n}", lat=49.5, lon=25.6)
    f.proposal(community, cycle, category, title="Чернетка", submit=False)
    client = client_for()
    assert cycle.title in client.get(url(community)).content.decode()
    page = client.get(url(community, f"cycles/{cycle.pk}/")).content.decode()
    assert "Малі проєкти" in page and 'aria-current="step"' in page
    with django_assert_max_num_queries(12):
        body = client.get(url(community, "projects/"), {"cycle": cycle.pk}).content.decode()
    assert "Проєкт 11" in body and "Чернетка" not in body
    assert "Проєкт 3" in client.get(url(community, "projects/"), {"q": "проєкт 3"}).content.decode()
    points = client.get(url(community, "projects/map.geojson")).json()
    assert len(points["features"]) == 12


def test_project_page_and_actions(community, resident):
    cycle, category = f.cycle(community)
    project = f.proposal(community, cycle, category)
    page = client_for().get(url(community, f"projects/{project.pk}/"))
    assert page.status_code == 200 and "Позиція 0" in page.content.decode()
    client = client_for(resident)
    client.post(url(community, f"projects/{project.pk}/act/"), {"action": "support"})
    client.post(url(community, f"projects/{project.pk}/act/"), {"action": "follow"})
    project.refresh_from_db()
    assert project.supporters_count == 1 and project.followers.filter(user=resident).exists()
    assert client.post(url(community, f"projects/{project.pk}/act/"), {"action": "drop"}).status_code == 400
    draft = f.proposal(community, cycle, category, submit=False, title="Чужа чернетка")
    assert client.get(url(community, f"projects/{draft.pk}/")).status_code == 404


def test_propose_form_saves_a_draft_and_shows_errors(community, resident):
    cycle, category = f.cycle(community)
    client = client_for(resident)
    bad = client.post(url(community, f"cycles/{cycle.pk}/propose/"), {
        "title": "Лавки", "description": "Опис", "category_id": category.pk, "cost_lines": "Лавка; 0; 100"})
    assert bad.status_code == 400 and Project.objects.count() == 0
    ok = client.post(url(community, f"cycles/{cycle.pk}/propose/"), {
        "title": "Лавки", "description": "Опис", "category_id": category.pk,
        "cost_lines": "Лавка; 4; 3500,50\nМонтаж; 1; 1000"})
    project = Project.objects.get()
    assert ok.status_code == 302 and project.cost == 4 * 350_050 + 100_000 and project.author == resident


def test_review_queue_and_review_form(community, official, resident):
    cycle, category = f.cycle(community, phase="review")
    project = f.proposal(community, cycle, category)
    assert client_for(resident).get(url(community, "review/")).status_code == 403
    assert project.title in client_for(official).get(url(community, "review/")).content.decode()
    bad = client_for(official).post(url(community, f"review/{project.pk}/"), {"decision": "not_feasible"})
    assert bad.status_code == 400
    done = client_for(official).post(url(community, f"review/{project.pk}/"), {"decision": "feasible"})
    project.refresh_from_db()
    assert done.status_code == 302 and project.status == Status.FEASIBLE


def test_school_codes_page_prints_the_codes_once(community, moderator):
    cycle, _category = f.cycle(community, kind="school", eligibility="school_code", title="Шкільний")
    school = services.fund_save(actor=SYSTEM, community=community, cycle_id=cycle.pk, kind="district",
                                name="Школа № 1", fund=1000)
    response = client_for(moderator).post(url(community, f"cycles/{cycle.pk}/codes/"),
                                          {"district_id": school.pk, "size": 12, "label": "7-Б"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert response.content.decode().count("<code>") == 12 and SchoolCode.objects.count() == 12


def test_api_lists_and_proposes(community, resident, api_client_for, django_assert_max_num_queries):
    cycle, category = f.cycle(community)
    for n in range(8):
        f.proposal(community, cycle, category, title=f"Проєкт {n}")
    anonymous = api_client_for(community)
    with django_assert_max_num_queries(6):
        listed = anonymous.get("budgets/", cycle=cycle.pk)
    assert listed.status_code == 200 and listed.json()["count"] == 8
    detail = anonymous.get(f"budgets/{Project.objects.first().pk}").json()
    assert detail["cost_lines"][0]["unit_price"] == 100_000
    assert anonymous.get(f"budgets/cycles/{cycle.pk}").json()["categories"][0]["name"] == "Малі проєкти"
    signed = api_client_for(community, resident)
    bad = signed.post(f"budgets/cycles/{cycle.pk}/projects", {"title": "T", "description": "x",
                                                                "category_id": category.pk, "cost_lines": []})
    assert bad.status_code == 400 and "cost_lines" in bad.json()["error"]["fields"]
    made = signed.post(f"budgets/cycles/{cycle.pk}/projects", {
        "title": "Велопарковка", "description": "x", "category_id": category.pk,
        "cost_lines": [{"item": "Стійка", "quantity": 3, "unit_price": 240_000}]})
    assert made.status_code == 201 and made.json()["cost"] == 720_000 and made.json()["status"] == "draft"


def test_other_community_sees_nothing(community, other_community, api_client_for):
    cycle, category = f.cycle(community)
    project = f.proposal(community, cycle, category)
    assert client_for().get(url(other_community, f"projects/{project.pk}/")).status_code == 404
    assert client_for().get(url(other_community, f"cycles/{cycle.pk}/")).status_code == 404
    assert api_client_for(other_community).get(f"budgets/{project.pk}").status_code == 404
    admin_b = make_member(other_community, Role.ADMIN)
    assert client_for(admin_b).get(url(other_community, f"review/{project.pk}/")).status_code == 404


def test_demo_builds_the_three_cycles_and_open_data(community):
    demo.load(community, size="small")
    titles = list(Cycle.objects.filter(community=community).values_list("kind", flat=True))
    assert sorted(titles) == ["public", "public", "school"]
    finished = Cycle.objects.filter(community=community, results_published_at__isnull=False).get()
    winners = Project.objects.filter(cycle=finished, status=Status.SELECTED)
    assert winners.exists() and all(p.progress > 0 for p in winners)
    rows = list(selectors.project_open_data_rows(community))
    assert rows and not any("author" in row for row in rows)
    results = list(selectors.results_open_data_rows(community))
    assert {row["project_id"] for row in results} == set(
        Project.objects.filter(cycle=finished, status__in=[Status.SELECTED, Status.NOT_SELECTED])
        .values_list("pk", flat=True))
    assert client_for().get(url(community, "implementation/")).status_code == 200
