"""The JSON API of Assistant at /c/<community>/api/v1/assistant/: list, read, and staff writes.

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


class ChatBotOut(Schema):
    id: int
    title: str
    body: str
    is_public: bool
    created_at: datetime
    updated_at: datetime


class ChatBotIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    body: str = Field("", max_length=services.BODY_MAX)
    is_public: bool = True


class ChatBotPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.TITLE_MAX)
    body: str | None = Field(None, max_length=services.BODY_MAX)
    is_public: bool | None = None


@router.get("/", response={200: list[ChatBotOut], **ERROR_RESPONSES}, summary="List entries")
@paginate(PageNumber)
def chat_bot_list(request):
    return selectors.chat_bot_list(actor=request.user, community=require_community(request))


@router.get("/{chat_bot_id}", response={200: ChatBotOut, **ERROR_RESPONSES}, summary="One entry")
def chat_bot_detail(request, chat_bot_id: int):
    return selectors.chat_bot_get(actor=request.user, community=require_community(request), chat_bot_id=chat_bot_id)


@router.post("/", response={201: ChatBotOut, **ERROR_RESPONSES}, summary="Add an entry (staff)", auth=_writes)
def chat_bot_create(request, payload: ChatBotIn):
    chat_bot = services.chat_bot_create(actor=request.user, community=require_community(request), **payload.dict())
    return Status(201, chat_bot)


@router.patch("/{chat_bot_id}", response={200: ChatBotOut, **ERROR_RESPONSES}, summary="Change an entry (staff)",
              auth=_writes)
def chat_bot_update(request, chat_bot_id: int, payload: ChatBotPatch):
    return services.chat_bot_update(actor=request.user, community=require_community(request), chat_bot_id=chat_bot_id,
                                     **payload.dict(exclude_none=True))


@router.delete("/{chat_bot_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete an entry (staff)",
               auth=_writes)
def chat_bot_delete(request, chat_bot_id: int):
    services.chat_bot_delete(actor=request.user, community=require_community(request), chat_bot_id=chat_bot_id)
    return Status(204, None)
