"""The JSON API of Services at /c/<community>/api/v1/services/: list, read, and staff writes.

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


class ServiceOut(Schema):
    id: int
    title: str
    body: str
    is_public: bool
    created_at: datetime
    updated_at: datetime


class ServiceIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    body: str = Field("", max_length=services.BODY_MAX)
    is_public: bool = True


class ServicePatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.TITLE_MAX)
    body: str | None = Field(None, max_length=services.BODY_MAX)
    is_public: bool | None = None


@router.get("/", response={200: list[ServiceOut], **ERROR_RESPONSES}, summary="List entries")
@paginate(PageNumber)
def service_list(request):
    return selectors.service_list(actor=request.user, community=require_community(request))


@router.get("/{service_id}", response={200: ServiceOut, **ERROR_RESPONSES}, summary="One entry")
def service_detail(request, service_id: int):
    return selectors.service_get(actor=request.user, community=require_community(request), service_id=service_id)


@router.post("/", response={201: ServiceOut, **ERROR_RESPONSES}, summary="Add an entry (staff)", auth=_writes)
def service_create(request, payload: ServiceIn):
    service = services.service_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, service)


@router.patch("/{service_id}", response={200: ServiceOut, **ERROR_RESPONSES}, summary="Change an entry (staff)",
              auth=_writes)
def service_update(request, service_id: int, payload: ServicePatch):
    return services.service_update(actor=request.user, community=require_community(request), service_id=service_id,
                                     **payload.dict(exclude_none=True))


@router.delete("/{service_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete an entry (staff)",
               auth=_writes)
def service_delete(request, service_id: int):
    services.service_delete(actor=request.user, community=require_community(request), service_id=service_id)
    return Status(204, None)
