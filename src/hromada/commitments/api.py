"""The JSON API of Commitments at /c/<community>/api/v1/commitments/: list, read, and staff writes.

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
from .policies import can_write

router = Router()
_writes = SignedIn(can_write)


class PlanOut(Schema):
    id: int
    title: str
    body: str
    is_public: bool
    created_at: datetime
    updated_at: datetime


class PlanIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    body: str = Field("", max_length=services.BODY_MAX)
    is_public: bool = True


class PlanPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.TITLE_MAX)
    body: str | None = Field(None, max_length=services.BODY_MAX)
    is_public: bool | None = None


@router.get("/", response={200: list[PlanOut], **ERROR_RESPONSES}, summary="List entries")
@paginate(PageNumber)
def plan_list(request):
    return selectors.plan_list(actor=request.user, community=require_community(request))


@router.get("/{plan_id}", response={200: PlanOut, **ERROR_RESPONSES}, summary="One entry")
def plan_detail(request, plan_id: int):
    return selectors.plan_get(actor=request.user, community=require_community(request), plan_id=plan_id)


@router.post("/", response={201: PlanOut, **ERROR_RESPONSES}, summary="Add an entry (staff)", auth=_writes)
def plan_create(request, payload: PlanIn):
    plan = services.plan_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, plan)


@router.patch("/{plan_id}", response={200: PlanOut, **ERROR_RESPONSES}, summary="Change an entry (staff)",
              auth=_writes)
def plan_update(request, plan_id: int, payload: PlanPatch):
    return services.plan_update(actor=request.user, community=require_community(request), plan_id=plan_id,
                                     **payload.dict(exclude_none=True))


@router.delete("/{plan_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete an entry (staff)",
               auth=_writes)
def plan_delete(request, plan_id: int):
    services.plan_delete(actor=request.user, community=require_community(request), plan_id=plan_id)
    return Status(204, None)
