"""The JSON API of the transparency self-check at /c/<community>/api/v1/transparency_index/: the snapshots (public),
the latest with every indicator, one by id, and computing a period (staff). Errors come in the kernel's envelope."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from hromada.core.api.access import SignedIn
from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.public_cache import cached_for_anonymous
from hromada.core.api.schemas import ERROR_RESPONSES, StrictSchema
from hromada.core.errors import NotFound

from . import selectors, services
from .policies import can_compute

router = Router()


class TransparencyIndexSummaryOut(Schema):
    id: int
    period_start: date
    period_end: date
    computed_at: datetime
    points: float
    max_points: float
    percent: float | None


class TransparencyIndexEvidenceOut(Schema):
    label: str
    url: str


class TransparencyIndexIndicatorOut(Schema):
    code: str
    kind: str
    title: str
    value: str
    advice: str
    score: float | None
    points: float | None
    max_points: float
    evidence: list[TransparencyIndexEvidenceOut]


class TransparencyIndexAreaOut(Schema):
    code: str
    title: str
    points: float
    max_points: float
    percent: float | None
    indicators: list[TransparencyIndexIndicatorOut]


class TransparencyIndexSnapshotOut(TransparencyIndexSummaryOut):
    methodology: str
    areas: list[TransparencyIndexAreaOut]
    fix_first: list[str]


class TransparencyIndexComputeIn(StrictSchema):
    start: date
    end: date


def _indicator(item) -> dict:
    return {"code": item.code, "kind": item.kind, "title": item.title, "value": item.value, "advice": item.advice,
            "score": item.score, "points": item.points, "max_points": item.max_points,
            "evidence": [{"label": label, "url": url} for label, url in item.evidence]}


def _snapshot(snapshot) -> dict:
    view = selectors.selfcheck_view(snapshot)
    return {
        "id": snapshot.pk, "period_start": snapshot.period_start, "period_end": snapshot.period_end,
        "computed_at": snapshot.computed_at, "points": snapshot.points, "max_points": snapshot.max_points,
        "percent": snapshot.percent, "methodology": snapshot.methodology,
        "areas": [{"code": area.code, "title": area.title, "points": area.points, "max_points": area.max_points,
                   "percent": area.percent, "indicators": [_indicator(item) for item in area.indicators]}
                  for area in view.areas],
        "fix_first": [item.code for item in view.fix_first],
    }


@router.get("/", response={200: list[TransparencyIndexSummaryOut], **ERROR_RESPONSES},
            summary="The computed self-checks, latest period first")
@cached_for_anonymous(seconds=30)
@paginate(PageNumber)
def selfcheck_list(request):
    return selectors.selfcheck_summaries(community=require_community(request))


@router.get("/latest", response={200: TransparencyIndexSnapshotOut, **ERROR_RESPONSES},
            summary="The latest self-check with every indicator and its evidence")
@cached_for_anonymous(seconds=30)
def selfcheck_latest(request):
    snapshot = selectors.selfcheck_latest(community=require_community(request))
    if snapshot is None:
        raise NotFound()
    return _snapshot(snapshot)


@router.get("/{selfcheck_id}", response={200: TransparencyIndexSnapshotOut, **ERROR_RESPONSES},
            summary="One self-check with every indicator and its evidence")
def selfcheck_detail(request, selfcheck_id: int):
    return _snapshot(selectors.selfcheck_get(community=require_community(request), selfcheck_id=selfcheck_id))


@router.post("/", response={201: TransparencyIndexSnapshotOut, **ERROR_RESPONSES},
             summary="Compute (or recompute) a period's self-check (staff)", auth=SignedIn(can_compute))
def selfcheck_compute(request, payload: TransparencyIndexComputeIn):
    snapshot = services.selfcheck_compute(actor=request.user, community=require_community(request),
                                          start=payload.start, end=payload.end)
    return Status(201, _snapshot(snapshot))
