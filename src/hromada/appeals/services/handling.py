"""What staff do with an appeal: name the process owner, start, answer, reject, redirect, extend the term,
change the category (re-routing), close, and keep internal notes; each checks can_handle on the locked row."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.calendar.working_days import end_of_day
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.identity.guard import service
from hromada.core.identity.models import Membership, Role
from hromada.core.identity.selectors import members_with_role
from hromada.core.notifications.services import notify

from ..deadlines import due_for, latest_due_for
from ..flows import publish as publish_record
from ..models import OPEN_STATUSES, Appeal, AppealDocument, Category, InternalNote, Status
from ..routing import route
from ..selectors import text_param, valid_id
from ..uploads import clean_document
from .lifecycle import VERBATIM, _event, _link, _locked, _require_status, _save, _tell, _text


def _owner_contact(owner, department) -> tuple[str, str]:
    membership = Membership.objects.filter(user=owner, department=department).first()
    phone = owner.phone or (department.phone if department else "")
    name = owner.full_name or owner.email
    if membership and membership.position:
        name = f"{name}, {membership.position}"
    return name, phone or "—"


@service
def appeal_assign(*, actor, community, appeal_id: int, owner_id: int) -> Appeal:
    """Name the process owner (an official of the appeal's department); also used to reassign."""
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, OPEN_STATUSES)
        if appeal.department_id is None:
            raise Conflict(_("Route the appeal to a department first."), code="no_department")
        is_official = valid_id(owner_id) is not None and members_with_role(
            community=community, roles=Role.OFFICIAL, department=appeal.department_id).filter(pk=owner_id).exists()
        if not is_official:
            raise ValidationFailed(fields={"owner": [_("Choose an official of the responsible department.")]})
        if appeal.owner_id == owner_id:
            return appeal
        previous = appeal.owner_id
        appeal.owner_id = owner_id
        if appeal.status == Status.REGISTERED:
            appeal.status = Status.ASSIGNED
        _save(appeal, ["owner", "status"])
        owner = appeal.owner
        assert owner is not None and appeal.department is not None  # just assigned; routing always sets one
        name, phone = _owner_contact(owner, appeal.department)
        _event(appeal, actor=actor, kind="reassigned" if previous else "assigned",
               text=_("Process owner: %(name)s") % {"name": owner.full_name or owner.email})
        audit_record(actor=actor, community=community, action="appeals.appeal.assigned", target=appeal,
                     data={"owner": owner_id, "previous": previous})
        publish_record(appeal, "assigned", actor=actor, data={"previous_owner_id": previous} if previous else None)
        _tell(appeal, actor=actor, event="assigned",
              title=gettext_lazy("Appeal {index}: the process owner is {owner}"),
              body=gettext_lazy("Your appeal is handled by {owner}, phone {phone} ({department})."),
              params={"owner": name, "phone": phone, "department": appeal.department.name})
        if owner.pk != getattr(actor, "pk", None):
            notify(community=community, recipients=[owner], event="appeals.appeal.owned",
                   title=gettext_lazy("You are the process owner of appeal {index}"), url=_link(appeal),
                   params={"index": appeal.registration_index})
    return appeal


@service
def appeal_start(*, actor, community, appeal_id: int) -> Appeal:
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, (Status.ASSIGNED,))
        appeal.status = Status.IN_PROGRESS
        _save(appeal, ["status"])
        _event(appeal, actor=actor, kind="started")
        audit_record(actor=actor, community=community, action="appeals.appeal.started", target=appeal)
        _tell(appeal, actor=actor, event="started", title=gettext_lazy("Appeal {index} is being worked on"))
    return appeal


@service
def appeal_answer(*, actor, community, appeal_id: int, text: str, documents: Iterable = ()) -> Appeal:
    """The documented response: text plus attached documents (PDF or images)."""
    text = _text(text, "text")
    documents = list(documents or [])
    if len(documents) > 10:
        raise ValidationFailed(fields={"documents": [_("At most %(n)s files.") % {"n": 10}]})
    max_bytes = community.setting("appeals", "document_max_mb") * 2**20
    clean_docs = [clean_document(d, max_bytes=max_bytes) for d in documents]
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, (Status.ASSIGNED, Status.IN_PROGRESS))
        now = timezone.now()
        appeal.status, appeal.response_text, appeal.answered_at = Status.ANSWERED, text, now
        _save(appeal, ["status", "response_text", "answered_at"], now)
        for doc in clean_docs:
            AppealDocument.objects.create(community=community, appeal=appeal, file=doc.content, name=doc.name,
                                          content_type=doc.content_type, size=doc.content.size)
        _event(appeal, actor=actor, kind="answered", text=text, at=now)
        audit_record(actor=actor, community=community, action="appeals.appeal.answered", target=appeal,
                     data={"documents": len(clean_docs), "on_time": now <= appeal.due_at})
        publish_record(appeal, "answered", actor=actor)
        _tell(appeal, actor=actor, event="answered", title=gettext_lazy("Appeal {index} is answered"),
              body=VERBATIM, params={"text": text})
    return appeal


@service
def appeal_reject(*, actor, community, appeal_id: int, reason: str) -> Appeal:
    reason = _text(reason, "reason")
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, OPEN_STATUSES)
        now = timezone.now()
        appeal.status, appeal.reason, appeal.answered_at = Status.REJECTED, reason, now
        _save(appeal, ["status", "reason", "answered_at"], now)
        _event(appeal, actor=actor, kind="rejected", text=reason, at=now)
        audit_record(actor=actor, community=community, action="appeals.appeal.rejected", target=appeal,
                     data={"reason": reason})
        publish_record(appeal, "rejected", actor=actor)
        _tell(appeal, actor=actor, event="rejected", title=gettext_lazy("Appeal {index} is rejected"),
              body=VERBATIM, params={"text": reason})
    return appeal


@service
def appeal_redirect(*, actor, community, appeal_id: int, to: str, reason: str = "") -> Appeal:
    """Sent to another body (e.g. an oblast service); the resident learns where and why."""
    to = _text(to, "to", limit=300)
    reason = _text(reason, "reason", required=False)
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, OPEN_STATUSES)
        now = timezone.now()
        appeal.status, appeal.redirected_to, appeal.reason, appeal.answered_at = Status.REDIRECTED, to, reason, now
        _save(appeal, ["status", "redirected_to", "reason", "answered_at"], now)
        text = _("Redirected to %(to)s.") % {"to": to} + (f" {reason}" if reason else "")
        _event(appeal, actor=actor, kind="redirected", text=text, at=now)
        audit_record(actor=actor, community=community, action="appeals.appeal.redirected", target=appeal,
                     data={"to": to})
        publish_record(appeal, "redirected", actor=actor)
        _tell(appeal, actor=actor, event="redirected", title=gettext_lazy("Appeal {index} is redirected to {to}"),
              body=VERBATIM if reason else "", params={"to": to, "text": reason})
    return appeal


@service
def appeal_close(*, actor, community, appeal_id: int) -> Appeal:
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, (Status.ANSWERED, Status.REJECTED, Status.REDIRECTED))
        now = timezone.now()
        appeal.status, appeal.closed_at = Status.CLOSED, now
        _save(appeal, ["status", "closed_at"], now)
        _event(appeal, actor=actor, kind="closed", at=now)
        audit_record(actor=actor, community=community, action="appeals.appeal.closed", target=appeal)
        _tell(appeal, actor=actor, event="closed", title=gettext_lazy("Appeal {index} is closed"))
    return appeal


@service
def appeal_extend(*, actor, community, appeal_id: int, reason: str, until: date | None = None) -> Appeal:
    """Extend the term once, with notice, never beyond the statutory maximum (45 days; 20 working
    days for public information)."""
    reason = _text(reason, "reason")
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, OPEN_STATUSES)
        if appeal.extended:
            raise Conflict(_("The term was extended already."), code="already_extended")
        latest = latest_due_for(community, appeal.category.term_kind, appeal.created_at)
        new_due = latest if until is None else end_of_day(until)
        if new_due <= appeal.due_at:
            raise ValidationFailed(fields={"until": [_("The new date must be after the current due date.")]})
        if new_due > latest:
            raise ValidationFailed(fields={"until": [
                _("The law allows at most until %(date)s.") % {"date": timezone.localtime(latest).strftime("%d.%m.%Y")}]})
        previous = appeal.due_at
        appeal.due_at, appeal.extended = new_due, True
        _save(appeal, ["due_at", "extended"])
        due_text = timezone.localtime(new_due).strftime("%d.%m.%Y")
        _event(appeal, actor=actor, kind="extended", text=_("New due date %(date)s. %(reason)s") % {
            "date": due_text, "reason": reason})
        audit_record(actor=actor, community=community, action="appeals.appeal.extended", target=appeal,
                     data={"from": previous, "to": new_due, "reason": reason})
        _tell(appeal, actor=actor, event="extended", title=gettext_lazy("Appeal {index}: the term is extended to {due}"),
              body=VERBATIM, params={"due": due_text, "text": reason})
    return appeal


@service
def appeal_change_category(*, actor, community, appeal_id: int, category_code: str) -> Appeal:
    """Re-categorise and re-route; a new department means a new process owner is needed."""
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        _require_status(appeal, OPEN_STATUSES)
        category = Category.objects.filter(community=community, code=text_param(category_code),
                                           is_active=True).first()
        if category is None:
            raise ValidationFailed(fields={"category": [_("Choose a category.")]})
        if category.pk == appeal.category_id:
            return appeal
        previous = appeal.category
        where = route(community, category, appeal.lat, appeal.lon)
        appeal.category, appeal.area_id = category, where.area_id
        fields = ["category", "area"]
        if where.department_id != appeal.department_id:
            appeal.department_id, appeal.owner_id, appeal.status = where.department_id, None, Status.REGISTERED
            fields += ["department", "owner", "status"]
        if not appeal.extended:
            appeal.due_at = due_for(community, category.term_kind, appeal.created_at)
            fields.append("due_at")
        _save(appeal, fields)
        _event(appeal, actor=actor, kind="category_changed",
               text=_("Category: %(old)s → %(new)s") % {"old": previous.name, "new": category.name})
        audit_record(actor=actor, community=community, action="appeals.appeal.category_changed", target=appeal,
                     data={"from": previous.code, "to": category.code, "department": appeal.department_id})
        _tell(appeal, actor=actor, event="category_changed",
              title=gettext_lazy("Appeal {index} is moved to “{category}”"), params={"category": category.name})
    return appeal


@service
def appeal_note_add(*, actor, community, appeal_id: int, text: str) -> InternalNote:
    text = _text(text, "text")
    with transaction.atomic():
        appeal = _locked(community, appeal_id, actor)
        note = InternalNote.objects.create(community=community, appeal=appeal, author=actor, text=text)
        audit_record(actor=actor, community=community, action="appeals.appeal.note_added", target=appeal)
    return note
