"""Writes of buildings' passports and of their managers: condominiums (with their boards), managing companies,
the council. Only housing editors make them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.geo.geojson import validate_point
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Department
from hromada.core.tenancy.selectors import owned_for_update

from .. import policies
from ..models import (
    BoardMember,
    BoardRole,
    Building,
    EnergyClass,
    Manager,
    ManagerKind,
    RoofType,
    WallMaterial,
    WorkAttachment,
    address_search_text,
)
from ..validation import Checker
from .fields import (
    AREA_MAX,
    BUILDING_FIELDS,
    MANAGER_FIELDS,
    NOTES_MAX,
    _person,
    _refuse_unknown,
    _remove_files,
)

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
    clean["search_text"] = address_search_text(clean["street"], clean["number"], clean["block"])
    return clean


def _address_taken() -> Conflict:
    return Conflict(_("A building with this address is already registered."),
                    fields={"number": [_("A building with this address is already registered.")]})


@service
def building_create(*, actor, community, **values: Any) -> Building:
    """Register a building: street and number at least; everything else of its passport optional."""
    require(policies.is_editor(actor, community), _("Only the community's housing editors may add buildings."))
    _refuse_unknown(values, BUILDING_FIELDS)
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
    _refuse_unknown(changes, BUILDING_FIELDS)
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
    _refuse_unknown(values, MANAGER_FIELDS)
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
    _refuse_unknown(changes, MANAGER_FIELDS)
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
    _refuse_unknown(changes, fields)
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


