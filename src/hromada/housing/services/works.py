"""Writes of a building's works (repairs, maintenance, inspections) and their acts and photos, by the building's
keepers: each status asks for the facts it needs, money is in UAH with two decimals."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict
from hromada.core.identity.guard import service
from hromada.core.storage import private_storage
from hromada.core.tenancy.selectors import owned_for_update
from hromada.core.uploads import clean_document, clean_photo

from ..models import (
    AttachmentKind,
    FundingSource,
    SystemKind,
    Work,
    WorkAttachment,
    WorkKind,
    WorkStatus,
)
from ..validation import Checker
from .fields import (
    DESCRIPTION_MAX,
    DOCUMENT_ACCEPT,
    MONEY_MAX,
    TITLE_MAX,
    WORK_FIELDS,
    _building_to_keep,
    _person,
    _refuse_unknown,
    _remove_files,
)


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
    _refuse_unknown(values, WORK_FIELDS)
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
    _refuse_unknown(changes, WORK_FIELDS)
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
def work_attachment_set_public(*, actor, community, attachment_id: int, is_public: bool) -> WorkAttachment:
    """Show a work's file to everyone on the building's page, or keep it to the office (an act naming residents)."""
    with transaction.atomic():
        attachment = _attachment_to_keep(actor, community, attachment_id,
                                         _("Only the building's keepers may change who sees a file."))
        if attachment.is_public != bool(is_public):
            attachment.is_public = bool(is_public)
            attachment.save(update_fields=["is_public"])
            audit_record(actor=actor, community=community, action="housing.work.file_visibility", target=attachment,
                         data={"work": attachment.work_id, "is_public": attachment.is_public})
    return attachment


@service
def work_attachment_remove(*, actor, community, attachment_id: int) -> None:
    with transaction.atomic():
        attachment = _attachment_to_keep(actor, community, attachment_id,
                                         _("Only the building's keepers may remove files."))
        name = attachment.file.name
        audit_record(actor=actor, community=community, action="housing.work.detached", target=attachment,
                     data={"work": attachment.work_id})
        attachment.delete()
        transaction.on_commit(lambda: _remove_files([name]))


def _attachment_to_keep(actor, community, attachment_id: int, refusal) -> WorkAttachment:
    """The work's file, locked, once `actor` is found to keep its building (inside the caller's transaction)."""
    attachment = owned_for_update(WorkAttachment, community, attachment_id)
    building_id = Work.objects.filter(pk=attachment.work_id).values_list("building_id", flat=True).first()
    _building_to_keep(actor, community, building_id, refusal)
    return attachment
