"""The JSON API of Surveys and polls at /c/<community>/api/v1/surveys/: list, read, and staff writes.

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


class SurveyOut(Schema):
    id: int
    title: str
    body: str
    is_public: bool
    created_at: datetime
    updated_at: datetime


class SurveyIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    body: str = Field("", max_length=services.BODY_MAX)
    is_public: bool = True


class SurveyPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.TITLE_MAX)
    body: str | None = Field(None, max_length=services.BODY_MAX)
    is_public: bool | None = None


@router.get("/", response={200: list[SurveyOut], **ERROR_RESPONSES}, summary="List entries")
@paginate(PageNumber)
def survey_list(request):
    return selectors.survey_list(actor=request.user, community=require_community(request))


@router.get("/{survey_id}", response={200: SurveyOut, **ERROR_RESPONSES}, summary="One entry")
def survey_detail(request, survey_id: int):
    return selectors.survey_get(actor=request.user, community=require_community(request), survey_id=survey_id)


@router.post("/", response={201: SurveyOut, **ERROR_RESPONSES}, summary="Add an entry (staff)", auth=_writes)
def survey_create(request, payload: SurveyIn):
    survey = services.survey_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, survey)


@router.patch("/{survey_id}", response={200: SurveyOut, **ERROR_RESPONSES}, summary="Change an entry (staff)",
              auth=_writes)
def survey_update(request, survey_id: int, payload: SurveyPatch):
    return services.survey_update(actor=request.user, community=require_community(request), survey_id=survey_id,
                                     **payload.dict(exclude_none=True))


@router.delete("/{survey_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete an entry (staff)",
               auth=_writes)
def survey_delete(request, survey_id: int):
    services.survey_delete(actor=request.user, community=require_community(request), survey_id=survey_id)
    return Status(204, None)
