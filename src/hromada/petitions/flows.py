"""Petitions as records other capabilities follow (core.records): a petition that reached its threshold is a
collective appeal the council considers, so it is shared from then on (registered by the document workflow),
and so is the council's answer. Events: petitions.petition.threshold_reached, .assigned, .answered."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hromada.core import records
from hromada.core.calendar.working_days import to_kyiv_date

from .models import Petition, Status

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
