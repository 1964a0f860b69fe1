"""The JSON API of Grant competitions at /c/<community>/api/v1/competitions/: list, read, and staff writes.

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


class CallOut(Schema):
    id: int
    title: str
    body: str
    is_public: bool
    created_at: datetime
    updated_at: datetime


class CallIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    body: str = Field("", max_length=services.BODY_MAX)
    is_public: bool = True


class CallPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.TITLE_MAX)
    body: str | None = Field(None, max_length=services.BODY_MAX)
    is_public: bool | None = None


@router.get("/", response={200: list[CallOut], **ERROR_RESPONSES}, summary="List entries")
@paginate(PageNumber)
def call_list(request):
    return selectors.call_list(actor=request.user, community=require_community(request))


@router.get("/{call_id}", response={200: CallOut, **ERROR_RESPONSES}, summary="One entry")
def call_detail(request, call_id: int):
    return selectors.call_get(actor=request.user, community=require_community(request), call_id=call_id)


@router.post("/", response={201: CallOut, **ERROR_RESPONSES}, summary="Add an entry (staff)", auth=_writes)
def call_create(request, payload: CallIn):
    call = services.call_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, call)


@router.patch("/{call_id}", response={200: CallOut, **ERROR_RESPONSES}, summary="Change an entry (staff)",
              auth=_writes)
def call_update(request, call_id: int, payload: CallPatch):
    return services.call_update(actor=request.user, community=require_community(request), call_id=call_id,
                                     **payload.dict(exclude_none=True))


@router.delete("/{call_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete an entry (staff)",
               auth=_writes)
def call_delete(request, call_id: int):
    services.call_delete(actor=request.user, community=require_community(request), call_id=call_id)
    return Status(204, None)
