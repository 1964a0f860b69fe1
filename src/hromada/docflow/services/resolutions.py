"""Resolutions: the head (or a department head, or an executor down the chain) names the main executor,
co-executors, the task and the deadline; the card goes into execution and under control; the executors are told.
A resolution no longer wanted (the work went to someone else) is withdrawn: it leaves the inboxes and control."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound
from hromada.core.identity.guard import require, service
from hromada.core.notifications.services import notify

from .. import policies, policies_execution
from ..execution_rules import (
    as_pk,
    as_user,
    card_path,
    clean_deadline,
    clean_text,
    department_of,
    locked_row,
    official,
    officials,
    refresh_control,
    transitions,
)
from ..models import Resolution, ResolutionState
from .fields import Problems, locked_document

CO_EXECUTORS_MAX = 20


def _parent(actor, community, document, raw, problems: Problems) -> Resolution | None:
    """The resolution this one is given under: named, or the actor's own active one on the card (a chain)."""
    active = document.resolutions.filter(state=ResolutionState.ACTIVE)
    if raw not in (None, ""):
        parent = active.filter(pk=as_pk(raw)).first()
        if parent is None:
            problems.add("parent_id", _("No such active resolution of this document."))
        return parent
    if policies_execution.is_resolver(actor, community):
        return None
    return active.filter(main_executor_id=getattr(actor, "pk", None)).order_by("pk").first()


@service
def resolution_create(*, actor, community, document_id: int, main_executor_id: int, text: str,
                      co_executor_ids: list[int] | tuple[int, ...] = (), deadline: date | str | None = None,
                      deadline_days: int | str | None = None, parent_id: int | None = None) -> Resolution:
    """Resolve a registered card: the deadline is a date or a number of working days from today."""
    require(policies.can_read(actor, community), _("Only the community's officials resolve documents."))
    with transaction.atomic():
        document = locked_document(community, document_id)
        if not policies.can_see(actor, community, document):
            raise NotFound()
        require(policies_execution.can_resolve(actor, community, document),
                _("You may not resolve this document."))
        problems = Problems()
        text = clean_text(text, "text", problems)
        executor = official(community, main_executor_id, "main_executor_id", problems)
        raw_co = list(co_executor_ids or ())
        if len(raw_co) > CO_EXECUTORS_MAX:
            problems.add("co_executor_ids", _("At most %(max)s co-executors.") % {"max": CO_EXECUTORS_MAX})
            raw_co = []
        co = officials(community, raw_co, "co_executor_ids", problems)
        if executor is not None and any(u.pk == executor.pk for u in co):
            problems.add("co_executor_ids", _("The main executor is not also a co-executor."))
        due = clean_deadline(community, deadline, deadline_days, problems)
        parent = _parent(actor, community, document, parent_id, problems)
        if parent is not None and due is not None and due > parent.deadline:
            problems.add("deadline", _("Not later than the deadline of the resolution it is given under (%(date)s).")
                         % {"date": parent.deadline.strftime("%d.%m.%Y")})
        problems.raise_if_any()
        assert executor is not None and due is not None  # refused above otherwise
        resolution = Resolution.objects.create(
            community=community, document=document, parent=parent, author=as_user(actor), main_executor=executor,
            department_id=department_of(community, executor, document.department_id), text=text, deadline=due)
        if co:
            resolution.co_executors.set(co)
        refresh_control(document)
        audit_record(actor=actor, community=community, action="docflow.resolution.created", target=document,
                     data={"resolution": resolution.pk, "executor": executor.pk, "co_executors": [u.pk for u in co],
                           "deadline": due.isoformat(), "parent": parent.pk if parent else None})
        # An appeal's card: the appeal names the executor its process owner (ADR 0017).
        from ..flows import publish_for_origin

        publish_for_origin(document, "resolved", actor=actor, data={"executor_id": executor.pk})
        params = {"index": document.reg_index, "deadline": due.strftime("%d.%m.%Y")}
        notify(community=community, recipients=[executor], event="docflow.resolution",
               title=gettext_lazy("You are the main executor of document {index}, due {deadline}"),
               url=card_path(document), params=params)
        notify(community=community, recipients=co, event="docflow.resolution",
               title=gettext_lazy("You are a co-executor of document {index}, due {deadline}"),
               url=card_path(document), params=params)
    return resolution


def _cancel(resolution: Resolution, *, reason: str) -> list[int]:
    """Cancel the resolution and the chain given under it; returns the ids cancelled. Not a completion: no
    completion time or on-time mark, so the dashboard counts none of them."""
    with transitions(_("The resolution is no longer in execution.")):
        resolution.cancel()
        resolution.completion_note = reason
        resolution.save()
    done = [resolution.pk]
    for child in resolution.children.filter(state=ResolutionState.ACTIVE):
        done += _cancel(child, reason=reason)
    return done


@service
def resolution_withdraw(*, actor, community, resolution_id: int, reason: str,
                        superseded_by: int | None = None) -> Resolution:
    """Withdraw an active resolution (with the chain under it): its executors no longer see it in their inbox,
    the card's control follows the resolutions left. Who may change its deadline may withdraw it (its author, a
    resolver, the control office); `superseded_by` names the resolution that replaced it, for the audit log."""
    require(policies.can_read(actor, community), _("Only the community's officials withdraw resolutions."))
    with transaction.atomic():
        resolution, document = locked_row(Resolution, community, actor, resolution_id, "document_id", "document")
        require(policies_execution.can_extend(actor, community, resolution),
                _("You may not withdraw this resolution."))
        problems = Problems()
        reason = clean_text(reason, "reason", problems)
        problems.raise_if_any()
        cancelled = _cancel(resolution, reason=reason)
        refresh_control(document)
        audit_record(actor=actor, community=community, action="docflow.resolution.withdrawn", target=document,
                     data={"resolutions": cancelled, "executor": resolution.main_executor_id,
                           "superseded_by": superseded_by})
        notify(community=community, recipients=[resolution.main_executor, *resolution.co_executors.all()],
               event="docflow.resolution", title=gettext_lazy("Your task on document {index} is withdrawn"),
               url=card_path(document), params={"index": document.reg_index}, exclude=actor)
    return resolution
