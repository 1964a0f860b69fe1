"""Writes of a building's keepers (editors, and the officials of the department that keeps its manager): the state of
its systems and its emergency events; and the editors' writes of its documents and of the appeals linked to it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.appeals import selectors as appeal_selectors
from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.storage import private_storage
from hromada.core.tenancy.selectors import owned_for_update
from hromada.core.uploads import clean_document

from .. import policies
from ..models import (
    AppealLink,
    Building,
    BuildingDocument,
    BuildingSystem,
    DocumentKind,
    EmergencyEvent,
    Severity,
    SystemKind,
    SystemState,
    Work,
)
from ..validation import Checker
from .fields import (
    DESCRIPTION_MAX,
    DOCUMENT_ACCEPT,
    EMERGENCY_FIELDS,
    TITLE_MAX,
    _building_to_keep,
    _person,
    _refuse_unknown,
    _remove_files,
)


def _clean_system(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    check = Checker()
    inspected = check.date(f"{prefix}last_inspected", values.get("last_inspected"))
    clean: dict[str, Any] = {
        "kind": check.choice(f"{prefix}kind", values.get("kind"), SystemKind),
        "state": check.choice(f"{prefix}state", values.get("state"), SystemState),
        "last_inspected": inspected,
        "note": check.text(f"{prefix}note", values.get("note"), max_length=500),
    }
    if inspected and inspected > timezone.localdate():
        check.fail(f"{prefix}last_inspected", _("The inspection date is in the future."))
    check.done()
    return clean


@service
def system_set(*, actor, community, building_id: int, kind: str, state: str, last_inspected: Any = None,
               note: str = "") -> BuildingSystem:
    """Record the state of one engineering system of a building (added the first time, changed after)."""
    (system,) = systems_record(actor=actor, community=community, building_id=building_id, systems=[
        {"kind": kind, "state": state, "last_inspected": last_inspected, "note": note}])
    return system


@service
def systems_record(*, actor, community, building_id: int, systems: list[dict[str, Any]]) -> list[BuildingSystem]:
    """Record the state of several systems of a building at once (an inspection round, an import, the demo): every
    row is checked before anything is written; a kind given twice is refused."""
    check = Checker()
    clean: list[dict[str, Any]] = []
    for n, values in enumerate(systems):
        try:
            clean.append(_clean_system(values, prefix=f"{n}." if len(systems) > 1 else ""))
        except ValidationFailed as exc:
            for field, problems in exc.fields.items():
                for problem in problems:
                    check.fail(field, str(problem))
    kinds = [row["kind"] for row in clean]
    if len(set(kinds)) != len(kinds):
        check.fail("kind", _("Each system once."))
    check.done()
    with transaction.atomic():
        building = _building_to_keep(actor, community, building_id,
                                     _("Only the building's keepers may record the state of its systems."))
        existing = {s.kind: s for s in BuildingSystem.objects.filter(building=building, kind__in=kinds)}
        changed, added = [], []
        for row in clean:
            system = existing.get(row["kind"])
            if system is None:
                added.append(BuildingSystem(community=community, building=building, **row))
            else:
                for name, value in row.items():
                    setattr(system, name, value)
                changed.append(system)
        BuildingSystem.objects.bulk_create(added)
        for system in changed:
            system.save()
        audit_record(actor=actor, community=community, action="housing.system.set", target=building,
                     data={"states": {row["kind"]: row["state"] for row in clean}, "added": len(added)})
    return [existing.get(row["kind"]) or next(s for s in added if s.kind == row["kind"]) for row in clean]


@service
def system_remove(*, actor, community, system_id: int) -> None:
    with transaction.atomic():
        system = owned_for_update(BuildingSystem, community, system_id)
        _building_to_keep(actor, community, system.building_id,
                          _("Only the building's keepers may record the state of its systems."))
        audit_record(actor=actor, community=community, action="housing.system.removed", target=system,
                     data={"building": system.building_id, "kind": system.kind})
        system.delete()


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


@service
def emergency_report(*, actor, community, building_id: int, **values: Any) -> EmergencyEvent:
    """Record an emergency in a building (open until resolved)."""
    _refuse_unknown(values, EMERGENCY_FIELDS)
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
    _refuse_unknown(changes, EMERGENCY_FIELDS)
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
    with transaction.atomic():
        # The building first: another community's building is not found, whatever number is given.
        building = owned_for_update(Building, community, building_id)
        if not index or len(index) > 30:
            raise ValidationFailed(fields={"registration_index": [_("Give the appeal's registration number.")]})
        appeal = appeal_selectors.appeal_by_index(community=community, index=index)
        if appeal is None:
            raise ValidationFailed(fields={"registration_index": [
                _("No appeal of this community has this number.")]})
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

