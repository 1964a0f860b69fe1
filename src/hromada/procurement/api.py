"""The JSON API of Procurement at /c/<community>/api/v1/procurement/: list, read, and staff writes.

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


class TenderOut(Schema):
    id: int
    title: str
    body: str
    is_public: bool
    created_at: datetime
    updated_at: datetime


class TenderIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    body: str = Field("", max_length=services.BODY_MAX)
    is_public: bool = True


class TenderPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.TITLE_MAX)
    body: str | None = Field(None, max_length=services.BODY_MAX)
    is_public: bool | None = None


@router.get("/", response={200: list[TenderOut], **ERROR_RESPONSES}, summary="List entries")
@paginate(PageNumber)
def tender_list(request):
    return selectors.tender_list(actor=request.user, community=require_community(request))


@router.get("/{tender_id}", response={200: TenderOut, **ERROR_RESPONSES}, summary="One entry")
def tender_detail(request, tender_id: int):
    return selectors.tender_get(actor=request.user, community=require_community(request), tender_id=tender_id)


@router.post("/", response={201: TenderOut, **ERROR_RESPONSES}, summary="Add an entry (staff)", auth=_writes)
def tender_create(request, payload: TenderIn):
    tender = services.tender_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, tender)


@router.patch("/{tender_id}", response={200: TenderOut, **ERROR_RESPONSES}, summary="Change an entry (staff)",
              auth=_writes)
def tender_update(request, tender_id: int, payload: TenderPatch):
    return services.tender_update(actor=request.user, community=require_community(request), tender_id=tender_id,
                                     **payload.dict(exclude_none=True))


@router.delete("/{tender_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete an entry (staff)",
               auth=_writes)
def tender_delete(request, tender_id: int):
    services.tender_delete(actor=request.user, community=require_community(request), tender_id=tender_id)
    return Status(204, None)
