"""Every write of Housing: one @service per change, each asking its policy with require(), validating with one
Checker, writing in one transaction and recording an audit event (web, API, admin, imports and demo data call these).

Audit data never carries personal data (board members' names and contacts stay out of it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.appeals import selectors as appeal_selectors
from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.geo.geojson import validate_point
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Department
from hromada.core.storage import private_storage
from hromada.core.tenancy.selectors import owned_for_update
from hromada.core.uploads import clean_document, clean_photo

from . import policies
from .models import (
    AppealLink,
    AttachmentKind,
    BoardMember,
    BoardRole,
    Building,
    BuildingDocument,
    BuildingSystem,
    DocumentKind,
    EmergencyEvent,
    EnergyClass,
    FundingSource,
    Manager,
    ManagerKind,
    RoofType,
    Severity,
    SystemKind,
    SystemState,
    WallMaterial,
    Work,
    WorkAttachment,
    WorkKind,
    WorkStatus,
)
from .validation import Checker

AREA_MAX = Decimal("9999999.99")
MONEY_MAX = Decimal("999999999999.99")
NOTES_MAX = 5_000
TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
BUILDING_FIELDS = ("street", "number", "block", "lat", "lon", "year_built", "floors", "entrances", "flats",
                   "non_residential_units", "total_area", "living_area", "non_residential_area", "wall_material",
                   "roof_type", "energy_class", "manager_id", "is_public", "notes")
MANAGER_FIELDS = ("kind", "name", "edrpou", "address", "phone", "email", "website", "registered_on",
                  "department_id", "is_public")
WORK_FIELDS = ("system_kind", "kind", "title", "description", "contractor_name", "contractor_edrpou",
               "cost_planned", "cost_actual", "planned_start", "planned_end", "actual_start", "actual_end",
               "funded_by", "is_public")


def _person(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _known(values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationFailed(fields={name: [_("Unknown field.")] for name in unknown})


def search_text_of(street: str, number: str, block: str) -> str:
    """The lower-cased address the list searches (also used by the import to find an existing building)."""
    return " ".join(part for part in (street, number, block) if part).casefold()


# --- buildings ---------------------------------------------------------------------------------------------------

def _clean_building(community, values: dict[str, Any]) -> dict[str, Any]:
    check = Checker()
    this_year = timezone.localdate().year
    clean: dict[str, Any] = {
        "street": check.text("street", values.get("street"), max_length=200, required=True),
        "number": check.text("number", values.get("number"), max_length=20, required=True),
        "block": check.text("block", values.get("block"), max_length=20),
        "year_built": check.integer("year_built", values.get("year_built"), low=1700, high=this_year + 5),
        "floors": check.integer("floors", values.get("floors"), low=1, high=200),
        "entrances": check.integer("entrances", values.get("entrances"), low=1, high=100),
        "flats": check.integer("flats", values.get("flats"), low=0, high=10_000),
        "non_residential_units": check.integer("non_residential_units", values.get("non_residential_units"),
                                               low=0, high=10_000),
        "total_area": check.decimal("total_area", values.get("total_area"), high=AREA_MAX),
        "living_area": check.decimal("living_area", values.get("living_area"), high=AREA_MAX),
        "non_residential_area": check.decimal("non_residential_area", values.get("non_residential_area"),
                                              high=AREA_MAX),
        "wall_material": check.choice("wall_material", values.get("wall_material"), WallMaterial, required=False),
        "roof_type": check.choice("roof_type", values.get("roof_type"), RoofType, required=False),
        "energy_class": check.choice("energy_class", values.get("energy_class"), EnergyClass, required=False),
        "notes": check.text("notes", values.get("notes"), max_length=NOTES_MAX),
        "is_public": bool(values.get("is_public", True)),
    }
    total = clean["total_area"]
    parts = [a for a in (clean["living_area"], clean["non_residential_area"]) if a is not None]
    if total is not None and parts and sum(parts) > total:
        check.fail("total_area", _("The living and non-residential areas together exceed the total area."))
    lat, lon = values.get("lat"), values.get("lon")
    if lat in (None, "") and lon in (None, ""):
        clean["lat"] = clean["lon"] = None
    else:
        try:
            clean["lat"], clean["lon"] = validate_point(lat, lon)
        except ValidationFailed as exc:
            for field, problems in exc.fields.items():
                for problem in problems:
                    check.fail(field, str(problem))
    clean["manager_id"] = check.reference("manager_id", values.get("manager_id"),
                                          Manager.objects.for_community(community),
                                          _("Choose a manager of this community."))
    check.done()
    clean["search_text"] = search_text_of(clean["street"], clean["number"], clean["block"])
    return clean


def _address_taken() -> Conflict:
    return Conflict(_("A building with this address is already registered."),
                    fields={"number": [_("A building with this address is already registered.")]})


@service
def building_create(*, actor, community, **values: Any) -> Building:
    """Register a building: street and number at least; everything else of its passport optional."""
    require(policies.is_editor(actor, community), _("Only the community's housing editors may add buildings."))
    _known(values, BUILDING_FIELDS)
    clean = _clean_building(community, values)
    try:
        with transaction.atomic():
            building = Building.objects.create(community=community, created_by=_person(actor), **clean)
            audit_record(actor=actor, community=community, action="housing.building.created", target=building)
    except IntegrityError:
        raise _address_taken() from None
    return building


@service
def building_update(*, actor, community, building_id: int, **changes: Any) -> Building:
    """Change a building's passport; fields not given keep their values."""
    require(policies.is_editor(actor, community), _("Only the community's housing editors may change buildings."))
    _known(changes, BUILDING_FIELDS)
    try:
        with transaction.atomic():
            building = owned_for_update(Building, community, building_id)
            current = {name: getattr(building, name) for name in BUILDING_FIELDS}
            clean = _clean_building(community, {**current, **changes})
            for name, value in clean.items():
                setattr(building, name, value)
            building.save()
            audit_record(actor=actor, community=community, action="housing.building.changed", target=building,
                         data={"fields": sorted(changes)})
    except IntegrityError:
        raise _address_taken() from None
    return building


@service
def building_delete(*, actor, community, building_id: int) -> None:
    """Delete a building with its systems, documents, works and events (the audit log keeps the address)."""
    require(policies.is_editor(actor, community), _("Only the community's housing editors may delete buildings."))
    with transaction.atomic():
        building = owned_for_update(Building, community, building_id)
        files = [d.file.name for d in building.documents.all()] + [
            a.file.name for a in WorkAttachment.objects.filter(work__building=building)]
        audit_record(actor=actor, community=community, action="housing.building.deleted", target=building,
                     data={"address": building.address})
        building.delete()
        transaction.on_commit(lambda: _remove_files(files))


def _remove_files(names: list[str]) -> None:
    for name in names:
        if name:
            private_storage.delete(name)


# --- managers and boards -----------------------------------------------------------------------------------------

def _check_email(check: Checker, email: str) -> None:
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            check.fail("email", _("Enter a valid email address."))


def _clean_manager(community, values: dict[str, Any]) -> dict[str, Any]:
    check = Checker()
    clean: dict[str, Any] = {
        "kind": check.choice("kind", values.get("kind"), ManagerKind),
        "name": check.text("name", values.get("name"), max_length=300, required=True),
        "edrpou": check.edrpou("edrpou", values.get("edrpou")),
        "address": check.text("address", values.get("address"), max_length=300),
        "phone": check.text("phone", values.get("phone"), max_length=40),
        "email": check.text("email", values.get("email"), max_length=254),
        "website": check.text("website", values.get("website"), max_length=200),
        "registered_on": check.date("registered_on", values.get("registered_on")),
        "is_public": bool(values.get("is_public", True)),
    }
    _check_email(check, clean["email"])
    if clean["website"]:
        try:
            URLValidator(schemes=["http", "https"])(clean["website"])
        except DjangoValidationError:
            check.fail("website", _("Enter a web address starting with https://."))
    if clean["registered_on"] and clean["registered_on"] > timezone.localdate():
        check.fail("registered_on", _("The registration date is in the future."))
    clean["department_id"] = check.reference("department_id", values.get("department_id"),
                                             Department.objects.filter(community=community),
                                             _("Choose a department of this community."))
    check.done()
    return clean


def _edrpou_taken() -> Conflict:
    return Conflict(_("A manager with this EDRPOU code is already registered."),
                    fields={"edrpou": [_("A manager with this EDRPOU code is already registered.")]})


@service
def manager_create(*, actor, community, **values: Any) -> Manager:
    require(policies.is_editor(actor, community), _("Only the community's housing editors may add managers."))
    _known(values, MANAGER_FIELDS)
    clean = _clean_manager(community, values)
    try:
        with transaction.atomic():
            manager = Manager.objects.create(community=community, **clean)
            audit_record(actor=actor, community=community, action="housing.manager.created", target=manager)
    except IntegrityError:
        raise _edrpou_taken() from None
    return manager


@service
def manager_update(*, actor, community, manager_id: int, **changes: Any) -> Manager:
    require(policies.is_editor(actor, community), _("Only the community's housing editors may change managers."))
    _known(changes, MANAGER_FIELDS)
    try:
        with transaction.atomic():
            manager = owned_for_update(Manager, community, manager_id)
            current = {name: getattr(manager, name) for name in MANAGER_FIELDS}
            for name, value in _clean_manager(community, {**current, **changes}).items():
                setattr(manager, name, value)
            manager.save()
            audit_record(actor=actor, community=community, action="housing.manager.changed", target=manager,
                         data={"fields": sorted(changes)})
    except IntegrityError:
        raise _edrpou_taken() from None
    return manager


@service
def manager_delete(*, actor, community, manager_id: int) -> None:
    """Delete a manager; its buildings stay, without a manager."""
    require(policies.is_editor(actor, community), _("Only the community's housing editors may delete managers."))
    with transaction.atomic():
        manager = owned_for_update(Manager, community, manager_id)
        audit_record(actor=actor, community=community, action="housing.manager.deleted", target=manager,
                     data={"name": manager.name})
        manager.delete()


def _clean_board_member(values: dict[str, Any]) -> dict[str, Any]:
    check = Checker()
    clean: dict[str, Any] = {
        "name": check.text("name", values.get("name"), max_length=200, required=True),
        "role": check.choice("role", values.get("role") or BoardRole.MEMBER, BoardRole),
        "phone": check.text("phone", values.get("phone"), max_length=40),
        "email": check.text("email", values.get("email"), max_length=254),
        "public": bool(values.get("public", False)),
    }
    _check_email(check, clean["email"])
    check.done()
    return clean


@service
def board_member_add(*, actor, community, manager_id: int, name: str, role: str = BoardRole.MEMBER,
                     phone: str = "", email: str = "", public: bool = False) -> BoardMember:
    """Add a person to a condominium's board; `public` only when the person agreed to be shown."""
    require(policies.is_editor(actor, community), _("Only the community's housing editors may change boards."))
    clean = _clean_board_member({"name": name, "role": role, "phone": phone, "email": email, "public": public})
    with transaction.atomic():
        manager = owned_for_update(Manager, community, manager_id)
        if manager.kind != ManagerKind.CONDOMINIUM:
            raise ValidationFailed(_("Only a condominium has a board."),
                                   fields={"manager_id": [_("Only a condominium has a board.")]})
        member = BoardMember.objects.create(community=community, manager=manager, **clean)
        audit_record(actor=actor, community=community, action="housing.board.added", target=member,
                     data={"manager": manager.pk, "role": member.role})
    return member


@service
def board_member_update(*, actor, community, member_id: int, **changes: Any) -> BoardMember:
    require(policies.is_editor(actor, community), _("Only the community's housing editors may change boards."))
    fields = ("name", "role", "phone", "email", "public")
    _known(changes, fields)
    with transaction.atomic():
        member = owned_for_update(BoardMember, community, member_id)
        clean = _clean_board_member({**{f: getattr(member, f) for f in fields}, **changes})
        for name, value in clean.items():
            setattr(member, name, value)
        member.save()
        audit_record(actor=actor, community=community, action="housing.board.changed", target=member,
                     data={"fields": sorted(changes)})
    return member


@service
def board_member_remove(*, actor, community, member_id: int) -> None:
    require(policies.is_editor(actor, community), _("Only the community's housing editors may change boards."))
    with transaction.atomic():
        member = owned_for_update(BoardMember, community, member_id)
        audit_record(actor=actor, community=community, action="housing.board.removed", target=member,
                     data={"manager": member.manager_id})
        member.delete()


# --- what a building's keepers do: systems, documents, works, attachments, emergencies ------------------------------

def _building_to_keep(actor, community, building_id, message: str) -> Building:
    """The building, locked, after asking whether the actor keeps it (an editor, or the manager's department)."""
    building = owned_for_update(Building, community, building_id)
    department_id = (Manager.objects.filter(pk=building.manager_id).values_list("department_id", flat=True).first()
                     if building.manager_id else None)
    require(policies.can_keep(actor, community, manager_department_id=department_id), message)
    return building


@service
def system_set(*, actor, community, building_id: int, kind: str, state: str, last_inspected: Any = None,
               note: str = "") -> BuildingSystem:
    """Record the state of one engineering system of a building (added the first time, changed after)."""
    check = Checker()
    kind = check.choice("kind", kind, SystemKind)
    state = check.choice("state", state, SystemState)
    inspected = check.date("last_inspected", last_inspected)
    note = check.text("note", note, max_length=500)
    if inspected and inspected > timezone.localdate():
        check.fail("last_inspected", _("The inspection date is in the future."))
    check.done()
    with transaction.atomic():
        building = _building_to_keep(actor, community, building_id,
                                     _("Only the building's keepers may record the state of its systems."))
        system, created = BuildingSystem.objects.update_or_create(
            community=community, building=building, kind=kind,
            defaults={"state": state, "last_inspected": inspected, "note": note})
        audit_record(actor=actor, community=community, action="housing.system.set", target=system,
                     data={"building": building.pk, "kind": kind, "state": state, "created": created})
    return system


@service
def system_remove(*, actor, community, system_id: int) -> None:
    with transaction.atomic():
        system = owned_for_update(BuildingSystem, community, system_id)
        _building_to_keep(actor, community, system.building_id,
                          _("Only the building's keepers may record the state of its systems."))
        audit_record(actor=actor, community=community, action="housing.system.removed", target=system,
                     data={"building": system.building_id, "kind": system.kind})
        system.delete()


DOCUMENT_ACCEPT = frozenset({"pdf", "image", "office"})


@service
def document_upload(*, actor, community, building_id: int, upload, title: str, kind: str = DocumentKind.OTHER,
                    is_public: bool = False) -> BuildingDocument:
    """Store a building's document privately (typed by content; images re-encoded without metadata)."""
    require(policies.is_editor(actor, community), _("Only the community's housing editors may add documents."))
    check = Checker()
    title = check.text("title", title, max_length=TITLE_MAX, required=True)
    kind = check.choice("kind", kind, DocumentKind)
    check.done()
    clean = clean_document(upload, field="file", accept=DOCUMENT_ACCEPT)
    with transaction.atomic():
        building = owned_for_update(Building, community, building_id)
        document = BuildingDocument(community=community, building=building, title=title, kind=kind,
                                    name=clean.display_name, content_type=clean.content_type,
                                    size=clean.content.size, is_public=bool(is_public), uploaded_by=_person(actor))
        document.file.save(clean.content.name, clean.content, save=False)
        name = document.file.name
        try:
            document.save()
            audit_record(actor=actor, community=community, action="housing.document.added", target=document,
                         data={"building": building.pk, "kind": kind})
        except Exception:
            private_storage.delete(name)
            raise
    return document


@service
def document_update(*, actor, community, document_id: int, title: str | None = None, kind: str | None = None,
                    is_public: bool | None = None) -> BuildingDocument:
    require(policies.is_editor(actor, community), _("Only the community's housing editors may change documents."))
    with transaction.atomic():
        document = owned_for_update(BuildingDocument, community, document_id)
        check = Checker()
        if title is not None:
            document.title = check.text("title", title, max_length=TITLE_MAX, required=True)
        if kind is not None:
            document.kind = check.choice("kind", kind, DocumentKind)
        check.done()
        if is_public is not None:
            document.is_public = bool(is_public)
        document.save()
        audit_record(actor=actor, community=community, action="housing.document.changed", target=document)
    return document


@service
def document_remove(*, actor, community, document_id: int) -> None:
    require(policies.is_editor(actor, community), _("Only the community's housing editors may remove documents."))
    with transaction.atomic():
        document = owned_for_update(BuildingDocument, community, document_id)
        name = document.file.name
        audit_record(actor=actor, community=community, action="housing.document.removed", target=document,
                     data={"building": document.building_id, "title": document.title})
        document.delete()
        transaction.on_commit(lambda: _remove_files([name]))


def _clean_work(values: dict[str, Any]) -> dict[str, Any]:
    check = Checker()
    clean: dict[str, Any] = {
        "system_kind": check.choice("system_kind", values.get("system_kind"), SystemKind, required=False),
        "kind": check.choice("kind", values.get("kind"), WorkKind),
        "title": check.text("title", values.get("title"), max_length=TITLE_MAX, required=True),
        "description": check.text("description", values.get("description"), max_length=DESCRIPTION_MAX),
        "contractor_name": check.text("contractor_name", values.get("contractor_name"), max_length=300),
        "contractor_edrpou": check.edrpou("contractor_edrpou", values.get("contractor_edrpou"), sole_trader=True),
        "cost_planned": check.decimal("cost_planned", values.get("cost_planned"), high=MONEY_MAX),
        "cost_actual": check.decimal("cost_actual", values.get("cost_actual"), high=MONEY_MAX),
        "planned_start": check.date("planned_start", values.get("planned_start")),
        "planned_end": check.date("planned_end", values.get("planned_end")),
        "actual_start": check.date("actual_start", values.get("actual_start")),
        "actual_end": check.date("actual_end", values.get("actual_end")),
        "funded_by": check.choice("funded_by", values.get("funded_by") or FundingSource.BUDGET, FundingSource),
        "is_public": bool(values.get("is_public", True)),
    }
    check.order("planned_start", clean["planned_start"], "planned_end", clean["planned_end"],
                _("The planned end is before the planned start."))
    check.order("actual_start", clean["actual_start"], "actual_end", clean["actual_end"],
                _("The actual end is before the actual start."))
    today = timezone.localdate()
    for name in ("actual_start", "actual_end"):
        if clean[name] and clean[name] > today:
            check.fail(name, _("An actual date cannot be in the future."))
    if clean["contractor_edrpou"] and not clean["contractor_name"]:
        check.fail("contractor_name", _("Name the contractor whose code is given."))
    check.done()
    return clean


def _check_status(work_values: dict[str, Any], status: str) -> None:
    """What a status needs: a work in progress has started; a done one has ended (and says what it cost)."""
    check = Checker()
    if status in (WorkStatus.IN_PROGRESS, WorkStatus.DONE) and not work_values.get("actual_start"):
        check.fail("actual_start", _("Give the date the work actually started."))
    if status == WorkStatus.DONE and not work_values.get("actual_end"):
        check.fail("actual_end", _("Give the date the work was finished."))
    if status != WorkStatus.DONE and work_values.get("actual_end"):
        check.fail("actual_end", _("Only a finished work has an actual end date."))
    check.done()


@service
def work_create(*, actor, community, building_id: int, status: str = WorkStatus.PLANNED, **values: Any) -> Work:
    """Plan (or record) a work on a building: the kind and a title at least."""
    _known(values, WORK_FIELDS)
    clean = _clean_work(values)
    check = Checker()
    status = check.choice("status", status, WorkStatus)
    check.done()
    _check_status(clean, status)
    with transaction.atomic():
        building = _building_to_keep(actor, community, building_id, _("Only the building's keepers may add works."))
        work = Work.objects.create(community=community, building=building, status=status, created_by=_person(actor),
                                   **clean)
        audit_record(actor=actor, community=community, action="housing.work.created", target=work,
                     data={"building": building.pk, "kind": work.kind, "status": status,
                           "cost_planned": str(work.cost_planned or ""), "cost_actual": str(work.cost_actual or "")})
    return work


@service
def work_update(*, actor, community, work_id: int, **changes: Any) -> Work:
    """Change a work's facts (its status changes with work_set_status)."""
    _known(changes, WORK_FIELDS)
    with transaction.atomic():
        work = owned_for_update(Work, community, work_id)
        _building_to_keep(actor, community, work.building_id, _("Only the building's keepers may change works."))
        clean = _clean_work({**{name: getattr(work, name) for name in WORK_FIELDS}, **changes})
        _check_status(clean, work.status)
        for name, value in clean.items():
            setattr(work, name, value)
        work.save()
        audit_record(actor=actor, community=community, action="housing.work.changed", target=work,
                     data={"fields": sorted(changes), "cost_actual": str(work.cost_actual or "")})
    return work


_NEXT_STATUSES = {
    WorkStatus.PLANNED: {WorkStatus.IN_PROGRESS, WorkStatus.DONE, WorkStatus.CANCELLED},
    WorkStatus.IN_PROGRESS: {WorkStatus.DONE, WorkStatus.CANCELLED, WorkStatus.PLANNED},
    WorkStatus.DONE: {WorkStatus.IN_PROGRESS},
    WorkStatus.CANCELLED: {WorkStatus.PLANNED},
}


@service
def work_set_status(*, actor, community, work_id: int, status: str, actual_start: Any = None,
                    actual_end: Any = None, cost_actual: Any = None) -> Work:
    """Move a work on: started (with its start date), done (with its end date and, best, the actual cost),
    cancelled, or back (a done work reopened; a cancelled one planned again)."""
    check = Checker()
    status = check.choice("status", status, WorkStatus)
    check.done()
    with transaction.atomic():
        work = owned_for_update(Work, community, work_id)
        _building_to_keep(actor, community, work.building_id, _("Only the building's keepers may change works."))
        if status not in _NEXT_STATUSES[WorkStatus(work.status)]:
            raise Conflict(_("A work that is “%(current)s” cannot become “%(next)s”.")
                           % {"current": work.get_status_display(), "next": WorkStatus(status).label})
        values = {name: getattr(work, name) for name in WORK_FIELDS}
        if actual_start not in (None, ""):
            values["actual_start"] = actual_start
        if actual_end not in (None, ""):
            values["actual_end"] = actual_end
        if cost_actual not in (None, ""):
            values["cost_actual"] = cost_actual
        if status != WorkStatus.DONE:
            values["actual_end"] = None
        clean = _clean_work(values)
        _check_status(clean, status)
        previous = work.status
        for name, value in clean.items():
            setattr(work, name, value)
        work.status = status
        work.save()
        audit_record(actor=actor, community=community, action="housing.work.status", target=work,
                     data={"from": previous, "to": status, "cost_actual": str(work.cost_actual or "")})
    return work


@service
def work_delete(*, actor, community, work_id: int) -> None:
    with transaction.atomic():
        work = owned_for_update(Work, community, work_id)
        _building_to_keep(actor, community, work.building_id, _("Only the building's keepers may delete works."))
        files = [a.file.name for a in work.attachments.all()]
        audit_record(actor=actor, community=community, action="housing.work.deleted", target=work,
                     data={"building": work.building_id, "title": work.title})
        work.delete()
        transaction.on_commit(lambda: _remove_files(files))


@service
def work_attach(*, actor, community, work_id: int, upload, kind: str = AttachmentKind.ACT,
                is_public: bool = True) -> WorkAttachment:
    """Attach an act, a photo (re-encoded as JPEG without EXIF/GPS) or another document to a work."""
    check = Checker()
    kind = check.choice("kind", kind, AttachmentKind)
    check.done()
    if kind == AttachmentKind.PHOTO:
        image = clean_photo(upload, field="file")
        content, content_type, size = image.content, "image/jpeg", image.content.size
        display = f"{(getattr(upload, 'name', '') or 'photo').rsplit('.', 1)[0][:80]}.jpg"
    else:
        document = clean_document(upload, field="file", accept=DOCUMENT_ACCEPT)
        content, content_type, size, display = (document.content, document.content_type, document.content.size,
                                                document.display_name)
    with transaction.atomic():
        work = owned_for_update(Work, community, work_id)
        _building_to_keep(actor, community, work.building_id, _("Only the building's keepers may attach files."))
        attachment = WorkAttachment(community=community, work=work, kind=kind, name=display,
                                    content_type=content_type, size=size, is_public=bool(is_public),
                                    uploaded_by=_person(actor))
        attachment.file.save(content.name, content, save=False)
        name = attachment.file.name
        try:
            attachment.save()
            audit_record(actor=actor, community=community, action="housing.work.attached", target=attachment,
                         data={"work": work.pk, "kind": kind})
        except Exception:
            private_storage.delete(name)
            raise
    return attachment


@service
def work_attachment_remove(*, actor, community, attachment_id: int) -> None:
    with transaction.atomic():
        attachment = owned_for_update(WorkAttachment, community, attachment_id)
        building_id = Work.objects.filter(pk=attachment.work_id).values_list("building_id", flat=True).first()
        _building_to_keep(actor, community, building_id, _("Only the building's keepers may remove files."))
        name = attachment.file.name
        audit_record(actor=actor, community=community, action="housing.work.detached", target=attachment,
                     data={"work": attachment.work_id})
        attachment.delete()
        transaction.on_commit(lambda: _remove_files([name]))


def _moment(check: Checker, field: str, value: Any) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            check.fail(field, _("Enter a date and time as YYYY-MM-DD HH:MM."))
            return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _clean_emergency(community, building, values: dict[str, Any]) -> dict[str, Any]:
    check = Checker()
    clean: dict[str, Any] = {
        "system_kind": check.choice("system_kind", values.get("system_kind"), SystemKind),
        "severity": check.choice("severity", values.get("severity") or Severity.MAJOR, Severity),
        "description": check.text("description", values.get("description"), max_length=DESCRIPTION_MAX,
                                  required=True),
        "occurred_at": _moment(check, "occurred_at", values.get("occurred_at")),
        "resolved_at": _moment(check, "resolved_at", values.get("resolved_at")),
        "is_public": bool(values.get("is_public", True)),
    }
    now = timezone.now()
    if clean["occurred_at"] is None and "occurred_at" not in check.errors:
        check.fail("occurred_at", _("This field is required."))
    for name in ("occurred_at", "resolved_at"):
        if clean[name] and clean[name] > now + dt.timedelta(minutes=5):
            check.fail(name, _("This moment is in the future."))
    check.order("occurred_at", clean["occurred_at"], "resolved_at", clean["resolved_at"],
                _("An event is resolved after it occurred."))
    clean["work_id"] = check.reference("work_id", values.get("work_id"),
                                       Work.objects.filter(community=community, building=building),
                                       _("Choose a work of this building."))
    check.done()
    return clean


EMERGENCY_FIELDS = ("system_kind", "severity", "description", "occurred_at", "resolved_at", "work_id", "is_public")


@service
def emergency_report(*, actor, community, building_id: int, **values: Any) -> EmergencyEvent:
    """Record an emergency in a building (open until resolved)."""
    _known(values, EMERGENCY_FIELDS)
    with transaction.atomic():
        building = _building_to_keep(actor, community, building_id,
                                     _("Only the building's keepers may record emergencies."))
        clean = _clean_emergency(community, building, values)
        event = EmergencyEvent.objects.create(community=community, building=building, created_by=_person(actor),
                                              **clean)
        audit_record(actor=actor, community=community, action="housing.emergency.reported", target=event,
                     data={"building": building.pk, "system": event.system_kind, "severity": event.severity})
    return event


@service
def emergency_update(*, actor, community, event_id: int, **changes: Any) -> EmergencyEvent:
    """Change an emergency: resolve it (resolved_at), link the work that fixed it, correct its facts."""
    _known(changes, EMERGENCY_FIELDS)
    with transaction.atomic():
        event = owned_for_update(EmergencyEvent, community, event_id)
        building = _building_to_keep(actor, community, event.building_id,
                                     _("Only the building's keepers may record emergencies."))
        clean = _clean_emergency(community, building,
                                 {**{name: getattr(event, name) for name in EMERGENCY_FIELDS}, **changes})
        for name, value in clean.items():
            setattr(event, name, value)
        event.save()
        audit_record(actor=actor, community=community, action="housing.emergency.changed", target=event,
                     data={"fields": sorted(changes)})
    return event


@service
def emergency_delete(*, actor, community, event_id: int) -> None:
    with transaction.atomic():
        event = owned_for_update(EmergencyEvent, community, event_id)
        _building_to_keep(actor, community, event.building_id,
                          _("Only the building's keepers may record emergencies."))
        audit_record(actor=actor, community=community, action="housing.emergency.deleted", target=event,
                     data={"building": event.building_id})
        event.delete()


# --- appeals -------------------------------------------------------------------------------------------------------

@service
def appeal_link(*, actor, community, building_id: int, registration_index: str) -> AppealLink:
    """Link a resident's appeal, named by its registration index, to a building (appeals must be enabled)."""
    require(policies.is_editor(actor, community), _("Only the community's housing editors may link appeals."))
    index = (registration_index or "").strip()
    if not community.capability_enabled("appeals"):
        raise Conflict(_("Appeals are not enabled in this community."))
    if not index or len(index) > 30:
        raise ValidationFailed(fields={"registration_index": [_("Give the appeal's registration number.")]})
    appeal = appeal_selectors.appeal_by_index(community=community, index=index)
    if appeal is None:
        raise ValidationFailed(fields={"registration_index": [_("No appeal of this community has this number.")]})
    with transaction.atomic():
        building = owned_for_update(Building, community, building_id)
        if AppealLink.objects.filter(building=building, appeal_id=appeal.pk).exists():
            raise Conflict(_("This appeal is already linked to the building."),
                           fields={"registration_index": [_("This appeal is already linked to the building.")]})
        link = AppealLink.objects.create(community=community, building=building, appeal_id=appeal.pk,
                                         linked_by=_person(actor))
        audit_record(actor=actor, community=community, action="housing.appeal.linked", target=link,
                     data={"building": building.pk, "appeal": appeal.pk})
    return link


@service
def appeal_unlink(*, actor, community, link_id: int) -> None:
    require(policies.is_editor(actor, community), _("Only the community's housing editors may link appeals."))
    with transaction.atomic():
        link = owned_for_update(AppealLink, community, link_id)
        audit_record(actor=actor, community=community, action="housing.appeal.unlinked", target=link,
                     data={"building": link.building_id, "appeal": link.appeal_id})
        link.delete()
