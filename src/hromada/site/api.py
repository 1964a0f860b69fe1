"""The JSON API of Site and news at /c/<community>/api/v1/site/: list, read, and staff writes.

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


class PageOut(Schema):
    id: int
    title: str
    body: str
    is_public: bool
    created_at: datetime
    updated_at: datetime


class PageIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    body: str = Field("", max_length=services.BODY_MAX)
    is_public: bool = True


class PagePatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.TITLE_MAX)
    body: str | None = Field(None, max_length=services.BODY_MAX)
    is_public: bool | None = None


@router.get("/", response={200: list[PageOut], **ERROR_RESPONSES}, summary="List entries")
@paginate(PageNumber)
def page_list(request):
    return selectors.page_list(actor=request.user, community=require_community(request))


@router.get("/{page_id}", response={200: PageOut, **ERROR_RESPONSES}, summary="One entry")
def page_detail(request, page_id: int):
    return selectors.page_get(actor=request.user, community=require_community(request), page_id=page_id)


@router.post("/", response={201: PageOut, **ERROR_RESPONSES}, summary="Add an entry (staff)", auth=_writes)
def page_create(request, payload: PageIn):
    page = services.page_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, page)


@router.patch("/{page_id}", response={200: PageOut, **ERROR_RESPONSES}, summary="Change an entry (staff)",
              auth=_writes)
def page_update(request, page_id: int, payload: PagePatch):
    return services.page_update(actor=request.user, community=require_community(request), page_id=page_id,
                                     **payload.dict(exclude_none=True))


@router.delete("/{page_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete an entry (staff)",
               auth=_writes)
def page_delete(request, page_id: int):
    services.page_delete(actor=request.user, community=require_community(request), page_id=page_id)
    return Status(204, None)
