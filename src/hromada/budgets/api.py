"""The JSON API of Participatory budget at /c/<community>/api/v1/budgets/: list, read, and staff writes.

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


class ProjectOut(Schema):
    id: int
    title: str
    body: str
    is_public: bool
    created_at: datetime
    updated_at: datetime


class ProjectIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    body: str = Field("", max_length=services.BODY_MAX)
    is_public: bool = True


class ProjectPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.TITLE_MAX)
    body: str | None = Field(None, max_length=services.BODY_MAX)
    is_public: bool | None = None


@router.get("/", response={200: list[ProjectOut], **ERROR_RESPONSES}, summary="List entries")
@paginate(PageNumber)
def project_list(request):
    return selectors.project_list(actor=request.user, community=require_community(request))


@router.get("/{project_id}", response={200: ProjectOut, **ERROR_RESPONSES}, summary="One entry")
def project_detail(request, project_id: int):
    return selectors.project_get(actor=request.user, community=require_community(request), project_id=project_id)


@router.post("/", response={201: ProjectOut, **ERROR_RESPONSES}, summary="Add an entry (staff)", auth=_writes)
def project_create(request, payload: ProjectIn):
    project = services.project_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, project)


@router.patch("/{project_id}", response={200: ProjectOut, **ERROR_RESPONSES}, summary="Change an entry (staff)",
              auth=_writes)
def project_update(request, project_id: int, payload: ProjectPatch):
    return services.project_update(actor=request.user, community=require_community(request), project_id=project_id,
                                     **payload.dict(exclude_none=True))


@router.delete("/{project_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete an entry (staff)",
               auth=_writes)
def project_delete(request, project_id: int):
    services.project_delete(actor=request.user, community=require_community(request), project_id=project_id)
    return Status(204, None)
