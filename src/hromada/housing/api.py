"""The JSON API of Housing at /c/<community>/api/v1/housing/: buildings (passports with systems and money spent per
year), works and managers — public entries for anyone, hidden ones too for the community's staff — and the staff's
writes, each through the same service the web pages call.

Handlers parse, call a service or selector and render; errors come back in the kernel's envelope. Files (documents,
acts, photos) are uploaded on the web pages."""

# No `from __future__ import annotations`: ninja's paginate re-reads the handlers' annotations in its own module,
# where string annotations (Query[...], the Literal aliases) would not resolve.
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import create_model
from pydantic.fields import FieldInfo

from hromada.core.api.access import SignedIn
from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.public_cache import cached_for_anonymous
from hromada.core.api.schemas import ERROR_RESPONSES, MAX_ID, StrictSchema

from . import policies, selectors, services
from .models import (
    EnergyClass,
    FundingSource,
    ManagerKind,
    RoofType,
    Severity,
    SystemKind,
    SystemState,
    WallMaterial,
    WorkKind,
    WorkStatus,
)

router = Router()
_editors = SignedIn(policies.is_editor)
_keepers = SignedIn(policies.can_keep_any)

Money = Decimal
AREA_MAX = services.AREA_MAX
MONEY_MAX = services.MONEY_MAX


def _literal(choices):
    return Literal[tuple(choices.values)]  # type: ignore[valid-type]


EnergyClassName = _literal(EnergyClass)
SystemKindName = _literal(SystemKind)
WorkKindName = _literal(WorkKind)
WorkStatusName = _literal(WorkStatus)


def _patch_of(schema: type[StrictSchema], name: str, *, leave_out: tuple[str, ...] = ()) -> type[StrictSchema]:
    """The PATCH body of a write: the fields of its POST body with the same limits, each optional (a field not
    sent keeps its value: handlers pass `exclude_unset=True`)."""
    fields = {key: (info.annotation | None, FieldInfo.merge_field_infos(info, default=None))
              for key, info in schema.model_fields.items() if key not in leave_out}
    return create_model(name, __base__=StrictSchema, __module__=__name__, **fields)  # type: ignore[call-overload]


# --- schemas -------------------------------------------------------------------------------------------------------

class HousingManagerRef(Schema):
    id: int
    name: str
    kind: str


class HousingBuildingOut(Schema):
    id: int
    street: str
    number: str
    block: str
    address: str
    lat: float | None
    lon: float | None
    year_built: int | None
    floors: int | None
    entrances: int | None
    flats: int | None
    non_residential_units: int | None
    total_area: Decimal | None
    living_area: Decimal | None
    non_residential_area: Decimal | None
    wall_material: str
    roof_type: str
    energy_class: str
    manager: HousingManagerRef | None
    is_public: bool
    updated_at: datetime

    @staticmethod
    def resolve_manager(obj, context):
        manager = obj.manager
        if manager is None:
            return None
        request = context["request"]
        return manager if policies.can_see(request.user, request.community, manager) else None


class HousingSystemOut(Schema):
    kind: str
    state: str
    last_inspected: date | None
    note: str


class HousingYearOut(Schema):
    year: int | None
    works: int
    planned: Decimal
    spent: Decimal


class HousingEmergencyOut(Schema):
    id: int
    system_kind: str
    severity: str
    occurred_at: datetime
    resolved_at: datetime | None
    description: str
    work_id: int | None


class HousingBuildingDetailOut(HousingBuildingOut):
    notes: str
    systems: list[HousingSystemOut] = Field(..., alias="page.systems")
    spending: list[HousingYearOut] = Field(..., alias="page.spending")
    emergencies: list[HousingEmergencyOut] = Field(..., alias="page.emergencies")


class HousingBuildingIn(StrictSchema):
    street: str = Field(..., min_length=1, max_length=200)
    number: str = Field(..., min_length=1, max_length=20)
    block: str = Field("", max_length=20)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    year_built: int | None = Field(None, ge=1700, le=2100)
    floors: int | None = Field(None, ge=1, le=200)
    entrances: int | None = Field(None, ge=1, le=100)
    flats: int | None = Field(None, ge=0, le=10_000)
    non_residential_units: int | None = Field(None, ge=0, le=10_000)
    total_area: Decimal | None = Field(None, ge=0, le=AREA_MAX, decimal_places=2)
    living_area: Decimal | None = Field(None, ge=0, le=AREA_MAX, decimal_places=2)
    non_residential_area: Decimal | None = Field(None, ge=0, le=AREA_MAX, decimal_places=2)
    wall_material: _literal(WallMaterial) | Literal[""] = ""  # type: ignore[valid-type]
    roof_type: _literal(RoofType) | Literal[""] = ""  # type: ignore[valid-type]
    energy_class: EnergyClassName | Literal[""] = ""  # type: ignore[valid-type]
    manager_id: int | None = Field(None, ge=1, le=MAX_ID)
    is_public: bool = True
    notes: str = Field("", max_length=services.NOTES_MAX)


HousingBuildingPatch = _patch_of(HousingBuildingIn, "HousingBuildingPatch")


class HousingBuildingFilters(Schema):
    q: str = Field("", max_length=200)
    manager: int | None = Field(None, ge=1, le=MAX_ID)
    energy_class: EnergyClassName | Literal[""] = ""  # type: ignore[valid-type]
    works_this_year: bool = False


class HousingSystemIn(StrictSchema):
    state: _literal(SystemState)  # type: ignore[valid-type]
    last_inspected: date | None = None
    note: str = Field("", max_length=500)


class HousingWorkOut(Schema):
    id: int
    building_id: int
    address: str = Field(..., alias="building.address")
    system_kind: str
    kind: str
    status: str
    title: str
    description: str
    contractor_name: str
    contractor_edrpou: str
    cost_planned: Decimal | None
    cost_actual: Decimal | None
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    funded_by: str
    is_public: bool
    updated_at: datetime


class HousingWorkIn(StrictSchema):
    kind: WorkKindName  # type: ignore[valid-type]
    status: WorkStatusName = WorkStatus.PLANNED  # type: ignore[valid-type]
    system_kind: SystemKindName | Literal[""] = ""  # type: ignore[valid-type]
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    description: str = Field("", max_length=services.DESCRIPTION_MAX)
    contractor_name: str = Field("", max_length=300)
    contractor_edrpou: str = Field("", max_length=10)
    cost_planned: Decimal | None = Field(None, ge=0, le=MONEY_MAX, decimal_places=2)
    cost_actual: Decimal | None = Field(None, ge=0, le=MONEY_MAX, decimal_places=2)
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    funded_by: _literal(FundingSource) = FundingSource.BUDGET  # type: ignore[valid-type]
    is_public: bool = True


# Its status moves on with POST /works/{id}/status (work_set_status), not with a change of its facts.
HousingWorkPatch = _patch_of(HousingWorkIn, "HousingWorkPatch", leave_out=("status",))


class HousingWorkStatusIn(StrictSchema):
    status: WorkStatusName  # type: ignore[valid-type]
    actual_start: date | None = None
    actual_end: date | None = None
    cost_actual: Decimal | None = Field(None, ge=0, le=MONEY_MAX, decimal_places=2)


class HousingWorkFilters(Schema):
    building: int | None = Field(None, ge=1, le=MAX_ID)
    status: WorkStatusName | Literal[""] = ""  # type: ignore[valid-type]
    kind: WorkKindName | Literal[""] = ""  # type: ignore[valid-type]
    year: int | None = Field(None, ge=1900, le=2100)


class HousingEmergencyIn(StrictSchema):
    system_kind: SystemKindName  # type: ignore[valid-type]
    severity: _literal(Severity) = Severity.MAJOR  # type: ignore[valid-type]
    occurred_at: datetime
    resolved_at: datetime | None = None
    description: str = Field(..., min_length=1, max_length=services.DESCRIPTION_MAX)
    work_id: int | None = Field(None, ge=1, le=MAX_ID)
    is_public: bool = True


class HousingManagerOut(Schema):
    id: int
    kind: str
    name: str
    edrpou: str
    address: str
    phone: str
    email: str
    website: str
    registered_on: date | None
    is_public: bool


class HousingBoardMemberOut(Schema):
    name: str
    role: str
    phone: str
    email: str


class HousingManagerDetailOut(HousingManagerOut):
    board: list[HousingBoardMemberOut] = Field(..., alias="board_members")


class HousingManagerIn(StrictSchema):
    kind: _literal(ManagerKind)  # type: ignore[valid-type]
    name: str = Field(..., min_length=1, max_length=300)
    edrpou: str = Field("", max_length=8)
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    website: str = Field("", max_length=200)
    registered_on: date | None = None
    department_id: int | None = Field(None, ge=1, le=MAX_ID)
    is_public: bool = True


HousingManagerPatch = _patch_of(HousingManagerIn, "HousingManagerPatch")


# --- managers (declared before /{building_id} so their paths win) ------------------------------------------------

@router.get("/managers", response={200: list[HousingManagerOut], **ERROR_RESPONSES},
            summary="Managers: condominiums, managing companies, the council")
@cached_for_anonymous(seconds=5)
@paginate(PageNumber)
def manager_list(request, kind: _literal(ManagerKind) | Literal[""] = ""):  # type: ignore[valid-type]
    return selectors.manager_list(actor=request.user, community=require_community(request), kind=kind)


@router.get("/managers/{manager_id}", response={200: HousingManagerDetailOut, **ERROR_RESPONSES},
            summary="One manager with its board (people who agreed to be shown)")
def manager_detail(request, manager_id: int):
    community = require_community(request)
    manager = selectors.manager_get(actor=request.user, community=community, manager_id=manager_id)
    manager.board_members = selectors.board_of(actor=request.user, community=community, manager=manager)
    return manager


@router.post("/managers", response={201: HousingManagerOut, **ERROR_RESPONSES}, summary="Add a manager (editors)",
             auth=_editors)
def manager_create(request, payload: HousingManagerIn):
    manager = services.manager_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, manager)


@router.patch("/managers/{manager_id}", response={200: HousingManagerOut, **ERROR_RESPONSES},
              summary="Change a manager (editors)", auth=_editors)
def manager_update(request, manager_id: int, payload: HousingManagerPatch):
    return services.manager_update(actor=request.user, community=require_community(request), manager_id=manager_id,
                                   **payload.dict(exclude_unset=True))


@router.delete("/managers/{manager_id}", response={204: None, **ERROR_RESPONSES},
               summary="Delete a manager (editors; its buildings stay)", auth=_editors)
def manager_delete(request, manager_id: int):
    services.manager_delete(actor=request.user, community=require_community(request), manager_id=manager_id)
    return Status(204, None)


# --- works ---------------------------------------------------------------------------------------------------------

@router.get("/works", response={200: list[HousingWorkOut], **ERROR_RESPONSES}, summary="Works, filtered")
@cached_for_anonymous(seconds=5)
@paginate(PageNumber)
def work_list(request, filters: Query[HousingWorkFilters]):
    return selectors.work_list(actor=request.user, community=require_community(request),
                               building_id=filters.building, status=filters.status, kind=filters.kind,
                               year=filters.year)


@router.get("/works/{work_id}", response={200: HousingWorkOut, **ERROR_RESPONSES}, summary="One work")
def work_detail(request, work_id: int):
    return selectors.work_get(actor=request.user, community=require_community(request), work_id=work_id)


@router.patch("/works/{work_id}", response={200: HousingWorkOut, **ERROR_RESPONSES},
              summary="Change a work's facts (its keepers)", auth=_keepers)
def work_update(request, work_id: int, payload: HousingWorkPatch):
    return services.work_update(actor=request.user, community=require_community(request), work_id=work_id,
                                **payload.dict(exclude_unset=True))


@router.post("/works/{work_id}/status", response={200: HousingWorkOut, **ERROR_RESPONSES},
             summary="Move a work on: in progress, done, cancelled (its keepers)", auth=_keepers)
def work_status(request, work_id: int, payload: HousingWorkStatusIn):
    return services.work_set_status(actor=request.user, community=require_community(request), work_id=work_id,
                                    **payload.dict())


@router.delete("/works/{work_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete a work (its keepers)",
               auth=_keepers)
def work_delete(request, work_id: int):
    services.work_delete(actor=request.user, community=require_community(request), work_id=work_id)
    return Status(204, None)


# --- buildings -----------------------------------------------------------------------------------------------------

@router.get("/", response={200: list[HousingBuildingOut], **ERROR_RESPONSES},
            summary="Buildings, searched by address and filtered")
@cached_for_anonymous(seconds=5)
@paginate(PageNumber)
def building_list(request, filters: Query[HousingBuildingFilters]):
    return selectors.building_list(actor=request.user, community=require_community(request),
                                   filters=selectors.BuildingFilters(q=filters.q, manager_id=filters.manager,
                                                                     energy_class=filters.energy_class,
                                                                     works_this_year=filters.works_this_year))


@router.get("/{building_id}", response={200: HousingBuildingDetailOut, **ERROR_RESPONSES},
            summary="One building: passport, systems, money per year, emergencies")
def building_detail(request, building_id: int):
    page = selectors.building_page(actor=request.user, community=require_community(request),
                                   building_id=building_id)
    page.building.page = page
    return page.building


@router.post("/", response={201: HousingBuildingOut, **ERROR_RESPONSES}, summary="Add a building (editors)",
             auth=_editors)
def building_create(request, payload: HousingBuildingIn):
    building = services.building_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, building)


@router.patch("/{building_id}", response={200: HousingBuildingOut, **ERROR_RESPONSES},
              summary="Change a building's passport (editors)", auth=_editors)
def building_update(request, building_id: int, payload: HousingBuildingPatch):
    return services.building_update(actor=request.user, community=require_community(request),
                                    building_id=building_id, **payload.dict(exclude_unset=True))


@router.delete("/{building_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete a building (editors)",
               auth=_editors)
def building_delete(request, building_id: int):
    services.building_delete(actor=request.user, community=require_community(request), building_id=building_id)
    return Status(204, None)


@router.put("/{building_id}/systems/{kind}", response={200: HousingSystemOut, **ERROR_RESPONSES},
            summary="Record the state of one system (the building's keepers)", auth=_keepers)
def system_set(request, building_id: int, kind: SystemKindName, payload: HousingSystemIn):  # type: ignore[valid-type]
    return services.system_set(actor=request.user, community=require_community(request), building_id=building_id,
                               kind=kind, **payload.dict())


@router.post("/{building_id}/works", response={201: HousingWorkOut, **ERROR_RESPONSES},
             summary="Add a work to a building (its keepers)", auth=_keepers)
def work_create(request, building_id: int, payload: HousingWorkIn):
    work = services.work_create(actor=request.user, community=require_community(request), building_id=building_id,
                                **payload.dict())
    return Status(201, work)


@router.post("/{building_id}/emergencies", response={201: HousingEmergencyOut, **ERROR_RESPONSES},
             summary="Record an emergency in a building (its keepers)", auth=_keepers)
def emergency_report(request, building_id: int, payload: HousingEmergencyIn):
    event = services.emergency_report(actor=request.user, community=require_community(request),
                                      building_id=building_id, **payload.dict())
    return Status(201, event)
