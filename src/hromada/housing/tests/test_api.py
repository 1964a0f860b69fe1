"""Housing API: anyone lists public buildings, works and managers (paged at pinned queries), staff see hidden ones
and write through the same services; keepers write works; bad input comes back in the envelope with the field
and nothing written; another community's rows are 404."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import timezone

from hromada.housing.models import Building, Work

from .factories import make_building, make_manager, make_work


def test_lists_show_public_entries_to_anyone_and_hidden_ones_to_staff(community, community_admin, resident,
                                                                      api_client_for,
                                                                      django_assert_max_num_queries):
    manager = make_manager(community)
    hidden_manager = make_manager(community, is_public=False)
    for n in range(12):
        make_building(community, manager_id=(manager if n % 2 else hidden_manager).pk)
    hidden = make_building(community, is_public=False)
    anyone = api_client_for(community)
    with django_assert_max_num_queries(8):
        body = anyone.get("housing/", page_size=50).json()
    assert body["count"] == 12 and hidden.pk not in [item["id"] for item in body["items"]]
    assert {item["manager"]["id"] if item["manager"] else None for item in body["items"]} == {manager.pk, None}
    assert anyone.get(f"housing/{hidden.pk}").status_code == 404
    staff = api_client_for(community, community_admin)
    assert staff.get("housing/", page_size=50).json()["count"] == 13
    assert api_client_for(community, resident).get("housing/").json()["count"] == 12
    assert anyone.get("housing/managers").json()["count"] == 1


def test_a_buildings_detail_carries_systems_money_and_emergencies(community, community_admin, api_client_for):
    building = make_building(community, floors=9)
    staff = api_client_for(community, community_admin)
    put = staff.client.put(staff.url(f"housing/{building.pk}/systems/roof"), json.dumps({"state": "poor"}),
                           content_type="application/json", **staff.headers)
    assert put.status_code == 200 and put.json()["state"] == "poor"
    today = timezone.localdate()
    make_work(community, building, status="done", cost_planned="1000", cost_actual="900.50",
              actual_start=today - dt.timedelta(days=3), actual_end=today)
    created = staff.post(f"housing/{building.pk}/emergencies", {
        "system_kind": "heating", "occurred_at": (timezone.now() - dt.timedelta(hours=2)).isoformat(),
        "description": "Порив"})
    assert created.status_code == 201, created.content
    body = api_client_for(community).get(f"housing/{building.pk}").json()
    assert body["floors"] == 9 and body["spending"][0]["spent"] in ("900.50", 900.5)
    assert body["emergencies"][0]["system_kind"] == "heating"


def test_staff_write_buildings_and_bad_input_comes_back_in_the_envelope(community, community_admin, resident,
                                                                       api_client_for):
    staff = api_client_for(community, community_admin)
    created = staff.post("housing/", {"street": "вул. Нова", "number": "2", "total_area": "1200.50",
                                      "energy_class": "C", "lat": 49.1, "lon": 33.2})
    assert created.status_code == 201, created.content
    building_id = created.json()["id"]
    assert staff.patch(f"housing/{building_id}", {"floors": 5}).json()["floors"] == 5
    refused = api_client_for(community, resident).post("housing/", {"street": "вул. Моя", "number": "1"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    half_point = staff.post("housing/", {"street": "вул. Друга", "number": "2", "lat": 49.1})
    assert half_point.status_code == 400 and half_point.json()["error"]["fields"]
    assert staff.post("housing/", {"street": "вул. Друга", "number": "2", "colour": "red"}).status_code in (400, 422)
    assert staff.post("housing/", {"street": "вул. Нова", "number": "2"}).status_code == 409
    assert Building.objects.count() == 1
    assert staff.delete(f"housing/{building_id}").status_code == 204


def test_works_are_listed_filtered_and_moved_on(community, community_admin, api_client_for,
                                                django_assert_max_num_queries):
    building = make_building(community)
    for n in range(6):
        make_work(community, building, kind="repair" if n % 2 else "maintenance", is_public=n != 5)
    staff = api_client_for(community, community_admin)
    created = staff.post(f"housing/{building.pk}/works", {"kind": "capital_repair", "title": "Утеплення фасаду",
                                                          "cost_planned": "1500000.00"})
    assert created.status_code == 201, created.content
    work_id = created.json()["id"]
    anyone = api_client_for(community)
    with django_assert_max_num_queries(8):
        body = anyone.get("housing/works", page_size=50).json()
    assert body["count"] == 6
    assert anyone.get("housing/works", kind="repair").json()["count"] == 2  # the third is not public
    assert anyone.get("housing/works", kind="paint").status_code in (400, 422)
    today = timezone.localdate().isoformat()
    moved = staff.post(f"housing/works/{work_id}/status", {"status": "done", "actual_start": today,
                                                           "actual_end": today, "cost_actual": "1490000.00"})
    assert moved.status_code == 200 and moved.json()["status"] == "done"
    assert staff.post(f"housing/works/{work_id}/status", {"status": "cancelled"}).status_code == 409
    bad = staff.patch(f"housing/works/{work_id}", {"contractor_edrpou": "12"})
    assert bad.status_code == 400 and "contractor_edrpou" in bad.json()["error"]["fields"]
    assert Work.objects.get(pk=work_id).contractor_edrpou == ""


def test_another_communitys_rows_are_not_found(community, other_community, community_admin, api_client_for):
    theirs = make_building(other_community)
    their_work = make_work(other_community, theirs)
    staff = api_client_for(community, community_admin)
    assert staff.get(f"housing/{theirs.pk}").status_code == 404
    assert staff.patch(f"housing/{theirs.pk}", {"floors": 2}).status_code == 404
    assert staff.get(f"housing/works/{their_work.pk}").status_code == 404
    assert staff.post(f"housing/{theirs.pk}/works", {"kind": "repair", "title": "x"}).status_code == 404


def test_managers_are_written_by_editors(community, community_admin, api_client_for):
    staff = api_client_for(community, community_admin)
    created = staff.post("housing/managers", {"kind": "condominium", "name": "ОСББ API", "edrpou": "12345670"})
    assert created.status_code == 201, created.content
    manager_id = created.json()["id"]
    detail = api_client_for(community).get(f"housing/managers/{manager_id}").json()
    assert detail["name"] == "ОСББ API" and detail["board"] == []
    assert staff.post("housing/managers", {"kind": "condominium", "name": "Дубль",
                                           "edrpou": "12345670"}).status_code == 409
    assert staff.delete(f"housing/managers/{manager_id}").status_code == 204
