"""Commitments API: anyone reads public plans and a commitment's timeline; admins keep plans, bodies report, the
monitoring body assesses, people follow; refusals and bad input in the kernel's envelope, nothing written; list
endpoints cost the same queries for many rows."""

from __future__ import annotations

from hromada.commitments import services
from hromada.commitments.models import BodyReport, Commitment, Follow, Plan
from hromada.core.identity.actors import SYSTEM

from . import factories as f


def test_the_public_reads_plans_and_a_commitments_timeline(community, department, official, api_client_for):
    plan = f.plan(community, months_ago=7)
    hidden = f.plan(community, public=False, title="Чернетка")
    commitment = f.commitment(community, plan, department)
    opened = services.round_open(actor=SYSTEM, community=community, plan_id=plan.pk)
    services.report_file(actor=official, community=community, round_id=opened.pk, commitment_id=commitment.pk,
                         text="Виконано", progress=50, status="in_progress")
    api = api_client_for(community)
    listed = api.get("commitments/").json()
    assert [p["id"] for p in listed["items"]] == [plan.pk] and listed["items"][0]["commitment_count"] == 1
    assert api.get(f"commitments/{hidden.pk}").status_code == 404
    detail = api.get(f"commitments/{plan.pk}").json()
    assert detail["rounds"][0]["number"] == 1 and detail["commitment_count"] == 1
    items = api.get(f"commitments/{plan.pk}/commitments").json()["items"]
    assert items[0]["bodies"] == [{"id": department.pk, "name": department.name}]
    timeline = api.get(f"commitments/commitments/{commitment.pk}").json()
    assert timeline["progress"] == 50 and timeline["reports"][0]["body"] == department.name
    assert "filed_by" not in timeline["reports"][0]


def test_admins_keep_plans_through_the_api(community, community_admin, department, api_client_for):
    admin = api_client_for(community, community_admin)
    created = admin.post("commitments/", {"title": "План дій", "period_start": "2026-01-01",
                                          "period_end": "2027-12-31"})
    assert created.status_code == 201, created.content
    plan_id = created.json()["id"]
    added = admin.post(f"commitments/{plan_id}/commitments", {"title": "Відкриті дані",
                                                               "department_ids": [department.pk]})
    assert added.status_code == 201, added.content
    commitment_id = added.json()["id"]
    milestone = admin.post(f"commitments/commitments/{commitment_id}/milestones",
                           {"title": "Порядок", "due_on": "2026-03-01"})
    assert milestone.status_code == 201
    assert admin.patch(f"commitments/milestones/{milestone.json()['id']}",
                       {"status": "done", "done_on": "2026-02-28"}).json()["done_on"] == "2026-02-28"
    assert admin.patch(f"commitments/commitments/{commitment_id}", {"progress": 30}).json()["progress"] == 30
    assert admin.patch(f"commitments/{plan_id}", {"title": "Новий"}).json()["title"] == "Новий"
    assert admin.delete(f"commitments/commitments/{commitment_id}").status_code == 204
    assert admin.delete(f"commitments/{plan_id}").status_code == 204
    assert not Plan.objects.exists()


def test_refusals_and_bad_input_change_nothing(community, community_admin, resident, department, api_client_for):
    plan = f.plan(community)
    commitment = f.commitment(community, plan, department)
    admin, person = api_client_for(community, community_admin), api_client_for(community, resident)
    refused = person.post("commitments/", {"title": "Мій", "period_start": "2026-01-01", "period_end": "2026-12-31"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    assert api_client_for(community).post(f"commitments/commitments/{commitment.pk}/follow").status_code == 401
    bad = admin.post("commitments/", {"title": "План", "period_start": "2026-12-31", "period_end": "2026-01-01"})
    assert bad.status_code == 400 and "period_end" in bad.json()["error"]["fields"]
    assert admin.post("commitments/", {"title": "x", "period_start": "2026-01-01", "period_end": "2026-12-31",
                                       "colour": "red"}).status_code in (400, 422)
    assert admin.patch(f"commitments/commitments/{commitment.pk}", {"progress": 101}).status_code in (400, 422)
    not_due = admin.post(f"commitments/{plan.pk}/rounds")
    assert not_due.status_code == 409 and not_due.json()["error"]["code"] == "not_due"
    assert admin.get("commitments/999999").status_code == 404
    assert Plan.objects.count() == 1 and Commitment.objects.get().progress == 0


def test_bodies_report_the_monitoring_body_assesses_people_follow(community, official, resident, department,
                                                                  api_client_for):
    plan = f.plan(community, months_ago=7)
    commitment = f.commitment(community, plan, department)
    opened = services.round_open(actor=SYSTEM, community=community, plan_id=plan.pk)
    body = {"commitment_id": commitment.pk, "text": "Звіт", "progress": 20, "status": "in_progress"}
    refused = api_client_for(community, resident).post(f"commitments/rounds/{opened.pk}/reports", body)
    assert refused.status_code == 403
    filed = api_client_for(community, official).post(f"commitments/rounds/{opened.pk}/reports", body)
    assert filed.status_code == 201, filed.content
    again = api_client_for(community, official).post(f"commitments/rounds/{opened.pk}/reports", body)
    assert again.status_code == 409 and BodyReport.objects.count() == 1
    monitor = api_client_for(community, f.monitor(community))
    assessed = monitor.post(f"commitments/rounds/{opened.pk}/assessments",
                            {"commitment_id": commitment.pk, "text": "Підтверджено", "rating": "on_track"})
    assert assessed.status_code == 201, assessed.content
    assert api_client_for(community, official).post(
        f"commitments/rounds/{opened.pk}/assessments",
        {"commitment_id": commitment.pk, "text": "Я сам", "rating": "on_track"}).status_code == 403
    evidence = api_client_for(community, official).post(f"commitments/commitments/{commitment.pk}/evidence",
                                                        {"title": "Дані", "url": "https://data.gov.ua/"})
    assert evidence.status_code == 201
    follower = api_client_for(community, resident)
    assert follower.post(f"commitments/commitments/{commitment.pk}/follow").json() == {"following": True}
    assert Follow.objects.filter(user=resident).count() == 1
    assert follower.delete(f"commitments/commitments/{commitment.pk}/follow").json() == {"following": False}
    late = api_client_for(community, official).get("commitments/late")
    assert late.status_code == 200 and late.json() == []
    assert api_client_for(community, resident).get("commitments/late").status_code == 403


def test_lists_cost_the_same_queries_for_many_rows(community, department, api_client_for,
                                                   django_assert_max_num_queries):
    api = api_client_for(community)
    plan = f.plan(community)
    api.get("commitments/")  # warm the per-process caches (community, settings)
    for number in range(30):
        f.plan(community, title=f"План {number}")
        f.commitment(community, plan, department, title=f"Зобов'язання {number}")
    with django_assert_max_num_queries(8):
        assert len(api.get("commitments/", page_size=40).json()["items"]) == 31
    with django_assert_max_num_queries(8):
        assert len(api.get(f"commitments/{plan.pk}/commitments", page_size=40).json()["items"]) == 30
