"""Petitions as records other capabilities follow (core.records): a petition that reached its threshold is a
collective appeal the council considers, so it is shared from then on (registered by the document workflow),
and so is the council's answer. Events: petitions.petition.threshold_reached, .assigned, .answered. An answer
letter the document workflow sends to the petition's card becomes the petition's answer, through petitions' own
service (`on_docflow_event`)."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from hromada.core import records
from hromada.core.calendar.working_days import to_kyiv_date
from hromada.core.errors import DomainError
from hromada.core.identity.models import User

from . import policies
from .models import Decision, Petition, Status

log = logging.getLogger(__name__)

SOURCE_APP = "petitions"
SHARED = (Status.THRESHOLD_REACHED, Status.ANSWERED)


def publish(petition: Petition, verb: str, *, community, actor) -> None:
    """`petitions.petition.<verb>` for the followers; inside the service's transaction (delivered after commit)."""
    records.publish(community=community, name=f"petitions.petition.{verb}", source_app=SOURCE_APP,
                    source_id=petition.pk, actor=actor)


def read(community, source_id: str) -> records.Record | None:
    try:
        pk = int(source_id)
    except (TypeError, ValueError):
        return None
    petition = (Petition.objects.select_related("author").filter(community=community, pk=pk, status__in=SHARED,
                                                                 threshold_reached_at__isnull=False).first())
    if petition is None:
        return None
    return records.Record(
        source_app=SOURCE_APP, source_id=str(petition.pk), kind="petition",
        reference=_("Electronic petition No. %(number)s") % {"number": petition.pk},
        summary=petition.title, received=to_kyiv_date(petition.threshold_reached_at),
        correspondent_name=petition.author.full_name or "", department_id=petition.department_id,
        due=to_kyiv_date(petition.consideration_deadline) if petition.consideration_deadline else None,
        answer=petition.answer_text if petition.status == Status.ANSWERED else "",
        answered_on=to_kyiv_date(petition.answered_at) if petition.answered_at else None)


def ids(community):
    return (str(pk) for pk in Petition.objects.filter(community=community, status__in=SHARED,
                                                      threshold_reached_at__isnull=False)
            .order_by("threshold_reached_at", "pk").values_list("pk", flat=True).iterator())


SOURCE = records.RecordSource(read=read, ids=ids)


def on_docflow_event(community, event: records.RecordEvent) -> None:
    """The answer letter to a petition's card, sent in the document workflow with the result of consideration,
    is the petition's answer: recorded by `petition_answer` as the official who sent it when petitions lets them
    answer, else as the executor the answered resolution named. A step petitions refuses (no decision given, a
    petition already answered, nobody allowed to answer) is logged and left to the petitions pages."""
    if event.source_app != SOURCE_APP or event.name != "docflow.document.answered":
        return
    petition = Petition.objects.filter(community=community, pk=_int(event.source_id),
                                       status=Status.THRESHOLD_REACHED).first()
    letter = records.read(community, "docflow", event.data.get("reply_id"))
    decision = event.data.get("outcome")
    actor = _acting(community, petition, event) if petition is not None else None
    if petition is None or actor is None or letter is None or decision not in Decision.values:
        log.warning("docflow answer %s not applied to petition %s", event.data.get("reply_id"), event.source_id)
        return
    from . import services

    text = _("Answered by letter %(index)s of %(date)s: %(summary)s") % {
        "index": letter.reference, "date": letter.received.strftime("%d.%m.%Y") if letter.received else "",
        "summary": letter.summary}
    try:
        services.petition_answer(actor=actor, community=community, petition=petition,
                                 text=text[:10000], decision=decision)
    except DomainError as exc:
        log.warning("docflow event %s not applied to petition %s: %s", event.name, petition.pk, exc.code)


def _acting(community, petition: Petition, event: records.RecordEvent) -> User | None:
    """The official who sent the letter when they may answer the petition, else the executor who prepared it
    (the office sends, the department answers); None when neither may (petitions' own policy decides)."""
    for pk in (_int(event.actor_id), _int(event.data.get("executor_id"))):
        user = User.objects.filter(pk=pk, is_active=True).first() if pk else None
        if user is not None and policies.can_answer(user, community, petition):
            return user
    return None


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
