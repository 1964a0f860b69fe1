"""Appeals as records other capabilities follow (core.records): what each appeal shows them, the events appeals
publish (filed, assigned, answered ...), and the document workflow's acts on an appeal's card applied back here
through appeals' own services, so the appeal stays the resident's record and its Open311 status stays right."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from hromada.core import records
from hromada.core.calendar.working_days import to_kyiv_date
from hromada.core.errors import DomainError
from hromada.core.identity.models import User

from . import policies
from .models import OPEN_STATUSES, Appeal, Status

log = logging.getLogger(__name__)
SOURCE_APP = "appeals"


def publish(appeal: Appeal, verb: str, *, actor, data: dict | None = None) -> None:
    """`appeals.appeal.<verb>` for the followers; inside the service's transaction (delivered after commit).
    `data` holds ids only (a reassignment names the previous owner, whose task the followers withdraw)."""
    records.publish(community=appeal.community, name=f"appeals.appeal.{verb}", source_app=SOURCE_APP,
                    source_id=appeal.pk, actor=actor, data=data)


def _answer(appeal: Appeal) -> str:
    if appeal.status == Status.REJECTED:
        return _("Refused: %(reason)s") % {"reason": appeal.reason}
    if appeal.status == Status.REDIRECTED:
        return _("Redirected to %(to)s. %(reason)s") % {"to": appeal.redirected_to, "reason": appeal.reason}
    return appeal.response_text


def read(community, source_id: str) -> records.Record | None:
    try:
        pk = int(source_id)
    except (TypeError, ValueError):
        return None
    appeal = Appeal.objects.select_related("category").filter(community=community, pk=pk).first()
    if appeal is None:
        return None
    answered = appeal.answered_at is not None
    return records.Record(
        source_app=SOURCE_APP, source_id=str(appeal.pk), kind="appeal", reference=appeal.registration_index,
        summary=f"{appeal.category.name}: {appeal.description}", received=to_kyiv_date(appeal.created_at),
        correspondent_name=appeal.contact_name, department_id=appeal.department_id, owner_id=appeal.owner_id,
        due=to_kyiv_date(appeal.due_at),
        answer=_answer(appeal) if answered else "",
        answered_on=to_kyiv_date(appeal.answered_at) if appeal.answered_at else None)


def ids(community):
    return (str(pk) for pk in Appeal.objects.filter(community=community).order_by("created_at", "pk")
            .values_list("pk", flat=True).iterator())


SOURCE = records.RecordSource(read=read, ids=ids)


def on_docflow_event(community, event: records.RecordEvent) -> None:
    """A resolution on an appeal's card names the process owner; a registered answer letter answers the appeal.
    Applied as the official who acted in docflow, through the same services staff use; a step appeals refuses
    (an executor outside the appeal's department, an appeal no longer open) is logged and left to staff."""
    if event.source_app != SOURCE_APP:
        return
    actor = User.objects.filter(pk=event.actor_id, is_active=True).first() if event.actor_id else None
    appeal = Appeal.objects.filter(community=community, pk=_int(event.source_id)).first()
    if actor is None or appeal is None:
        return
    appeal.community = community
    from . import services

    try:
        if event.name == "docflow.document.resolved" and appeal.status in OPEN_STATUSES:
            owner_id = _int(event.data.get("executor_id"))
            if owner_id and owner_id != appeal.owner_id:
                services.appeal_assign(actor=_acting(actor, appeal, owner_id), community=community,
                                       appeal_id=appeal.pk, owner_id=owner_id)
        elif event.name == "docflow.document.answered" and appeal.status in (Status.ASSIGNED, Status.IN_PROGRESS):
            letter = records.read(community, "docflow", event.data.get("reply_id"))
            if letter is not None:
                actor = _acting(actor, appeal, appeal.owner_id)
                text = _("Answered by letter %(index)s of %(date)s: %(summary)s") % {
                    "index": letter.reference, "date": letter.received.strftime("%d.%m.%Y") if letter.received else "",
                    "summary": letter.summary}
                services.appeal_answer(actor=actor, community=community, appeal_id=appeal.pk, text=text[:4000])
    except DomainError as exc:
        log.warning("docflow event %s not applied to appeal %s: %s", event.name, appeal.pk, exc.code)


def _acting(actor, appeal: Appeal, executor_id: int | None):
    """Who the appeal's step is recorded as: the official who acted in docflow when appeals lets them handle the
    appeal (an admin, its department's official), else the executor the resolution named (a mayor resolves, a
    clerk sends; the executor of the appeal's department carries it out). Appeals' own policy still decides."""
    if policies.can_handle(actor, appeal) or not executor_id:
        return actor
    return User.objects.filter(pk=executor_id, is_active=True).first() or actor


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
