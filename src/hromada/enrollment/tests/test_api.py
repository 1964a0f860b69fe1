"""Enrolment API: public groups and queues (codes, no names; a pinned number of queries), the parent's filing and
own applications with positions and proofs, the parent's and the staff's steps, refusals and bad input."""

from __future__ import annotations

from datetime import date

from conftest import make_member

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.enrollment import services
from hromada.enrollment.models import Application, Offer

from .factories import birth_for, certificate, file, institution, parent, pdf, start_year


def _body(groups, **change):
    body = {"child_name": "Тарас Бондар", "child_birth_date": birth_for().isoformat(),
            "birth_certificate": certificate(), "address": "вул. Лесі Українки, 4",
            "group_ids": [g.pk for g in groups], "wanted_start": date(start_year(), 9, 1).isoformat()}
    body.update(change)
    return body


def test_the_public_queue_shows_codes_and_positions_never_names(community, api_client_for):
    _kindergarten, (group,) = institution(community, capacity=5)
    made = [file(community, parent(community), [group], name=f"Дитина Прізвище{n}") for n in range(3)]
    anonymous = api_client_for(community)
    answer = anonymous.get(f"enrollment/groups/{group.pk}/queue")
    assert answer.status_code == 200, answer.content
    items = answer.json()["items"]
    assert [(i["position"], i["code"]) for i in items] == [(n + 1, a.code) for n, a in enumerate(made)]
    assert "Прізвище" not in answer.content.decode() and "child" not in answer.content.decode()
    assert anonymous.get(f"enrollment/groups/{group.pk}").json()["waiting"] == 3
    rules = anonymous.get("enrollment/rules").json()
    assert rules["order"] == ["service_area", "category_rank", "filed_at", "tie_break"]
    assert rules["tie_break_seed"].endswith(community.slug)


def test_the_queue_costs_the_same_queries_for_many_rows(community, api_client_for, django_assert_max_num_queries):
    _kindergarten, (group,) = institution(community, capacity=5)
    category = services.category_save(actor=SYSTEM, community=community, name="Пільга", rank=1)
    api = api_client_for(community, make_member(community, Role.RESIDENT))
    api.get(f"enrollment/groups/{group.pk}/queue")  # warm the per-process caches
    for n in range(40):
        file(community, parent(community), [group], claims={category.pk: []} if n % 2 else None)
    with django_assert_max_num_queries(12):
        assert len(api.get(f"enrollment/groups/{group.pk}/queue", page_size=40).json()["items"]) == 40
    with django_assert_max_num_queries(12):
        assert api.get("enrollment/groups").json()["count"] == 1


def test_a_parent_files_sees_positions_and_proofs(community, api_client_for):
    _kindergarten, (first, second) = institution(community, capacity=5, groups=2)
    file(community, parent(community), [first])
    mother = parent(community)
    api = api_client_for(community, mother)
    created = api.post("enrollment/applications", _body([second, first]))
    assert created.status_code == 201, created.content
    body = created.json()
    assert [(c["group_id"], c["position"]) for c in body["choices"]] == [(second.pk, 1), (first.pk, 2)]
    assert body["history"][0]["kind"] == "filed"
    mine = api.get("enrollment/mine").json()["items"]
    assert [a["code"] for a in mine] == [body["code"]]
    proof = api.get(f"enrollment/applications/{body['id']}/events/{body['history'][0]['id']}/proof")
    assert proof.status_code == 200 and proof.json()["included"] is False
    stranger = api_client_for(community, parent(community))
    assert stranger.get(f"enrollment/applications/{body['id']}").status_code == 404
    assert stranger.post(f"enrollment/applications/{body['id']}/withdraw").status_code == 404
    assert api.post(f"enrollment/applications/{body['id']}/withdraw").json()["status"] == "withdrawn"


def test_filing_refusals_and_bad_input(community, api_client_for):
    _kindergarten, (group,) = institution(community)
    weak = api_client_for(community, make_member(community, Role.RESIDENT, strong=False))
    refused = weak.post("enrollment/applications", _body([group]))
    assert refused.status_code == 403
    api = api_client_for(community, parent(community))
    assert api.post("enrollment/applications", _body([group], colour="red")).status_code in (400, 422)
    assert api.post("enrollment/applications", _body([group], group_ids=[])).status_code in (400, 422)
    wrong = api.post("enrollment/applications", _body([group], birth_certificate="?"))
    assert wrong.status_code == 400 and "birth_certificate" in wrong.json()["error"]["fields"]
    assert api.post("enrollment/applications", "not json").status_code in (400, 422)
    assert not Application.objects.exists()
    assert api_client_for(community).post("enrollment/applications", _body([group])).status_code == 401


def test_claims_rounds_offers_and_enrolment_through_the_api(community, community_admin, api_client_for):
    _kindergarten, (group,) = institution(community, capacity=1)
    category = services.category_save(actor=SYSTEM, community=community, name="Діти ВПО", rank=1)
    mother = parent(community)
    application = file(community, mother, [group])
    parent_api, staff = api_client_for(community, mother), api_client_for(community, community_admin)
    added = parent_api.client.post(parent_api.url(f"enrollment/applications/{application.pk}/claims"),
                                   {"category_id": category.pk, "documents": [pdf()]}, **parent_api.headers)
    assert added.status_code == 201, added.content
    assert added.json()["documents"] == 1
    review = staff.get("enrollment/staff/claims").json()["items"]
    assert [(c["code"], c["category"]) for c in review] == [(application.code, "Діти ВПО")]
    assert parent_api.post(f"enrollment/claims/{review[0]['id']}/verify").status_code == 403
    assert staff.post(f"enrollment/claims/{review[0]['id']}/verify").json()["state"] == "verified"
    assert staff.post(f"enrollment/claims/{review[0]['id']}/refuse", {"reason": "x"}).status_code == 409
    opened = staff.post(f"enrollment/groups/{group.pk}/rounds", {"accept_days": 3})
    assert opened.status_code == 201 and opened.json()["number"] == 1
    assert staff.post(f"enrollment/groups/{group.pk}/rounds", {"accept_days": 99}).status_code in (400, 422)
    offer = Offer.objects.get(application=application)
    assert staff.post(f"enrollment/offers/{offer.pk}/accept").status_code == 404  # not the parent
    assert parent_api.post(f"enrollment/offers/{offer.pk}/accept").json()["state"] == "accepted"
    assert parent_api.post(f"enrollment/offers/{offer.pk}/decline").status_code == 409
    assert staff.post(f"enrollment/offers/{offer.pk}/enrol").json()["state"] == "enrolled"
    assert staff.post(f"enrollment/rounds/{opened.json()['id']}/close").json()["state"] == "closed"
    assert parent_api.get(f"enrollment/applications/{application.pk}").json()["status"] == "enrolled"


def test_another_communitys_groups_and_applications_are_not_found(community, other_community, api_client_for):
    _theirs, (group,) = institution(other_community)
    application = file(other_community, parent(other_community), [group])
    api = api_client_for(community, parent(community))
    assert api.get(f"enrollment/groups/{group.pk}/queue").status_code == 404
    assert api.get(f"enrollment/applications/{application.pk}").status_code == 404
    assert api.post("enrollment/applications", _body([group])).status_code == 400
