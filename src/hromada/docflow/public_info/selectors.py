"""Reads of public information requests: the public register (no personal data, searchable), the requester's own
requests, the office's queue, one request for the office or its requester, and the open-data statistics of
registration (counts by journal, kind, department and month, with the on-time share)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth

from hromada.core.errors import NotFound

from ..extraction import fold
from ..models import Document, Resolution
from . import policies
from .links import token_matches
from .models import OPEN_STATUSES, InfoRequest, InfoRequestStatus

Q_MAX = 200
# What the public register may show: nothing that names or reaches the requester.
PUBLIC_FIELDS = ("pk", "summary", "received_at", "status", "deadline", "answered_at", "refusal_ground",
                 "document__reg_index")


@dataclass(frozen=True)
class RegisterQuery:
    q: str = ""
    status: str = ""

    @classmethod
    def parse(cls, params) -> RegisterQuery:
        status = str(params.get("status", "") or "")
        return cls(q=" ".join(str(params.get("q", "") or "").split())[:Q_MAX],
                   status=status if status in InfoRequestStatus.values else "")


def public_register(*, community, query: RegisterQuery) -> QuerySet:
    """The register as plain values (never a model instance a template could reach the requester through)."""
    rows = InfoRequest.objects.filter(community=community)
    if query.status:
        rows = rows.filter(status=query.status)
    for word in fold(query.q).split()[:8]:
        rows = rows.filter(Q(summary_folded__contains=word) | Q(document__reg_index__icontains=word))
    return rows.order_by("-received_at", "-pk").values(*PUBLIC_FIELDS)


def requester_requests(*, community, user) -> QuerySet[InfoRequest]:
    return (InfoRequest.objects.filter(community=community, requester=user).select_related("document")
            .order_by("-received_at", "-pk"))


def office_queue(*, actor, community, status: str = "open") -> QuerySet[InfoRequest]:
    """The office's requests, the open ones first by their due date."""
    if not policies.can_process(actor, community):
        raise NotFound()
    rows = InfoRequest.objects.filter(community=community).select_related("document")
    if status == "open":
        return rows.filter(status__in=OPEN_STATUSES).order_by("deadline", "pk")
    if status in InfoRequestStatus.values:
        rows = rows.filter(status=status)
    return rows.order_by("-received_at", "-pk")


def _pk(raw) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return 0


def office_get(*, actor, community, info_request_id) -> InfoRequest:
    if not policies.can_process(actor, community):
        raise NotFound()
    found = (InfoRequest.objects.select_related("document", "answered_by")
             .filter(community=community, pk=_pk(info_request_id)).first())
    if found is None:
        raise NotFound()
    return found


def requester_get(*, community, user, info_request_id, token: str = "") -> InfoRequest:
    """The request for its requester: signed in as the one who sent it, or holding the emailed link's token."""
    found = InfoRequest.objects.select_related("document").filter(community=community,
                                                                  pk=_pk(info_request_id)).first()
    if found is None or not (token_matches(found, token) if token else policies.is_requester(user, found)):
        raise NotFound()
    return found


def registration_statistics_rows(community) -> Iterator[dict]:
    """Open data: registered documents per month, journal, document kind and department, with how many were
    executed (a completed resolution, an answered or refused information request) and the on-time share.
    Counts only: no correspondents, summaries, indexes or people."""
    resolved = Resolution.objects.filter(document=OuterRef("pk"), parent__isnull=True, state="done")
    answered = InfoRequest.objects.filter(document=OuterRef("pk"),
                                          status__in=(InfoRequestStatus.ANSWERED, InfoRequestStatus.REFUSED))
    executed = Q(Exists(resolved)) | Q(Exists(answered))
    late = Q(Exists(resolved.filter(on_time=False))) | Q(Exists(answered.filter(answered_at__date__gt=F("deadline"))))
    rows = (Document.objects.filter(community=community, reg_number__isnull=False)
            .annotate(month=TruncMonth("reg_date"))
            .values("month", "journal__kind", "kind", "department__name")
            .annotate(registered=Count("pk"), executed=Count("pk", filter=executed),
                      late=Count("pk", filter=executed & late))
            .order_by("month", "journal__kind", "kind", "department__name"))
    for row in rows.iterator(chunk_size=500):
        done, late_count = row["executed"], row["late"]
        yield {"month": row["month"].strftime("%Y-%m"), "journal": row["journal__kind"], "kind": row["kind"],
               "department": row["department__name"] or "", "registered": row["registered"], "executed": done,
               "on_time": done - late_count,
               "on_time_share": round((done - late_count) / done, 3) if done else None}
