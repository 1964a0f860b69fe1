"""The JSON API of Housing at /c/<community>/api/v1/housing/: list, read, and staff writes.

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
from .policies import is_editor

router = Router()
_writes = SignedIn(is_editor)


class HousingBuildingOut(Schema):
    id: int
    street: str
    number: str
    block: str
    is_public: bool
    created_at: datetime
    updated_at: datetime


class HousingBuildingIn(StrictSchema):
    street: str = Field(..., min_length=1, max_length=200)
    number: str = Field(..., min_length=1, max_length=20)
    block: str = Field("", max_length=20)
    is_public: bool = True


class HousingBuildingPatch(StrictSchema):
    street: str | None = Field(None, min_length=1, max_length=200)
    number: str | None = Field(None, min_length=1, max_length=20)
    block: str | None = Field(None, max_length=20)
    is_public: bool | None = None


@router.get("/", response={200: list[HousingBuildingOut], **ERROR_RESPONSES}, summary="List entries")
@paginate(PageNumber)
def building_list(request):
    return selectors.building_list(actor=request.user, community=require_community(request))


@router.get("/{building_id}", response={200: HousingBuildingOut, **ERROR_RESPONSES}, summary="One entry")
def building_detail(request, building_id: int):
    return selectors.building_get(actor=request.user, community=require_community(request), building_id=building_id)


@router.post("/", response={201: HousingBuildingOut, **ERROR_RESPONSES}, summary="Add an entry (staff)", auth=_writes)
def building_create(request, payload: HousingBuildingIn):
    building = services.building_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, building)


@router.patch("/{building_id}", response={200: HousingBuildingOut, **ERROR_RESPONSES}, summary="Change an entry (staff)",
              auth=_writes)
def building_update(request, building_id: int, payload: HousingBuildingPatch):
    return services.building_update(actor=request.user, community=require_community(request), building_id=building_id,
                                     **payload.dict(exclude_none=True))


@router.delete("/{building_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete an entry (staff)",
               auth=_writes)
def building_delete(request, building_id: int):
    services.building_delete(actor=request.user, community=require_community(request), building_id=building_id)
    return Status(204, None)
