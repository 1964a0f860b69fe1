"""The JSON API of Transparency self-check at /c/<community>/api/v1/transparency_index/: list, read, and staff writes.

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


class SelfCheckOut(Schema):
    id: int
    title: str
    body: str
    is_public: bool
    created_at: datetime
    updated_at: datetime


class SelfCheckIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    body: str = Field("", max_length=services.BODY_MAX)
    is_public: bool = True


class SelfCheckPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.TITLE_MAX)
    body: str | None = Field(None, max_length=services.BODY_MAX)
    is_public: bool | None = None


@router.get("/", response={200: list[SelfCheckOut], **ERROR_RESPONSES}, summary="List entries")
@paginate(PageNumber)
def self_check_list(request):
    return selectors.self_check_list(actor=request.user, community=require_community(request))


@router.get("/{self_check_id}", response={200: SelfCheckOut, **ERROR_RESPONSES}, summary="One entry")
def self_check_detail(request, self_check_id: int):
    return selectors.self_check_get(actor=request.user, community=require_community(request), self_check_id=self_check_id)


@router.post("/", response={201: SelfCheckOut, **ERROR_RESPONSES}, summary="Add an entry (staff)", auth=_writes)
def self_check_create(request, payload: SelfCheckIn):
    self_check = services.self_check_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, self_check)


@router.patch("/{self_check_id}", response={200: SelfCheckOut, **ERROR_RESPONSES}, summary="Change an entry (staff)",
              auth=_writes)
def self_check_update(request, self_check_id: int, payload: SelfCheckPatch):
    return services.self_check_update(actor=request.user, community=require_community(request), self_check_id=self_check_id,
                                     **payload.dict(exclude_none=True))


@router.delete("/{self_check_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete an entry (staff)",
               auth=_writes)
def self_check_delete(request, self_check_id: int):
    services.self_check_delete(actor=request.user, community=require_community(request), self_check_id=self_check_id)
    return Status(204, None)
