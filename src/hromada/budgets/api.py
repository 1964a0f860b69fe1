"""The JSON API of Participatory budget at /c/<community>/api/v1/budgets/: cycles with their phases and funds,
projects (list with filters, detail with the budget table and the review), and proposing a project.

Handlers parse, call a service or selector and render; errors come back in the kernel's envelope."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from hromada.core.api.access import SignedIn
from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.schemas import ERROR_RESPONSES, StrictSchema

from . import selectors, services
from .policies import can_propose

router = Router()


class FundOut(Schema):
    id: int
    name: str
    fund: int = Field(..., description="kopiyky")
    ballot_rule: str
    min_projects: int
    max_projects: int
    threshold_percent: int


class PhaseOut(Schema):
    key: str
    starts_at: datetime
    ends_at: datetime


class CycleOut(Schema):
    id: int
    title: str
    year: int
    kind: str
    eligibility: str
    min_age: int
    tally_rule: str
    phase: str | None = None
    results_published_at: datetime | None


class CycleDetailOut(CycleOut):
    phases: list[PhaseOut]
    categories: list[FundOut]
    districts: list[FundOut]
    results: dict


class ProjectOut(Schema):
    id: int
    cycle_id: int
    category_id: int | None
    district_id: int | None
    title: str
    summary: str
    status: str
    cost: int = Field(..., description="the budget table's total, kopiyky")
    ballot_cost: int = Field(..., description="the cost on the ballot (corrected by the review), kopiyky")
    lat: float | None
    lon: float | None
    supporters_count: int
    votes: int | None
    implementation_status: str
    progress: int
    spent: int


class CostLineOut(Schema):
    item: str
    quantity: int
    unit_price: int = Field(..., description="kopiyky")


class CostLineIn(StrictSchema):
    item: str = Field(..., max_length=200)
    quantity: int
    unit_price: int = Field(..., description="kopiyky")


class ReviewOut(Schema):
    decision: str
    reason: str
    corrected_cost: int | None
    created_at: datetime


class ProjectDetailOut(ProjectOut):
    description: str
    address: str
    cost_lines: list[CostLineOut]
    reviews: list[ReviewOut]


class ProposalIn(StrictSchema):
    title: str = Field(..., max_length=200)
    summary: str = Field("", max_length=500)
    description: str = Field(..., max_length=20_000)
    category_id: int | None = None
    district_id: int | None = None
    cost_lines: list[CostLineIn] = Field(..., max_length=100)
    address: str = Field("", max_length=300)
    lat: float | None = None
    lon: float | None = None


def _cycle(cycle, *, detail: bool = False) -> dict:
    data = {name: getattr(cycle, name) for name in ("id", "title", "year", "kind", "eligibility", "min_age",
                                                    "tally_rule", "results_published_at")}
    data["phase"] = selectors.current_phase_key(cycle)
    if detail:
        data.update(phases=[{"key": r.key, "starts_at": r.window.starts_at, "ends_at": r.window.ends_at}
                            for r in selectors.cycle_phases(cycle)],
                    categories=list(cycle.categories.all()), districts=list(cycle.districts.all()),
                    results=cycle.results)
    return data


@router.get("/cycles", response={200: list[CycleOut], **ERROR_RESPONSES}, summary="Budget cycles")
@paginate(PageNumber)
def cycle_list(request):
    return [_cycle(c) for c in selectors.cycle_list(actor=request.user, community=require_community(request))]


@router.get("/cycles/{cycle_id}", response={200: CycleDetailOut, **ERROR_RESPONSES}, summary="One cycle")
def cycle_detail(request, cycle_id: int):
    cycle = selectors.cycle_get(actor=request.user, community=require_community(request), cycle_id=cycle_id)
    return _cycle(cycle, detail=True)


@router.get("/", response={200: list[ProjectOut], **ERROR_RESPONSES}, summary="Projects")
@paginate(PageNumber)
def project_list(request, cycle: int | None = None, status: str = "", category: int | None = None,
                 district: int | None = None, q: str = ""):
    return selectors.project_list(actor=request.user, community=require_community(request), cycle_id=cycle,
                                  status=status, category_id=category, district_id=district, q=q)


@router.get("/{project_id}", response={200: ProjectDetailOut, **ERROR_RESPONSES}, summary="One project")
def project_detail(request, project_id: int):
    return selectors.project_get(actor=request.user, community=require_community(request), project_id=project_id)


@router.post("/cycles/{cycle_id}/projects", response={201: ProjectDetailOut, **ERROR_RESPONSES},
             summary="Propose a project (a draft)", auth=SignedIn(can_propose))
def project_create(request, cycle_id: int, payload: ProposalIn):
    project = services.project_create(actor=request.user, community=require_community(request), cycle_id=cycle_id,
                                      **payload.dict())
    return Status(201, selectors.project_get(actor=request.user, community=project.community, project_id=project.pk))


from .api_voting import router as voting_router  # noqa: E402 - voting's operations, after budgets' own

router.add_router("", voting_router)
