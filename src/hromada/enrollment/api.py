"""The JSON API of Enrolment at /c/<community>/api/v1/enrollment/: list, read, and staff writes.

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


class ApplicationOut(Schema):
    id: int
    title: str
    body: str
    is_public: bool
    created_at: datetime
    updated_at: datetime


class ApplicationIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    body: str = Field("", max_length=services.BODY_MAX)
    is_public: bool = True


class ApplicationPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.TITLE_MAX)
    body: str | None = Field(None, max_length=services.BODY_MAX)
    is_public: bool | None = None


@router.get("/", response={200: list[ApplicationOut], **ERROR_RESPONSES}, summary="List entries")
@paginate(PageNumber)
def application_list(request):
    return selectors.application_list(actor=request.user, community=require_community(request))


@router.get("/{application_id}", response={200: ApplicationOut, **ERROR_RESPONSES}, summary="One entry")
def application_detail(request, application_id: int):
    return selectors.application_get(actor=request.user, community=require_community(request), application_id=application_id)


@router.post("/", response={201: ApplicationOut, **ERROR_RESPONSES}, summary="Add an entry (staff)", auth=_writes)
def application_create(request, payload: ApplicationIn):
    application = services.application_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, application)


@router.patch("/{application_id}", response={200: ApplicationOut, **ERROR_RESPONSES}, summary="Change an entry (staff)",
              auth=_writes)
def application_update(request, application_id: int, payload: ApplicationPatch):
    return services.application_update(actor=request.user, community=require_community(request), application_id=application_id,
                                     **payload.dict(exclude_none=True))


@router.delete("/{application_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete an entry (staff)",
               auth=_writes)
def application_delete(request, application_id: int):
    services.application_delete(actor=request.user, community=require_community(request), application_id=application_id)
    return Status(204, None)
