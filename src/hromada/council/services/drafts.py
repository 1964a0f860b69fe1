"""Writes about draft decisions (Popolo motions): registration with authors and the responsible commission,
corrections, files, and status changes, each kept in the draft's status history."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.uploads import clean_document

from .. import policies
from ..cleaning import Fields, own
from ..models import (
    FINAL_DRAFT_STATUSES,
    Convocation,
    DraftDecision,
    DraftFile,
    DraftStatus,
    DraftStatusChange,
    Organization,
    OrganizationKind,
    Person,
)
from .people import REFUSED

MAX_FILES = 20


def _draft_fields(community, f: Fields, data: dict) -> dict[str, Any]:
    out: dict[str, Any] = {"number": f.text("number", data.get("number"), max_length=50, required=True),
           "title": f.text("title", data.get("title"), max_length=1000, required=True),
           "text": f.text("text", data.get("text"), max_length=200_000),
           "text_url": f.text("text_url", data.get("text_url"), max_length=500),
           "source_id": f.text("source_id", data.get("source_id"), max_length=100),
           "registered_on": f.day("registered_on", data.get("registered_on"), required=True)}
    if out["text_url"] and not out["text_url"].startswith(("https://", "http://")):
        f.add("text_url", _("A web address starting with https://."))
    commission_id = data.get("commission_id")
    out["commission"] = None
    if commission_id:
        out["commission"] = Organization.objects.filter(community=community, pk=commission_id,
                                                        kind=OrganizationKind.COMMISSION).first()
        if out["commission"] is None:
            f.add("commission_id", _("No such commission."))
    convocation_id = data.get("convocation_id")
    out["convocation"] = None
    if convocation_id:
        out["convocation"] = Convocation.objects.filter(community=community, pk=convocation_id).first()
        if out["convocation"] is None:
            f.add("convocation_id", _("No such convocation."))
    return out


def _authors(community, f: Fields, author_ids) -> list[Person]:
    ids = {int(pk) for pk in author_ids or ()}
    people = list(Person.objects.filter(community=community, pk__in=ids))
    if len(people) != len(ids):
        f.add("author_ids", _("No such deputy: %(ids)s.") % {
            "ids": ", ".join(str(pk) for pk in sorted(ids - {p.pk for p in people}))})
    return people


@service
def draft_decision_register(*, actor, community, number: str, title: str, registered_on, author_ids=(),
                            commission_id: int | None = None, convocation_id: int | None = None, text: str = "",
                            text_url: str = "", source_id: str = "") -> DraftDecision:
    require(policies.can_write(actor, community), REFUSED)
    f = Fields()
    values = _draft_fields(community, f, locals())
    authors = _authors(community, f, author_ids)
    f.raise_if_any()
    try:
        with transaction.atomic():
            draft = DraftDecision.objects.create(community=community, **values)
            draft.authors.set(authors)
            DraftStatusChange.objects.create(community=community, draft=draft, status=DraftStatus.REGISTERED,
                                             date=draft.registered_on, created_by=_user(actor))
            audit_record(actor=actor, community=community, action="council.draft.registered", target=draft)
    except IntegrityError:
        raise Conflict(_("This convocation already has a draft with this number."),
                       fields={"number": [_("Already used.")]}) from None
    return draft


@service
def draft_decision_update(*, actor, community, draft_id: int, author_ids=None, **changes) -> DraftDecision:
    """Correct a draft's number, title, text, link, commission or authors (its status has its own service)."""
    require(policies.can_write(actor, community), REFUSED)
    known = {"number", "title", "text", "text_url", "source_id", "registered_on", "commission_id", "convocation_id"}
    with transaction.atomic():
        draft = own(DraftDecision, community, draft_id, lock=True)
        f = Fields()
        for key in sorted(set(changes) - known):
            f.add(key, _("Unknown field."))
        current = {k: getattr(draft, k) for k in known}
        values = _draft_fields(community, f, {**current, **changes})
        authors = _authors(community, f, author_ids) if author_ids is not None else None
        f.raise_if_any()
        for key, value in values.items():
            setattr(draft, key, value)
        try:
            with transaction.atomic():
                draft.save()
        except IntegrityError:
            raise Conflict(_("This convocation already has a draft with this number."),
                           fields={"number": [_("Already used.")]}) from None
        if authors is not None:
            draft.authors.set(authors)
        audit_record(actor=actor, community=community, action="council.draft.changed", target=draft)
    return draft


# A draft moves forward through the council's procedure; a final status is final (a correction of a wrong
# entry is a new registration, so the public history never silently changes).
NEXT = {
    DraftStatus.REGISTERED: {DraftStatus.IN_COMMISSION, DraftStatus.ON_AGENDA, DraftStatus.WITHDRAWN},
    DraftStatus.IN_COMMISSION: {DraftStatus.ON_AGENDA, DraftStatus.WITHDRAWN, DraftStatus.REJECTED},
    DraftStatus.ON_AGENDA: {DraftStatus.ADOPTED, DraftStatus.REJECTED, DraftStatus.WITHDRAWN,
                            DraftStatus.IN_COMMISSION},
}


@service
def draft_decision_status_set(*, actor, community, draft_id: int, status: str, date, note: str = "") -> DraftDecision:
    require(policies.can_write(actor, community), REFUSED)
    f = Fields()
    day = f.day("date", date, required=True)
    note = f.text("note", note, max_length=500)
    if status not in DraftStatus.values:
        f.add("status", _("One of: %(values)s.") % {"values": ", ".join(DraftStatus.values)})
    f.raise_if_any()
    with transaction.atomic():
        draft = own(DraftDecision, community, draft_id, lock=True)
        if draft.status in FINAL_DRAFT_STATUSES or status not in NEXT.get(draft.status, set()):
            raise Conflict(_("A draft that is %(now)s cannot become %(next)s.") % {
                "now": DraftStatus(draft.status).label, "next": DraftStatus(status).label},
                fields={"status": [_("Not a next step of this draft.")]})
        if day < draft.registered_on:
            raise ValidationFailed(fields={"date": [_("Before the draft was registered.")]})
        draft.status = status
        draft.save(update_fields=["status"])
        DraftStatusChange.objects.create(community=community, draft=draft, status=status, date=day, note=note,
                                         created_by=_user(actor))
        audit_record(actor=actor, community=community, action="council.draft.status_set", target=draft,
                     data={"status": status})
    return draft


@service
def draft_file_add(*, actor, community, draft_id: int, upload) -> DraftFile:
    require(policies.can_write(actor, community), REFUSED)
    document = clean_document(upload, field="file", accept=frozenset({"pdf", "image", "office"}))
    with transaction.atomic():
        draft = own(DraftDecision, community, draft_id, lock=True)
        if draft.files.count() >= MAX_FILES:
            raise ValidationFailed(fields={"file": [_("This draft has as many files as allowed.")]})
        item = DraftFile(community=community, draft=draft, name=document.display_name, size=document.content.size)
        item.file.save(f"file{document.extension}", document.content, save=False)
        item.save()
        audit_record(actor=actor, community=community, action="council.draft.file_added", target=draft)
    return item


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None
