"""The JSON API of E-consultations at /c/<community>/api/v1/consultations/: list, read, and staff writes.

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


class ConsultationOut(Schema):
    id: int
    title: str
    body: str
    is_public: bool
    created_at: datetime
    updated_at: datetime


class ConsultationIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    body: str = Field("", max_length=services.BODY_MAX)
    is_public: bool = True


class ConsultationPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.TITLE_MAX)
    body: str | None = Field(None, max_length=services.BODY_MAX)
    is_public: bool | None = None


@router.get("/", response={200: list[ConsultationOut], **ERROR_RESPONSES}, summary="List entries")
@paginate(PageNumber)
def consultation_list(request):
    return selectors.consultation_list(actor=request.user, community=require_community(request))


@router.get("/{consultation_id}", response={200: ConsultationOut, **ERROR_RESPONSES}, summary="One entry")
def consultation_detail(request, consultation_id: int):
    return selectors.consultation_get(actor=request.user, community=require_community(request), consultation_id=consultation_id)


@router.post("/", response={201: ConsultationOut, **ERROR_RESPONSES}, summary="Add an entry (staff)", auth=_writes)
def consultation_create(request, payload: ConsultationIn):
    consultation = services.consultation_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, consultation)


@router.patch("/{consultation_id}", response={200: ConsultationOut, **ERROR_RESPONSES}, summary="Change an entry (staff)",
              auth=_writes)
def consultation_update(request, consultation_id: int, payload: ConsultationPatch):
    return services.consultation_update(actor=request.user, community=require_community(request), consultation_id=consultation_id,
                                     **payload.dict(exclude_none=True))


@router.delete("/{consultation_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete an entry (staff)",
               auth=_writes)
def consultation_delete(request, consultation_id: int):
    services.consultation_delete(actor=request.user, community=require_community(request), consultation_id=consultation_id)
    return Status(204, None)
