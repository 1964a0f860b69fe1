"""Housing API: anyone lists public buildings, works and managers (paged at pinned queries), staff see hidden ones
and write through the same services; keepers write works; bad input comes back in the envelope with the field
and nothing written; another community's rows are 404."""

from __future__ import annotations

import datetime as dt
import json

from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hromada.appeals.tests.factories import make_appeal, make_category
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Role
from hromada.core.storage import private_storage
from hromada.housing import services
from hromada.housing.models import AppealLink, BoardMember, Building, BuildingDocument, Work, WorkAttachment

from .factories import jpeg_with_gps, make_building, make_manager, make_work, pdf_upload


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


# --- files, appeal links and boards through the API (the same services as the office pages) ----------------------

def _multipart(api, path, data):
    return api.client.post(api.url(path), data, **api.headers)


def test_documents_are_uploaded_changed_and_removed_by_editors(community, community_admin, resident, settings,
                                                               tmp_path, api_client_for,
                                                               django_capture_on_commit_callbacks):
    settings.HROMADA_PRIVATE_ROOT = str(tmp_path)
    building = make_building(community)
    staff = api_client_for(community, community_admin)
    created = _multipart(staff, f"housing/{building.pk}/documents",
                         {"file": pdf_upload(), "title": "Технічний паспорт", "kind": "passport", "is_public": "true"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["title"], body["kind"], body["content_type"], body["is_public"]) == (
        "Технічний паспорт", "passport", "application/pdf", True)
    hidden = _multipart(staff, f"housing/{building.pk}/documents", {"file": pdf_upload(), "title": "Внутрішній"})
    assert hidden.status_code == 201 and hidden.json()["is_public"] is False
    seen = [d["title"] for d in api_client_for(community).get(f"housing/{building.pk}").json()["documents"]]
    assert seen == ["Технічний паспорт"]
    assert len(staff.get(f"housing/{building.pk}").json()["documents"]) == 2
    # Bad input: the field and the reason, nothing stored.
    untitled = _multipart(staff, f"housing/{building.pk}/documents", {"file": pdf_upload()})
    assert untitled.status_code == 400 and "title" in untitled.json()["error"]["fields"]
    text = SimpleUploadedFile("notes.pdf", b"just some text, not a PDF at all", content_type="application/pdf")
    wrong = _multipart(staff, f"housing/{building.pk}/documents", {"file": text, "title": "Акт"})
    assert wrong.status_code == 400 and "file" in wrong.json()["error"]["fields"]
    bad_kind = _multipart(staff, f"housing/{building.pk}/documents", {"file": pdf_upload(), "title": "Акт",
                                                                        "kind": "poem"})
    assert bad_kind.status_code == 400 and "kind" in bad_kind.json()["error"]["fields"]
    refused = _multipart(api_client_for(community, resident), f"housing/{building.pk}/documents",
                         {"file": pdf_upload(), "title": "Моє"})
    assert refused.status_code == 403
    assert BuildingDocument.objects.count() == 2
    document_id = body["id"]
    changed = staff.patch(f"housing/documents/{document_id}", {"title": "Техпаспорт", "is_public": False})
    assert changed.status_code == 200 and changed.json()["title"] == "Техпаспорт" and not changed.json()["is_public"]
    assert staff.patch(f"housing/documents/{document_id}", {"title": ""}).status_code == 400
    assert staff.patch(f"housing/documents/{document_id}", {"file": "x"}).status_code == 400
    stored = BuildingDocument.objects.get(pk=document_id).file.name
    with django_capture_on_commit_callbacks(execute=True):
        assert staff.delete(f"housing/documents/{document_id}").status_code == 204
    assert not private_storage.exists(stored) and not BuildingDocument.objects.filter(pk=document_id).exists()


def test_a_works_keepers_attach_and_remove_acts_and_photos(community, community_admin, settings, tmp_path,
                                                          api_client_for):
    settings.HROMADA_PRIVATE_ROOT = str(tmp_path)
    utility = Department.objects.create(community=community, name="КП «Житлосервіс»")
    other_department = Department.objects.create(community=community, name="Відділ освіти")
    keeper = make_member(community, Role.OFFICIAL, department=utility)
    stranger = make_member(community, Role.OFFICIAL, department=other_department)
    company = make_manager(community, kind="company", department_id=utility.pk)
    work = make_work(community, make_building(community, manager_id=company.pk))
    api = api_client_for(community, keeper)
    photo = _multipart(api, f"housing/works/{work.pk}/files", {"file": jpeg_with_gps(), "kind": "photo"})
    assert photo.status_code == 201, photo.content
    assert photo.json()["content_type"] == "image/jpeg" and photo.json()["is_public"] is True
    act = _multipart(api, f"housing/works/{work.pk}/files", {"file": pdf_upload(), "is_public": "false"})
    assert act.status_code == 201 and act.json()["kind"] == "act"
    refused = _multipart(api_client_for(community, stranger), f"housing/works/{work.pk}/files",
                         {"file": pdf_upload()})
    assert refused.status_code == 403
    missing = _multipart(api, f"housing/works/{work.pk}/files", {"kind": "act"})
    assert missing.status_code == 400 and "file" in missing.json()["error"]["fields"]
    assert [f["kind"] for f in api_client_for(community).get(f"housing/works/{work.pk}").json()["files"]] == ["photo"]
    assert len(api_client_for(community, community_admin).get(f"housing/works/{work.pk}").json()["files"]) == 2
    shown = api.patch(f"housing/works/files/{act.json()['id']}", {"is_public": True})
    assert shown.status_code == 200 and shown.json()["is_public"] is True
    assert len(api_client_for(community).get(f"housing/works/{work.pk}").json()["files"]) == 2
    assert api.patch(f"housing/works/files/{act.json()['id']}", {"is_public": "maybe"}).status_code == 400
    assert api.patch(f"housing/works/files/{act.json()['id']}", {}).status_code == 400
    assert api_client_for(community, stranger).patch(f"housing/works/files/{act.json()['id']}",
                                                     {"is_public": False}).status_code == 403
    assert api.patch("housing/works/files/987654321", {"is_public": False}).status_code == 404
    assert WorkAttachment.objects.get(pk=act.json()["id"]).is_public
    assert api.delete(f"housing/works/files/{act.json()['id']}").status_code == 204
    assert WorkAttachment.objects.filter(work=work).count() == 1


def test_editors_link_and_unlink_appeals(community, community_admin, resident, department, api_client_for):
    appeal = make_appeal(community, resident, make_category(community, "roof", fallback=department))
    building = make_building(community)
    staff = api_client_for(community, community_admin)
    linked = staff.post(f"housing/{building.pk}/appeals", {"registration_index": appeal.registration_index})
    assert linked.status_code == 201, linked.content
    assert linked.json()["appeal_id"] == appeal.pk
    again = staff.post(f"housing/{building.pk}/appeals", {"registration_index": appeal.registration_index})
    assert again.status_code == 409 and "registration_index" in again.json()["error"]["fields"]
    unknown = staff.post(f"housing/{building.pk}/appeals", {"registration_index": "НЕМАЄ-1"})
    assert unknown.status_code == 400 and "registration_index" in unknown.json()["error"]["fields"]
    assert staff.post(f"housing/{building.pk}/appeals", {"registration_index": ""}).status_code == 400
    refused = api_client_for(community, resident).post(f"housing/{building.pk}/appeals",
                                                       {"registration_index": appeal.registration_index})
    assert refused.status_code in (401, 403)
    shown = staff.get(f"housing/{building.pk}").json()["appeals"]
    assert [(a["appeal_id"], a["registration_index"]) for a in shown] == [(appeal.pk, appeal.registration_index)]
    assert staff.delete(f"housing/appeal-links/{linked.json()['id']}").status_code == 204
    assert staff.get(f"housing/{building.pk}").json()["appeals"] == []


def test_editors_keep_a_condominiums_board(community, community_admin, api_client_for):
    osbb = make_manager(community)
    company = make_manager(community, kind="company")
    staff = api_client_for(community, community_admin)
    chair = staff.post(f"housing/managers/{osbb.pk}/board", {"name": "Олена Голова", "role": "chair",
                                                             "phone": "+380 50 000 00 00", "public": True})
    assert chair.status_code == 201, chair.content
    member = staff.post(f"housing/managers/{osbb.pk}/board", {"name": "Петро Член", "email": "petro@example.org"})
    assert member.status_code == 201 and member.json()["public"] is False and member.json()["role"] == "member"
    not_board = staff.post(f"housing/managers/{company.pk}/board", {"name": "Хтось"})
    assert not_board.status_code == 400 and "manager_id" in not_board.json()["error"]["fields"]
    bad_email = staff.post(f"housing/managers/{osbb.pk}/board", {"name": "Хтось", "email": "nope"})
    assert bad_email.status_code == 400 and "email" in bad_email.json()["error"]["fields"]
    assert staff.post(f"housing/managers/{osbb.pk}/board", {"name": "Хтось", "role": "king"}).status_code == 400
    assert staff.post(f"housing/managers/{osbb.pk}/board", {"name": "Хтось", "age": 40}).status_code == 400
    public = api_client_for(community).get(f"housing/managers/{osbb.pk}").json()["board"]
    assert [p["name"] for p in public] == ["Олена Голова"]
    agreed = staff.patch(f"housing/board/{member.json()['id']}", {"public": True})
    assert agreed.status_code == 200 and agreed.json()["public"] is True
    assert staff.patch(f"housing/board/{member.json()['id']}", {"name": ""}).status_code == 400
    assert len(api_client_for(community).get(f"housing/managers/{osbb.pk}").json()["board"]) == 2
    assert staff.delete(f"housing/board/{chair.json()['id']}").status_code == 204
    assert BoardMember.objects.filter(manager=osbb).count() == 1


def test_the_new_writes_on_another_communitys_rows_are_not_found(community, other_community, community_admin,
                                                                 resident, department, settings, tmp_path,
                                                                 api_client_for):
    settings.HROMADA_PRIVATE_ROOT = str(tmp_path)
    theirs = make_building(other_community)
    their_work = make_work(other_community, theirs)
    their_osbb = make_manager(other_community)
    their_document = services.document_upload(actor=SYSTEM, community=other_community, building_id=theirs.pk,
                                              upload=pdf_upload(), title="Їхній")
    their_file = services.work_attach(actor=SYSTEM, community=other_community, work_id=their_work.pk,
                                      upload=pdf_upload())
    their_member = services.board_member_add(actor=SYSTEM, community=other_community, manager_id=their_osbb.pk,
                                             name="Чужа Людина")
    ours = make_appeal(community, resident, make_category(community, "light", fallback=department))
    their_link = AppealLink.objects.create(community=other_community, building=theirs, appeal_id=ours.pk)
    staff = api_client_for(community, community_admin)
    assert _multipart(staff, f"housing/{theirs.pk}/documents",
                      {"file": pdf_upload(), "title": "x"}).status_code == 404
    assert staff.patch(f"housing/documents/{their_document.pk}", {"title": "x"}).status_code == 404
    assert staff.delete(f"housing/documents/{their_document.pk}").status_code == 404
    assert _multipart(staff, f"housing/works/{their_work.pk}/files", {"file": pdf_upload()}).status_code == 404
    assert staff.get(f"housing/works/{their_work.pk}").status_code == 404
    assert staff.delete(f"housing/works/files/{their_file.pk}").status_code == 404
    for number in (ours.registration_index, "НЕМАЄ-1"):  # not found, whatever the number
        assert staff.post(f"housing/{theirs.pk}/appeals", {"registration_index": number}).status_code == 404
    assert staff.delete(f"housing/appeal-links/{their_link.pk}").status_code == 404
    assert staff.post(f"housing/managers/{their_osbb.pk}/board", {"name": "x"}).status_code == 404
    assert staff.patch(f"housing/board/{their_member.pk}", {"name": "x"}).status_code == 404
    assert staff.delete(f"housing/board/{their_member.pk}").status_code == 404
    assert (BuildingDocument.objects.filter(community=other_community).count(),
            WorkAttachment.objects.filter(community=other_community).count(),
            AppealLink.objects.filter(community=other_community).count(),
            BoardMember.objects.filter(community=other_community).get().name) == (1, 1, 1, "Чужа Людина")


def test_patch_bodies_keep_the_limits_of_their_post_bodies(community, community_admin, api_client_for):
    building = make_building(community)
    work = make_work(community, building)
    staff = api_client_for(community, community_admin)
    assert staff.patch(f"housing/{building.pk}", {"street": ""}).status_code == 400
    assert staff.patch(f"housing/{building.pk}", {"floors": 500}).status_code == 400
    assert staff.patch(f"housing/works/{work.pk}", {"status": "done"}).status_code == 400  # moves on by /status
    assert staff.patch(f"housing/works/{work.pk}", {"title": "Новий заголовок"}).json()["title"] == "Новий заголовок"
    assert Building.objects.get(pk=building.pk).street == building.street
