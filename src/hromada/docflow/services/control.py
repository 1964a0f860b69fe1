"""Control of execution: an executor's completion mark, an extension with its reason, the control office taking a
card off control, and the periodic sweep: reminders before a deadline (each once) and the escalation once overdue."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.calendar.working_days import working_days_between
from hromada.core.errors import NotFound
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Membership, Role, User
from hromada.core.notifications.services import notify

from .. import policies, policies_execution
from ..execution_rules import (
    as_user,
    card_path,
    clean_deadline,
    clean_text,
    locked_row,
    refresh_control,
    transitions,
)
from ..manifest import docflow_settings
from ..models import ControlEvent, ControlEventKind, Document, Resolution, ResolutionState, Status
from .fields import Problems, locked_document


def _locked(community, actor, resolution_id) -> tuple[Resolution, Document]:
    """The resolution and its card, the card locked; another community's or an unseen card is NotFound."""
    return locked_row(Resolution, community, actor, resolution_id, "document_id", "document")


def _finish(resolution: Resolution, *, actor, note: str) -> None:
    now = timezone.now()
    today = timezone.localdate()
    with transitions(_("The resolution is no longer in execution.")):
        resolution.complete()
        resolution.completed_at, resolution.completed_by, resolution.completion_note = now, as_user(actor), note
        resolution.on_time = today <= resolution.deadline
        resolution.days_taken = max((today - timezone.localtime(resolution.created_at).date()).days, 0)
        resolution.save()
    ControlEvent.objects.create(community_id=resolution.community_id, resolution=resolution,
                                kind=ControlEventKind.COMPLETION, deadline=resolution.deadline, reason=note,
                                actor=as_user(actor))
    for child in resolution.children.filter(state=ResolutionState.ACTIVE):
        _finish(child, actor=actor, note=note)


def _after_completion(document) -> None:
    refresh_control(document)
    if not document.under_control and document.status == Status.IN_EXECUTION:
        document.status = Status.DONE
        document.save(update_fields=["status", "updated_at"])


@service
def resolution_complete(*, actor, community, resolution_id: int, note: str = "") -> Resolution:
    """The executor's completion mark (the chain under it completes with it); the last one takes the card off
    control and marks it done."""
    require(policies.can_read(actor, community), _("Only the community's officials execute documents."))
    with transaction.atomic():
        resolution, document = _locked(community, actor, resolution_id)
        require(policies_execution.can_complete(actor, community, resolution),
                _("You may not mark this resolution done."))
        problems = Problems()
        note = clean_text(note, "note", problems, required=False)
        problems.raise_if_any()
        _finish(resolution, actor=actor, note=note)
        _after_completion(document)
        audit_record(actor=actor, community=community, action="docflow.resolution.completed", target=document,
                     data={"resolution": resolution.pk, "on_time": resolution.on_time})
    return resolution


@service
def resolution_extend(*, actor, community, resolution_id: int, reason: str, deadline: date | str | None = None,
                      deadline_days: int | str | None = None) -> Resolution:
    """A new deadline with its reason (recorded as a control event and in the audit log); the executors are told."""
    require(policies.can_read(actor, community), _("Only the community's officials change deadlines."))
    with transaction.atomic():
        resolution, document = _locked(community, actor, resolution_id)
        require(policies_execution.can_extend(actor, community, resolution),
                _("You may not change this deadline."))
        problems = Problems()
        reason = clean_text(reason, "reason", problems)
        due = clean_deadline(community, deadline, deadline_days, problems)
        if due is not None and due == resolution.deadline:
            problems.add("deadline", _("That is the current deadline."))
        parent = resolution.parent
        if due is not None and parent is not None and due > parent.deadline:
            problems.add("deadline", _("Not later than the deadline of the resolution it is given under (%(date)s).")
                         % {"date": parent.deadline.strftime("%d.%m.%Y")})
        problems.raise_if_any()
        assert due is not None  # refused above otherwise
        old = resolution.deadline
        resolution.deadline = due
        with transitions(_("The resolution is no longer in execution.")):
            resolution.save(update_fields=["deadline"])
        ControlEvent.objects.create(community=community, resolution=resolution, kind=ControlEventKind.EXTENSION,
                                    deadline=old, new_deadline=due, reason=reason, actor=as_user(actor))
        refresh_control(document)
        audit_record(actor=actor, community=community, action="docflow.resolution.extended", target=document,
                     data={"resolution": resolution.pk, "from": old.isoformat(), "to": due.isoformat()})
        notify(community=community, recipients=[resolution.main_executor, *resolution.co_executors.all()],
               event="docflow.extended", title=gettext_lazy("The deadline of document {index} is now {deadline}"),
               url=card_path(document), params={"index": document.reg_index, "deadline": due.strftime("%d.%m.%Y")},
               exclude=actor)
    return resolution


@service
def control_complete(*, actor, community, document_id: int, note: str = "") -> Document:
    """The control office's completion mark: every active resolution is done and the card leaves control."""
    require(policies.can_read(actor, community), _("Only the community's officials keep control."))
    with transaction.atomic():
        document = locked_document(community, document_id)
        if not policies.can_see(actor, community, document):
            raise NotFound()
        require(policies_execution.can_take_off_control(actor, community, document),
                _("You may not take this document off control."))
        problems = Problems()
        note = clean_text(note, "note", problems, required=False)
        problems.raise_if_any()
        for resolution in document.resolutions.filter(state=ResolutionState.ACTIVE, parent__isnull=True):
            _finish(resolution, actor=actor, note=note)
        _after_completion(document)
        audit_record(actor=actor, community=community, action="docflow.control.completed", target=document, data={})
    return document


def _reminder_days(community) -> list[int]:
    days = set()
    for part in docflow_settings(community).reminder_days.split(","):
        if part.strip().isdigit() and 0 < int(part) <= 60:
            days.add(int(part))
    return sorted(days, reverse=True)


def _once(resolution: Resolution, kind: str, days_before: int = 0) -> bool:
    """Record the event for the resolution's current deadline; False when it was recorded before."""
    try:
        with transaction.atomic():
            ControlEvent.objects.create(community_id=resolution.community_id, resolution=resolution, kind=kind,
                                        deadline=resolution.deadline, days_before=days_before)
    except IntegrityError:
        return False
    return True


def _control_office(community) -> list[User]:
    names = policies_execution.setting_names(docflow_settings(community).control_departments)
    members = Membership.objects.filter(community=community, role=Role.OFFICIAL, user__is_active=True,
                                        department__isnull=False).select_related("user", "department")
    return [m.user for m in members if m.department.short_name.strip().casefold() in names]


@service
def control_sweep(*, actor, community, today: date | None = None) -> dict[str, int]:
    """Reminders `reminder_days` working days before each active deadline and one escalation when overdue (to the
    executor's department head, the author and the control office). Safe to run at any interval: each is once."""
    require(policies_execution.is_control_office(actor, community), _("Only the platform runs the control sweep."))
    today = today or timezone.localdate()
    days = _reminder_days(community)
    horizon = today + timedelta(days=(max(days) if days else 0) * 3 + 14)
    sent = {"reminders": 0, "escalations": 0}
    office: list[User] | None = None
    rows = (Resolution.objects.filter(community=community, state=ResolutionState.ACTIVE, deadline__lte=horizon)
            .select_related("document", "main_executor", "department__head", "author").order_by("deadline", "pk"))
    for resolution in rows:
        document = resolution.document
        params = {"index": document.reg_index, "deadline": resolution.deadline.strftime("%d.%m.%Y")}
        with transaction.atomic():
            if resolution.deadline < today:
                if not _once(resolution, ControlEventKind.ESCALATION):
                    continue
                office = _control_office(community) if office is None else office
                head = resolution.department.head if resolution.department else None
                notify(community=community, recipients=[u for u in (head, resolution.author, *office) if u],
                       event="docflow.overdue", url=card_path(document), params=params,
                       title=gettext_lazy("Document {index} is overdue: its deadline was {deadline}"))
                notify(community=community, recipients=[resolution.main_executor], event="docflow.overdue",
                       url=card_path(document), params=params,
                       title=gettext_lazy("Your task on document {index} is overdue (deadline {deadline})"))
                sent["escalations"] += 1
                continue
            left = working_days_between(community, today, resolution.deadline)
            fresh = [n for n in days if left <= n and _once(resolution, ControlEventKind.REMINDER, n)]
            if fresh:
                notify(community=community, recipients=[resolution.main_executor, *resolution.co_executors.all()],
                       event="docflow.reminder", url=card_path(document), params=params,
                       title=gettext_lazy("Reminder: document {index} is due {deadline}"))
                sent["reminders"] += 1
    if sent["reminders"] or sent["escalations"]:
        audit_record(actor=actor, community=community, action="docflow.control.swept", target=None, data=sent)
    return sent
