"""Housing pages: the public list (search, filters, pages at pinned queries), a building's page with what is
public only, the map and its GeoJSON, managers with boards (people only when they agreed), private files; the staff's
pages: forms that say what to fix, refusals, and 404 for another community's rows."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.utils import timezone

from hromada.core.identity.actors import SYSTEM
from hromada.housing import services
from hromada.housing.models import Building, BuildingSystem, Work

from .factories import make_building, make_manager, make_work, pdf_upload


def _url(community, path: str = "") -> str:
    return f"/c/{community.slug}/housing/{path}"


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_list_searches_filters_and_pages_at_pinned_queries(community, django_assert_max_num_queries):
    osbb = make_manager(community, name="ОСББ Світанок")
    for n in range(35):
        make_building(community, street="вул. Садова" if n % 2 else "просп. Миру", number=str(n + 1),
                      manager_id=osbb.pk if n % 3 == 0 else None, energy_class="C" if n % 5 == 0 else "")
    make_building(community, street="вул. Прихована", number="1", is_public=False)
    client = _client()
    with django_assert_max_num_queries(12):
        page = client.get(_url(community))
    body = page.content.decode()
    assert page.status_code == 200 and "вул. Прихована" not in body and '<html lang="uk"' in body
    assert 'rel="next"' in body
    found = client.get(_url(community), {"q": "садова 8"}).content.decode()
    assert "вул. Садова, 8" in found and "просп. Миру" not in found
    by_manager = client.get(_url(community), {"manager": osbb.pk, "energy_class": "C"})
    assert by_manager.context["page"].paginator.count == len([n for n in range(35) if n % 15 == 0])
    assert client.get(_url(community), {"manager": "abc", "page": "999"}).status_code == 200
    empty = client.get(_url(community), {"q": "неіснуюча"}).content.decode()
    assert "No building matches" in empty or "Жоден будинок" in empty


def test_works_this_year_filter(community):
    today = timezone.localdate()
    with_work, without = make_building(community), make_building(community)
    make_work(community, with_work, planned_start=today.replace(month=1, day=2))
    make_work(community, without, planned_start=today.replace(year=today.year - 2))
    listed = _client().get(_url(community), {"works_this_year": "on"}).context["page"].object_list
    assert [b.pk for b in listed] == [with_work.pk]


def test_a_buildings_page_shows_its_public_facts_only(community, community_admin, settings, tmp_path):
    settings.HROMADA_PRIVATE_ROOT = str(tmp_path)
    osbb = make_manager(community, name="ОСББ Затишок", phone="+380 50 000 00 00")
    services.board_member_add(actor=SYSTEM, community=community, manager_id=osbb.pk, name="Голова Відкрита",
                              role="chair", public=True)
    services.board_member_add(actor=SYSTEM, community=community, manager_id=osbb.pk, name="Член Прихований")
    building = make_building(community, street="вул. Шкільна", number="4", floors=9, manager_id=osbb.pk)
    services.system_set(actor=SYSTEM, community=community, building_id=building.pk, kind="roof", state="poor")
    today = timezone.localdate()
    make_work(community, building, title="Ремонт покрівлі", status="done", cost_planned="100000",
              cost_actual="98765.40", actual_start=today - dt.timedelta(days=10), actual_end=today)
    make_work(community, building, title="Прихована робота", is_public=False)
    services.document_upload(actor=SYSTEM, community=community, building_id=building.pk, upload=pdf_upload(),
                             title="Публічний акт", is_public=True)
    secret = services.document_upload(actor=SYSTEM, community=community, building_id=building.pk,
                                      upload=pdf_upload(), title="Внутрішній документ")
    services.emergency_report(actor=SYSTEM, community=community, building_id=building.pk, system_kind="heating",
                              description="Порив труби", occurred_at=timezone.now() - dt.timedelta(days=1))
    body = _client().get(_url(community, f"{building.pk}/")).content.decode()
    for shown in ("вул. Шкільна, 4", "ОСББ Затишок", "Голова Відкрита", "Ремонт покрівлі", "98", "Публічний акт",
                  "Порив труби"):
        assert shown in body, shown
    for hidden in ("Член Прихований", "Прихована робота", "Внутрішній документ"):
        assert hidden not in body, hidden
    assert _client().get(_url(community, f"documents/{secret.pk}/")).status_code == 404
    staff = _client(community_admin)
    assert "Член Прихований" in staff.get(_url(community, f"{building.pk}/")).content.decode()
    download = staff.get(_url(community, f"documents/{secret.pk}/"))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_hidden_and_foreign_buildings_are_not_found(community, other_community, resident):
    hidden = make_building(community, is_public=False)
    theirs = make_building(other_community)
    client = _client(resident)
    assert client.get(_url(community, f"{hidden.pk}/")).status_code == 404
    assert client.get(_url(community, f"{theirs.pk}/")).status_code == 404
    theirs_manager = make_manager(other_community)
    assert client.get(_url(community, f"managers/{theirs_manager.pk}/")).status_code == 404


def test_the_map_and_its_geojson(community, django_assert_max_num_queries):
    make_building(community, street="вул. Набережна", number="1", lat=49.07, lon=33.41)
    make_building(community, street="вул. Набережна", number="3")  # no location: not on the map
    make_building(community, street="вул. Набережна", number="5", lat=49.071, lon=33.412, is_public=False)
    client = _client()
    page = client.get(_url(community, "map/"))
    assert page.status_code == 200 and 'id="housing-map"' in page.content.decode()
    with django_assert_max_num_queries(8):
        data = client.get(_url(community, "map.geojson")).json()
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 1
    assert data["features"][0]["geometry"]["coordinates"] == [33.41, 49.07]
    assert data["features"][0]["properties"]["url"].endswith(f"/housing/{Building.objects.first().pk}/")


def test_managers_and_their_boards(community):
    osbb = make_manager(community, name="ОСББ Каштан")
    services.board_member_add(actor=SYSTEM, community=community, manager_id=osbb.pk, name="Іван Публічний",
                              role="chair", public=True)
    services.board_member_add(actor=SYSTEM, community=community, manager_id=osbb.pk, name="Ганна Непублічна")
    make_manager(community, name="Прихована компанія", kind="company", is_public=False)
    client = _client()
    listing = client.get(_url(community, "managers/")).content.decode()
    assert "ОСББ Каштан" in listing and "Прихована компанія" not in listing
    page = client.get(_url(community, f"managers/{osbb.pk}/")).content.decode()
    assert "Іван Публічний" in page and "Ганна Непублічна" not in page


def test_staff_add_a_building_and_the_form_says_what_to_fix(community, community_admin, resident):
    assert _client(resident).get(_url(community, "office/buildings/new/")).status_code == 403
    client = _client(community_admin)
    assert client.get(_url(community, "office/buildings/new/")).status_code == 200
    bad = client.post(_url(community, "office/buildings/new/"), {"street": "вул. Нова", "number": "1",
                                                                 "floors": "0", "lat": "49.1"})
    assert bad.status_code == 400 and bad.context["form"].errors["floors"]
    assert not Building.objects.exists()
    good = client.post(_url(community, "office/buildings/new/"), {"street": "вул. Нова", "number": "1",
                                                                  "floors": "5", "is_public": "on"})
    building = Building.objects.get()
    assert good.status_code == 302 and good["Location"].endswith(f"office/buildings/{building.pk}/")
    taken = client.post(_url(community, "office/buildings/new/"), {"street": "вул. Нова", "number": "1"})
    assert taken.status_code == 409 and taken.context["form"].errors["number"]


def test_a_keeper_records_systems_works_and_emergencies(community, community_admin, settings, tmp_path):
    settings.HROMADA_PRIVATE_ROOT = str(tmp_path)
    building = make_building(community)
    client = _client(community_admin)
    manage = _url(community, f"office/buildings/{building.pk}/")
    assert client.get(manage).status_code == 200
    assert client.post(manage + "systems/", {"system-kind": "roof", "system-state": "poor"}).status_code == 302
    assert BuildingSystem.objects.get().state == "poor"
    refused = client.post(manage + "systems/", {"system-kind": "roof", "system-state": "awful"})
    assert refused.status_code == 400
    new = client.post(manage + "works/new/", {"kind": "repair", "title": "Ремонт під'їзду", "funded_by": "budget",
                                              "status": "planned", "cost_planned": "12 000,50"})
    work = Work.objects.get()
    assert new.status_code == 302 and str(work.cost_planned) == "12000.50"
    page = _url(community, f"office/works/{work.pk}/")
    assert client.get(page).status_code == 200
    wrong = client.post(page + "status/", {"status-status": "done"})
    assert wrong.status_code == 400 and wrong.context["status_form"].errors
    attached = client.post(page + "files/", {"attach-kind": "act", "attach-file": pdf_upload(),
                                             "attach-is_public": "on"})
    assert attached.status_code == 302 and work.attachments.count() == 1
    act = work.attachments.get()
    assert "Залишити" in client.get(page).content.decode()
    hidden = client.post(_url(community, f"office/files/{act.pk}/visibility/"), {"is_public": "0"})
    assert hidden.status_code == 302 and not work.attachments.get().is_public
    assert "Показати" in client.get(page).content.decode()
    emergency = client.post(manage + "emergencies/", {
        "emergency-system_kind": "heating", "emergency-severity": "major",
        "emergency-occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "emergency-description": "Порив"})
    assert emergency.status_code == 302 and building.emergencies.count() == 1


def test_staff_pages_of_another_community_are_not_found(community, other_community, community_admin):
    theirs = make_building(other_community)
    client = _client(community_admin)
    assert client.get(_url(community, f"office/buildings/{theirs.pk}/")).status_code == 404
    assert client.post(_url(community, f"office/buildings/{theirs.pk}/systems/"),
                       {"system-kind": "roof", "system-state": "poor"}).status_code == 404
    their_work = make_work(other_community, theirs)
    assert client.get(_url(community, f"office/works/{their_work.pk}/")).status_code == 404
    assert client.post(_url(community, f"office/works/{their_work.pk}/delete/")).status_code == 404
    assert Work.objects.filter(pk=their_work.pk).exists()
    their_file = services.work_attach(actor=SYSTEM, community=other_community, work_id=their_work.pk,
                                      upload=pdf_upload(), is_public=True)
    assert client.post(_url(community, f"office/files/{their_file.pk}/visibility/"),
                       {"is_public": "0"}).status_code == 404
    their_file.refresh_from_db()
    assert their_file.is_public


def test_managers_are_edited_with_their_board(community, community_admin):
    client = _client(community_admin)
    created = client.post(_url(community, "office/managers/new/"), {"kind": "condominium", "name": "ОСББ Нове",
                                                                    "edrpou": "12345678", "is_public": "on"})
    assert created.status_code == 302
    manager_id = int(created["Location"].rstrip("/").rsplit("/", 1)[1])
    edit = _url(community, f"office/managers/{manager_id}/")
    assert client.get(edit).status_code == 200
    assert client.post(edit + "board/", {"board-name": "Голова", "board-role": "chair"}).status_code == 302
    bad = client.post(_url(community, "office/managers/new/"), {"kind": "condominium", "name": "Ще одне",
                                                                "edrpou": "123"})
    assert bad.status_code == 400 and bad.context["form"].errors["edrpou"]


def _furnished_building(community, resident, department, *, works: int):
    """A public building with a board, systems, and `works` of everything the page lists: works each with an act
    and a photo, documents, emergencies fixed by a work, and linked appeals."""
    from hromada.appeals.tests.factories import make_appeal, make_category

    from .factories import jpeg_with_gps

    osbb = make_manager(community)
    for role in ("chair", "member"):
        services.board_member_add(actor=SYSTEM, community=community, manager_id=osbb.pk, name=f"Особа {role}",
                                  role=role, public=True)
    building = make_building(community, manager_id=osbb.pk)
    services.systems_record(actor=SYSTEM, community=community, building_id=building.pk, systems=[
        {"kind": kind, "state": "good"} for kind in ("roof", "heating", "cold_water")])
    category = make_category(community, f"housing-{building.pk}", fallback=department)
    today = timezone.localdate()
    for n in range(works):
        work = make_work(community, building, title=f"Робота {n}", status="done", cost_actual="100",
                         actual_start=today - dt.timedelta(days=n + 1), actual_end=today)
        services.work_attach(actor=SYSTEM, community=community, work_id=work.pk, upload=pdf_upload(), kind="act")
        services.work_attach(actor=SYSTEM, community=community, work_id=work.pk, upload=jpeg_with_gps(),
                             kind="photo")
        services.document_upload(actor=SYSTEM, community=community, building_id=building.pk, upload=pdf_upload(),
                                 title=f"Документ {n}", is_public=True)
        services.emergency_report(actor=SYSTEM, community=community, building_id=building.pk, system_kind="roof",
                                  description=f"Протікання {n}", work_id=work.pk,
                                  occurred_at=timezone.now() - dt.timedelta(days=n + 1))
        appeal = make_appeal(community, resident, category)
        services.appeal_link(actor=SYSTEM, community=community, building_id=building.pk,
                             registration_index=appeal.registration_index)
    return building


# A signed-in resident's view of a building's page, whatever it lists (measured): session, user, the building with
# its manager, the person's roles, works, their attachments (one prefetch), board, systems, documents, emergencies
# with their works, appeal links, the appeals they name, and the frame's unread notifications.
BUILDING_PAGE_QUERIES = 13


def test_the_buildings_page_costs_the_same_queries_with_one_work_or_ten(community, resident, department, settings,
                                                                        tmp_path, django_assert_max_num_queries):
    settings.HROMADA_PRIVATE_ROOT = str(tmp_path)
    client = _client(resident)
    for works in (1, 10):
        building = _furnished_building(community, resident, department, works=works)
        client.get(_url(community, f"{building.pk}/"))  # warm the community cache
        with django_assert_max_num_queries(BUILDING_PAGE_QUERIES):
            body = client.get(_url(community, f"{building.pk}/")).content.decode()
        assert body.count(f'href="/c/{community.slug}/housing/works/files/') == 2 * works
        assert body.count(f'href="/c/{community.slug}/housing/documents/') == works
        assert body.count("Протікання") == works and body.count(f'{community.slug}/appeals/') >= works
