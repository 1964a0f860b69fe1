"""Grant competitions API: calls for anyone, applications for their applicants, the jury's scores, staff decisions;
refusals in the envelope before validation, results hidden until published, query counts pinned."""

from __future__ import annotations

from hromada.competitions import services
from hromada.competitions.models import Application, Call, Review

from .factories import edrpou, make_call, schedule, submitted


def _application_body(n=1, **extra):
    return {"applicant_type": "ngo", "organisation": "ГО Зелень", "tax_id": edrpou(n), "title": "Сквер",
            "summary": "Озеленення.", "cofinancing": 100_000,
            "budget_lines": [{"item": "Саджанці", "quantity": 10, "unit_cost": 50_000}], **extra}


def test_staff_announce_a_call_and_residents_are_refused(community, community_admin, resident, jurors,
                                                         api_client_for):
    body = {"title": "Ваучери", "fund": 100_000_000, "schedule": schedule(),
            "rules": [{"applicant_type": "sole_proprietor", "cofinancing_percent": 50, "cap": 2_500_000}],
            "criteria": [{"name": "Вплив", "weight": 100}], "juror_ids": [jurors[0].pk]}
    refused = api_client_for(community, resident).post("competitions/", body)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    created = api_client_for(community, community_admin).post("competitions/", body)
    assert created.status_code == 201, created.content
    assert created.json()["phase"] == "applications" and created.json()["rules"][0]["cap"] == 2_500_000
    bad = api_client_for(community, community_admin).post("competitions/", {**body, "fund": -1})
    assert bad.status_code in (400, 422) and Call.objects.count() == 1
    assert api_client_for(community).get(f"competitions/{created.json()['id']}").status_code == 200


def test_apply_submit_and_read_my_applications(community, community_admin, applicant, resident, api_client_for):
    call = make_call(community, community_admin)
    api = api_client_for(community, applicant)
    created = api.post(f"competitions/{call.pk}/applications", _application_body())
    assert created.status_code == 201, created.content
    application_id = created.json()["id"]
    assert created.json()["requested"] == 400_000 and created.json()["status"] == "draft"
    bad = api.post(f"competitions/{call.pk}/applications", _application_body(2, tax_id="1234"))
    assert bad.status_code == 400 and "tax_id" in bad.json()["error"]["fields"]
    again = api.post(f"competitions/{call.pk}/applications", _application_body())
    assert again.status_code == 409
    assert api_client_for(community, resident).get(f"competitions/applications/{application_id}").status_code == 404
    assert api.post(f"competitions/applications/{application_id}/submit").json()["status"] == "submitted"
    assert [a["id"] for a in api.get("competitions/applications/mine").json()["items"]] == [application_id]
    assert api_client_for(community).post(f"competitions/{call.pk}/applications", _application_body(3)) \
        .status_code == 401
    assert Application.objects.count() == 1


def test_the_jury_scores_through_the_api_and_results_wait_for_publication(
        community, community_admin, jurors, applicant, api_client_for, to_phase):
    call = make_call(community, community_admin, jurors=jurors[:1])
    application = submitted(call, applicant, 1)
    staff = api_client_for(community, community_admin)
    assert staff.post(f"competitions/applications/{application.pk}/eligibility", {"eligible": True}) \
        .json()["status"] == "eligible"
    to_phase("scoring")
    juror = api_client_for(community, jurors[0])
    assert juror.post(f"competitions/applications/{application.pk}/declaration", {"conflict": False}) \
        .status_code == 201
    criteria = [str(c.pk) for c in call.criteria.order_by("pk")]
    out_of_range = juror.post(f"competitions/applications/{application.pk}/scores",
                              {"scores": {criteria[0]: 11, criteria[1]: 1}})
    assert out_of_range.status_code == 400 and f"scores.{criteria[0]}" in out_of_range.json()["error"]["fields"]
    sent = juror.post(f"competitions/applications/{application.pk}/scores", {"scores": dict.fromkeys(criteria, 5)})
    assert sent.status_code == 200 and sent.json()["weighted"] == 70.0
    stranger = api_client_for(community, applicant)
    assert stranger.post(f"competitions/applications/{application.pk}/declaration", {"conflict": False}) \
        .status_code == 404
    to_phase("results")
    assert api_client_for(community, applicant).post(f"competitions/{call.pk}/award").status_code == 403
    assert staff.post(f"competitions/{call.pk}/award").status_code == 200
    assert api_client_for(community).get(f"competitions/{call.pk}/results").status_code == 404
    assert staff.post(f"competitions/{call.pk}/publish").status_code == 200
    results = api_client_for(community).get(f"competitions/{call.pk}/results").json()["items"]
    assert [(r["rank"], r["grant"], r["score"]) for r in results] == [(1, 4_000_000, 70.0)]
    assert Review.objects.count() == 1


def test_lists_cost_the_same_queries_for_many_rows(community, community_admin, applicant, api_client_for,
                                                   django_assert_max_num_queries):
    api = api_client_for(community, applicant)
    api.get("competitions/")
    api.get("competitions/applications/mine")
    for n in range(15):
        call = make_call(community, community_admin, title=f"Конкурс {n}")
        services.application_create(actor=applicant, community=community, call_id=call.pk,
                                    **{**_application_body(n), "budget_lines": []})
    with django_assert_max_num_queries(10):
        assert len(api.get("competitions/", page_size=40).json()["items"]) == 15
    with django_assert_max_num_queries(8):
        assert len(api.get("competitions/applications/mine", page_size=40).json()["items"]) == 15
