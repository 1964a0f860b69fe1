"""The JSON API of the assistant at /c/<community>/api/v1/assistant/: the chat commands the community offers
(what its bots' /help lists), for clients that build their own chat front end."""

from __future__ import annotations

from ninja import Router, Schema

from hromada.core.api.auth import require_community
from hromada.core.api.schemas import ERROR_RESPONSES

from .engine import registry

router = Router()


class AssistantCommandOut(Schema):
    name: str
    title: str
    description: str
    needs_link: bool


@router.get("/commands", response={200: list[AssistantCommandOut], **ERROR_RESPONSES},
            summary="The chat commands of the community's assistant")
def assistant_commands(request):
    community = require_community(request)
    return [AssistantCommandOut(name=c.name, title=str(c.title), description=str(c.description),
                                needs_link=c.needs_link) for c in registry.commands(community)]
