"""The request and response bodies of the Housing API (hromada.housing.api): buildings, systems, works, emergencies,
managers and boards, documents, work files and appeal links, each with the limits the services enforce.

Request bodies refuse unknown keys (StrictSchema); a PATCH body is made from its POST body (patch_of)."""

# No `from __future__ import annotations`: ninja and pydantic read these annotations at run time.
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema
from pydantic import create_model
from pydantic.fields import FieldInfo

from hromada.core.api.schemas import MAX_ID, StrictSchema

from . import policies, services
from .models import (
    AttachmentKind,
    BoardRole,
    DocumentKind,
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

Money = Decimal
AREA_MAX = services.AREA_MAX
MONEY_MAX = services.MONEY_MAX


def choice_literal(choices):
    return Literal[tuple(choices.values)]  # type: ignore[valid-type]


EnergyClassName = choice_literal(EnergyClass)
SystemKindName = choice_literal(SystemKind)
WorkKindName = choice_literal(WorkKind)
WorkStatusName = choice_literal(WorkStatus)


def patch_of(schema: type[StrictSchema], name: str, *, leave_out: tuple[str, ...] = ()) -> type[StrictSchema]:
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
    wall_material: choice_literal(WallMaterial) | Literal[""] = ""  # type: ignore[valid-type]
    roof_type: choice_literal(RoofType) | Literal[""] = ""  # type: ignore[valid-type]
    energy_class: EnergyClassName | Literal[""] = ""  # type: ignore[valid-type]
    manager_id: int | None = Field(None, ge=1, le=MAX_ID)
    is_public: bool = True
    notes: str = Field("", max_length=services.NOTES_MAX)


HousingBuildingPatch = patch_of(HousingBuildingIn, "HousingBuildingPatch")


class HousingBuildingFilters(Schema):
    q: str = Field("", max_length=200)
    manager: int | None = Field(None, ge=1, le=MAX_ID)
    energy_class: EnergyClassName | Literal[""] = ""  # type: ignore[valid-type]
    works_this_year: bool = False


class HousingSystemIn(StrictSchema):
    state: choice_literal(SystemState)  # type: ignore[valid-type]
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
    funded_by: choice_literal(FundingSource) = FundingSource.BUDGET  # type: ignore[valid-type]
    is_public: bool = True


# Its status moves on with POST /works/{id}/status (work_set_status), not with a change of its facts.
HousingWorkPatch = patch_of(HousingWorkIn, "HousingWorkPatch", leave_out=("status",))


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
    severity: choice_literal(Severity) = Severity.MAJOR  # type: ignore[valid-type]
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
    id: int
    name: str
    role: str
    phone: str
    email: str
    public: bool


class HousingManagerDetailOut(HousingManagerOut):
    board: list[HousingBoardMemberOut] = Field(..., alias="board_members")


class HousingManagerIn(StrictSchema):
    kind: choice_literal(ManagerKind)  # type: ignore[valid-type]
    name: str = Field(..., min_length=1, max_length=300)
    edrpou: str = Field("", max_length=8)
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    website: str = Field("", max_length=200)
    registered_on: date | None = None
    department_id: int | None = Field(None, ge=1, le=MAX_ID)
    is_public: bool = True


HousingManagerPatch = patch_of(HousingManagerIn, "HousingManagerPatch")


class HousingBoardMemberIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=200)
    role: choice_literal(BoardRole) = BoardRole.MEMBER  # type: ignore[valid-type]
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    public: bool = Field(False, description="Only when the person agreed to be shown publicly.")


HousingBoardMemberPatch = patch_of(HousingBoardMemberIn, "HousingBoardMemberPatch")


class _StoredFileOut(Schema):
    """What a stored file shows: its name for display (never the stored one), type, size and visibility."""

    id: int
    kind: str
    name: str
    content_type: str
    size: int
    is_public: bool
    uploaded_at: datetime


class HousingDocumentOut(_StoredFileOut):
    building_id: int
    title: str


class HousingDocumentIn(StrictSchema):
    """The form fields sent with a document's file."""

    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    kind: choice_literal(DocumentKind) = DocumentKind.OTHER  # type: ignore[valid-type]
    is_public: bool = False


HousingDocumentPatch = patch_of(HousingDocumentIn, "HousingDocumentPatch")


class HousingAttachmentOut(_StoredFileOut):
    work_id: int


class HousingAttachmentIn(StrictSchema):
    """The form fields sent with a work's file."""

    kind: choice_literal(AttachmentKind) = AttachmentKind.ACT  # type: ignore[valid-type]
    is_public: bool = True


class HousingAttachmentPatch(StrictSchema):
    """Who sees a work's file: everyone on the building's page, or the office only."""

    is_public: bool


class HousingWorkDetailOut(HousingWorkOut):
    files: list[HousingAttachmentOut]


class HousingLinkedAppealOut(Schema):
    link_id: int
    appeal_id: int
    registration_index: str
    status: str
    category: str


class HousingAppealLinkIn(StrictSchema):
    registration_index: str = Field(..., min_length=1, max_length=30)


class HousingAppealLinkOut(Schema):
    id: int
    building_id: int
    appeal_id: int
    linked_at: datetime


class HousingBuildingDetailOut(HousingBuildingOut):
    notes: str
    systems: list[HousingSystemOut] = Field(..., alias="page.systems")
    spending: list[HousingYearOut] = Field(..., alias="page.spending")
    emergencies: list[HousingEmergencyOut] = Field(..., alias="page.emergencies")
    documents: list[HousingDocumentOut] = Field(..., alias="page.documents")
    appeals: list[HousingLinkedAppealOut] = Field(..., alias="page.appeals")
