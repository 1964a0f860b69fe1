"""The JSON API of Participatory budget at /c/<community>/api/v1/budgets/: cycles with their phases and funds,
projects (list with filters, detail with the budget table and the review), and proposing a project; for the
community's admins, creating and changing cycles, adding, changing and deleting their funds, and publishing results.

Handlers parse, call a service or selector and render; errors come back in the kernel's envelope."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from hromada.core.api.access import SignedIn
from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.schemas import ERROR_RESPONSES, StrictSchema

from . import selectors, services
from .policies import can_delete_fund, can_manage_cycles, can_propose

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


class FeasibilityReviewOut(Schema):
    decision: str
    reason: str
    corrected_cost: int | None
    created_at: datetime


class ProjectDetailOut(ProjectOut):
    description: str
    address: str
    cost_lines: list[CostLineOut]
    reviews: list[FeasibilityReviewOut]


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


class PhaseIn(StrictSchema):
    key: Literal["proposal", "review", "voting", "results", "implementation"]
    starts_at: datetime
    ends_at: datetime


class CyclePatch(StrictSchema):
    title: str | None = Field(None, max_length=200)
    year: int | None = Field(None, ge=2000, le=2100)
    kind: Literal["public", "school"] | None = None
    description: str | None = Field(None, max_length=10_000)
    eligibility: Literal["resident", "strong_resident", "school_code"] | None = None
    min_age: int | None = Field(None, ge=0, le=120)
    tally_rule: Literal["greedy", "mes"] | None = None
    supporters_required: int | None = Field(None, ge=0, le=1_000_000)
    phases: list[PhaseIn] | None = Field(None, max_length=5, description="in the order of the phases; dates with a zone")


class CycleIn(CyclePatch):
    title: str = Field(..., max_length=200)
    year: int = Field(..., ge=2000, le=2100)


class FundPatch(StrictSchema):
    name: str | None = Field(None, max_length=200)
    fund: int | None = Field(None, description="kopiyky, above 0")
    ballot_rule: Literal["approval", "knapsack", "threshold"] | None = None
    min_projects: int | None = Field(None, ge=0, le=1000)
    max_projects: int | None = Field(None, ge=0, le=1000, description="0: no limit")
    threshold_percent: int | None = Field(None, ge=0, le=100, description="the threshold rule only")
    order: int | None = Field(None, ge=0, le=1000)
    geometry: dict | None = Field(None, description="a district's area: GeoJSON Polygon or MultiPolygon")


class FundIn(FundPatch):
    name: str = Field(..., max_length=200)
    fund: int = Field(..., description="kopiyky, above 0")


def _cycle_values(payload: CyclePatch) -> dict:
    values = payload.dict(exclude_unset=True)
    if "phases" in values:
        values["schedule"] = values.pop("phases") or []
    return values


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


@router.post("/cycles", response={201: CycleDetailOut, **ERROR_RESPONSES}, summary="Admins: create a cycle",
             auth=SignedIn(can_manage_cycles))
def cycle_create(request, payload: CycleIn):
    community = require_community(request)
    cycle = services.cycle_create(actor=request.user, community=community, **_cycle_values(payload))
    return Status(201, _cycle(selectors.cycle_get(actor=request.user, community=community, cycle_id=cycle.pk),
                              detail=True))


@router.patch("/cycles/{cycle_id}", response={200: CycleDetailOut, **ERROR_RESPONSES},
              summary="Admins: change a cycle (only the fields sent; phases as a whole)",
              auth=SignedIn(can_manage_cycles))
def cycle_update(request, cycle_id: int, payload: CyclePatch):
    community = require_community(request)
    services.cycle_update(actor=request.user, community=community, cycle_id=cycle_id, **_cycle_values(payload))
    return _cycle(selectors.cycle_get(actor=request.user, community=community, cycle_id=cycle_id), detail=True)


def _fund_routes(plural: str, kind: str, label: str) -> None:
    """POST /cycles/<id>/<plural>, PATCH and DELETE /cycles/<id>/<plural>/<fund_id>: the same services for either
    kind."""

    @router.post(f"/cycles/{{cycle_id}}/{plural}", response={201: FundOut, **ERROR_RESPONSES},
                 summary=f"Admins: add a {label} with its fund and ballot rule", auth=SignedIn(can_manage_cycles),
                 operation_id=f"budgets_{kind}_create")
    def create(request, cycle_id: int, payload: FundIn):
        fund = services.fund_save(actor=request.user, community=require_community(request), cycle_id=cycle_id,
                                  kind=kind, **payload.dict(exclude_unset=True))
        return Status(201, fund)

    @router.patch(f"/cycles/{{cycle_id}}/{plural}/{{fund_id}}", response={200: FundOut, **ERROR_RESPONSES},
                  summary=f"Admins: change a {label} (only the fields sent)", auth=SignedIn(can_manage_cycles),
                  operation_id=f"budgets_{kind}_update")
    def update(request, cycle_id: int, fund_id: int, payload: FundPatch):
        return services.fund_save(actor=request.user, community=require_community(request), cycle_id=cycle_id,
                                  kind=kind, fund_id=fund_id, **payload.dict(exclude_unset=True))

    @router.delete(f"/cycles/{{cycle_id}}/{plural}/{{fund_id}}", response={204: None, **ERROR_RESPONSES},
                   summary=f"Admins: delete a {label} set up by mistake (409 once it has ballots or projects, or "
                           "while voting is open)", auth=SignedIn(can_delete_fund), operation_id=f"budgets_{kind}_delete")
    def delete(request, cycle_id: int, fund_id: int):
        services.fund_delete(actor=request.user, community=require_community(request), cycle_id=cycle_id, kind=kind,
                             fund_id=fund_id)
        return Status(204, None)


_fund_routes("categories", "category", "category")
_fund_routes("districts", "district", "district or school")


@router.post("/cycles/{cycle_id}/results", response={200: CycleDetailOut, **ERROR_RESPONSES},
             summary="Admins: tally and publish the results (409 while voting is not over; again: idempotent)",
             auth=SignedIn(can_manage_cycles))
def results_publish(request, cycle_id: int):
    community = require_community(request)
    services.results_publish(actor=request.user, community=community, cycle_id=cycle_id)
    return _cycle(selectors.cycle_get(actor=request.user, community=community, cycle_id=cycle_id), detail=True)


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
