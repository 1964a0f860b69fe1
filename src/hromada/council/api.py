"""The JSON API of Council at /c/<community>/api/v1/council/ (F2 adds the lists and figures).

Handlers parse, call a selector and render; errors come back in the kernel's envelope."""

from __future__ import annotations

from ninja import Router, Schema
from ninja.pagination import paginate

from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.schemas import ERROR_RESPONSES

from . import selectors

router = Router()


class PersonOut(Schema):
    id: int
    name: str
    party: str
    electoral_district: str


@router.get("/deputies", response={200: list[PersonOut], **ERROR_RESPONSES}, summary="List deputies")
@paginate(PageNumber)
def person_list(request):
    return selectors.person_list(actor=request.user, community=require_community(request))


@router.get("/deputies/{person_id}", response={200: PersonOut, **ERROR_RESPONSES}, summary="One deputy")
def person_detail(request, person_id: int):
    return selectors.person_get(actor=request.user, community=require_community(request), person_id=person_id)
