"""Housing services: who may write what (editors, the manager's utility department, nobody else), every kind of
bad input refused whole with the field named, audit events without personal data, tenancy, files cleaned."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from conftest import make_member
from django.utils import timezone
from PIL import Image

from hromada.appeals.tests.factories import make_appeal, make_category
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Role
from hromada.housing import services
from hromada.housing.models import BoardMember, Building, BuildingSystem, Work, WorkAttachment

from .factories import jpeg_with_gps, make_building, make_manager, make_work, pdf_upload


def _set_editor_departments(community, names: str) -> None:
    community.capability_settings = {**(community.capability_settings or {}), "housing": {"editor_departments": names}}
    community.save(update_fields=["capability_settings"])


def test_an_admin_registers_a_building_with_its_passport(community, community_admin):
    manager = make_manager(community)
    building = services.building_create(
        actor=community_admin, community=community, street=" вул. Героїв Дніпра ", number="12", block="А",
        lat="49.01", lon="33.25", year_built=1975, floors="9", entrances=4, flats=144, total_area="8 120,50",
        living_area="5400.00", wall_material="panel", roof_type="flat", energy_class="D", manager_id=manager.pk)
    assert building.street == "вул. Героїв Дніпра" and building.total_area == Decimal("8120.50")
    assert building.search_text == "вул. героїв дніпра 12 а" and building.floors == 9
    assert building.manager_id == manager.pk and building.created_by == community_admin
    event = AuditEvent.objects.get(action="housing.building.created")
    assert event.community_id == community.pk


def test_bad_building_input_is_refused_whole_with_every_field_named(community, community_admin, other_community):
    foreign_manager = make_manager(other_community)
    with pytest.raises(ValidationFailed) as caught:
        services.building_create(actor=community_admin, community=community, street="", number="1",
                                 year_built=1500, floors=0, total_area="100", living_area="90.5",
                                 non_residential_area="20", energy_class="Z", lat="91", lon="10",
                                 manager_id=foreign_manager.pk, flats="many")
    fields = caught.value.fields
    assert {"street", "year_built", "floors", "total_area", "energy_class", "lat", "manager_id", "flats"} <= set(fields)
    with pytest.raises(ValidationFailed) as caught:
        services.building_create(actor=community_admin, community=community, street="вул. Тиха", number="1",
                                 total_area="10.555", lat="49.1")
    assert {"total_area"} <= set(caught.value.fields) and caught.value.fields.keys() & {"lat", "lon"}
    with pytest.raises(ValidationFailed):
        services.building_create(actor=community_admin, community=community, street="x", number="1", colour="red")
    assert not Building.objects.exists()


def test_an_address_is_registered_once(community, community_admin):
    make_building(community, street="вул. Садова", number="3")
    with pytest.raises(Conflict):
        services.building_create(actor=community_admin, community=community, street="вул. Садова", number="3")
    other = make_building(community, street="вул. Садова", number="5")
    with pytest.raises(Conflict):
        services.building_update(actor=community_admin, community=community, building_id=other.pk, number="3")
    assert Building.objects.get(pk=other.pk).number == "5"


def test_only_editors_write_buildings_and_an_editor_department_can_be_named(community, resident, official,
                                                                             moderator, department):
    for person in (resident, official, moderator):
        with pytest.raises(PermissionDenied):
            services.building_create(actor=person, community=community, street="вул. Нова", number="1")
    _set_editor_departments(community, f" інше, {department.name.upper()} ")
    community.refresh_from_db()
    official = type(official).objects.get(pk=official.pk)  # a fresh object: roles are cached per user object
    building = services.building_create(actor=official, community=community, street="вул. Нова", number="1")
    assert building.pk


def test_another_communitys_rows_are_not_found(community, community_admin, other_community):
    foreign = make_building(other_community)
    with pytest.raises(NotFound):
        services.building_update(actor=community_admin, community=community, building_id=foreign.pk, floors=3)
    with pytest.raises(NotFound):
        services.system_set(actor=community_admin, community=community, building_id=foreign.pk, kind="roof",
                            state="poor")
    with pytest.raises(NotFound):
        make_work(community, foreign)


def test_a_utility_keeps_the_buildings_of_the_manager_it_serves(community, department, official):
    utility = make_manager(community, kind="company", name="КП Житлосервіс", department_id=department.pk)
    served, other = make_building(community, manager_id=utility.pk), make_building(community)
    system = services.system_set(actor=official, community=community, building_id=served.pk, kind="heating",
                                 state="poor", last_inspected=dt.date(2024, 10, 1), note="Стояки")
    again = services.system_set(actor=official, community=community, building_id=served.pk, kind="heating",
                                state="good")
    assert again.pk == system.pk and BuildingSystem.objects.get().state == "good"
    work = make_work(community, served)
    assert services.work_update(actor=official, community=community, work_id=work.pk, cost_planned="1000").cost_planned
    with pytest.raises(PermissionDenied):
        services.system_set(actor=official, community=community, building_id=other.pk, kind="roof", state="poor")
    with pytest.raises(PermissionDenied):  # the passport itself is the editors'
        services.building_update(actor=official, community=community, building_id=served.pk, floors=5)


def test_a_work_moves_on_only_with_the_facts_each_status_needs(community, community_admin):
    building = make_building(community)
    work = services.work_create(actor=community_admin, community=community, building_id=building.pk,
                                kind="capital_repair", system_kind="roof", title="Ремонт покрівлі",
                                contractor_name="ТОВ Дах", contractor_edrpou="12345678", cost_planned="250000",
                                planned_start="2025-05-01", planned_end="2025-06-01")
    with pytest.raises(ValidationFailed) as caught:
        services.work_set_status(actor=community_admin, community=community, work_id=work.pk, status="done")
    assert {"actual_start", "actual_end"} <= set(caught.value.fields)
    today = timezone.localdate()
    done = services.work_set_status(actor=community_admin, community=community, work_id=work.pk, status="done",
                                    actual_start=today - dt.timedelta(days=20), actual_end=today,
                                    cost_actual="248 500,00")
    assert done.status == "done" and done.cost_actual == Decimal("248500.00")
    with pytest.raises(Conflict):
        services.work_set_status(actor=community_admin, community=community, work_id=work.pk, status="cancelled")
    reopened = services.work_set_status(actor=community_admin, community=community, work_id=work.pk,
                                        status="in_progress")
    assert reopened.actual_end is None and reopened.actual_start
    events = list(AuditEvent.objects.filter(action="housing.work.status").order_by("pk").values_list("data", flat=True))
    assert events[0]["to"] == "done" and events[0]["cost_actual"] == "248500.00"


def test_bad_work_input_names_each_field(community, community_admin):
    building = make_building(community)
    future = timezone.localdate() + dt.timedelta(days=3)
    with pytest.raises(ValidationFailed) as caught:
        services.work_create(actor=community_admin, community=community, building_id=building.pk, kind="paint",
                             title="", contractor_edrpou="123", cost_planned="-5", planned_start="2025-06-01",
                             planned_end="2025-05-01", actual_start=future, status="planned")
    assert {"kind", "title", "contractor_edrpou", "cost_planned", "planned_end", "actual_start"} <= set(
        caught.value.fields)
    assert not Work.objects.exists()


def test_boards_belong_to_condominiums_and_stay_out_of_the_audit_data(community, community_admin):
    osbb, company = make_manager(community), make_manager(community, kind="company", name="ТОВ Оселя")
    member = services.board_member_add(actor=community_admin, community=community, manager_id=osbb.pk,
                                       name="Петренко Олена", role="chair", phone="+380501112233", public=True)
    with pytest.raises(ValidationFailed):
        services.board_member_add(actor=community_admin, community=community, manager_id=company.pk, name="Х")
    with pytest.raises(ValidationFailed):
        services.board_member_add(actor=community_admin, community=community, manager_id=osbb.pk, name="Y",
                                  email="not-an-email")
    assert BoardMember.objects.count() == 1
    for event in AuditEvent.objects.filter(action__startswith="housing.board"):
        assert "Петренко" not in str(event.data) and "+380" not in str(event.data)
    services.board_member_remove(actor=community_admin, community=community, member_id=member.pk)
    assert not BoardMember.objects.exists()


def test_manager_codes_and_contacts_are_checked(community, community_admin):
    with pytest.raises(ValidationFailed) as caught:
        services.manager_create(actor=community_admin, community=community, kind="osbb", name="",
                                edrpou="1234", email="x@", website="ftp://x", registered_on="2999-01-01")
    assert {"kind", "name", "edrpou", "email", "website", "registered_on"} <= set(caught.value.fields)
    make_manager(community, edrpou="12345678")
    with pytest.raises(Conflict):
        make_manager(community, edrpou="12345678")


def test_documents_and_photos_are_stored_privately_and_cleaned(community, community_admin, settings, tmp_path):
    settings.HROMADA_PRIVATE_ROOT = str(tmp_path)
    building = make_building(community)
    document = services.document_upload(actor=community_admin, community=community, building_id=building.pk,
                                        upload=pdf_upload("техпаспорт.pdf"), title="Технічний паспорт",
                                        kind="passport", is_public=True)
    assert document.name == "техпаспорт.pdf" and document.content_type == "application/pdf"
    assert "техпаспорт" not in document.file.name
    work = make_work(community, building)
    photo = services.work_attach(actor=community_admin, community=community, work_id=work.pk,
                                 upload=jpeg_with_gps(), kind="photo")
    with Image.open(photo.file.path) as image:
        assert not image.getexif()
    with pytest.raises(ValidationFailed):
        services.work_attach(actor=community_admin, community=community, work_id=work.pk,
                             upload=pdf_upload("x.pdf"), kind="photo")
    assert WorkAttachment.objects.count() == 1
    services.work_delete(actor=community_admin, community=community, work_id=work.pk)
    assert not WorkAttachment.objects.exists()


def test_emergencies_are_recorded_resolved_and_checked(community, community_admin):
    building, other = make_building(community), make_building(community)
    work = make_work(community, building)
    foreign_work = make_work(community, other)
    now = timezone.now()
    event = services.emergency_report(actor=community_admin, community=community, building_id=building.pk,
                                      system_kind="heating", severity="critical", description="Порив",
                                      occurred_at=now - dt.timedelta(hours=5))
    assert event.resolved_at is None
    with pytest.raises(ValidationFailed) as caught:
        services.emergency_update(actor=community_admin, community=community, event_id=event.pk,
                                  resolved_at=now - dt.timedelta(hours=6), work_id=foreign_work.pk)
    assert {"resolved_at", "work_id"} <= set(caught.value.fields)
    fixed = services.emergency_update(actor=community_admin, community=community, event_id=event.pk,
                                      resolved_at=(now - dt.timedelta(hours=1)).isoformat(), work_id=work.pk)
    assert fixed.resolved_at and fixed.work_id == work.pk
    with pytest.raises(ValidationFailed):
        services.emergency_report(actor=community_admin, community=community, building_id=building.pk,
                                  system_kind="heating", description="", occurred_at=now + dt.timedelta(days=1))


def test_appeals_are_linked_by_number_and_only_when_enabled(community, community_admin, resident, department):
    appeal = make_appeal(community, resident, make_category(community, "light", fallback=department))
    building = make_building(community)
    link = services.appeal_link(actor=community_admin, community=community, building_id=building.pk,
                                registration_index=appeal.registration_index)
    assert link.appeal_id == appeal.pk
    with pytest.raises(Conflict):
        services.appeal_link(actor=community_admin, community=community, building_id=building.pk,
                             registration_index=appeal.registration_index)
    with pytest.raises(ValidationFailed):
        services.appeal_link(actor=community_admin, community=community, building_id=building.pk,
                             registration_index="НЕМАЄ-1")
    with pytest.raises(PermissionDenied):
        services.appeal_link(actor=resident, community=community, building_id=building.pk,
                             registration_index=appeal.registration_index)
    services.appeal_unlink(actor=community_admin, community=community, link_id=link.pk)
    community.enabled_capabilities = [slug for slug in community.enabled_capabilities if slug != "appeals"]
    community.save(update_fields=["enabled_capabilities"])
    with pytest.raises(Conflict):
        services.appeal_link(actor=community_admin, community=community, building_id=building.pk,
                             registration_index=appeal.registration_index)


def test_the_platform_writes_as_system_and_a_department_of_another_community_counts_for_nothing(
        community, other_community):
    foreign_department = Department.objects.create(community=other_community, name="Чужий")
    with pytest.raises(ValidationFailed):
        services.manager_create(actor=SYSTEM, community=community, kind="company", name="X",
                                department_id=foreign_department.pk)
    stranger = make_member(other_community, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.building_create(actor=stranger, community=community, street="вул. Чужа", number="1")


def test_several_systems_are_recorded_at_once_or_not_at_all(community, community_admin):
    building = make_building(community)
    services.system_set(actor=community_admin, community=community, building_id=building.pk, kind="roof",
                        state="good")
    with pytest.raises(ValidationFailed) as caught:
        services.systems_record(actor=community_admin, community=community, building_id=building.pk, systems=[
            {"kind": "lifts", "state": "poor"}, {"kind": "roof", "state": "awful"}, {"kind": "lifts", "state": "good"}])
    assert {"1.state", "kind"} <= set(caught.value.fields)
    assert list(BuildingSystem.objects.values_list("kind", "state")) == [("roof", "good")]
    recorded = services.systems_record(actor=community_admin, community=community, building_id=building.pk,
                                       systems=[{"kind": "roof", "state": "poor"}, {"kind": "lifts", "state": "good"}])
    assert [(s.kind, s.state) for s in recorded] == [("roof", "poor"), ("lifts", "good")]
    assert BuildingSystem.objects.count() == 2 and all(s.pk for s in recorded)
