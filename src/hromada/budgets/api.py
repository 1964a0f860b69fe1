"""The JSON API of Participatory budget at /c/<community>/api/v1/budgets/: list, read, and staff writes.

Handlers parse, call a service or selector and render; errors come back in the kernel's envelope."""

from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.schemas import ERROR_RESPONSES

from . import selectors

router = Router()


class ProjectOut(Schema):
    id: int
    title: str
    status: str
    created_at: datetime
    updated_at: datetime


@router.get("/", response={200: list[ProjectOut], **ERROR_RESPONSES}, summary="List entries")
@paginate(PageNumber)
def project_list(request):
    return selectors.project_list(actor=request.user, community=require_community(request))


@router.get("/{project_id}", response={200: ProjectOut, **ERROR_RESPONSES}, summary="One entry")
def project_detail(request, project_id: int):
    return selectors.project_get(actor=request.user, community=require_community(request), project_id=project_id)
