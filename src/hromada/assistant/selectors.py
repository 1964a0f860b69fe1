"""Every read of Assistant that is more than a one-liner: lists and single entries as the person may see them,
and the rows of the live open-data set (public entries only, no personal data)."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from hromada.core.errors import NotFound

from . import policies
from .models import ChatBot


def chat_bot_list(*, actor, community) -> QuerySet[ChatBot]:
    entries = ChatBot.objects.for_community(community)
    if not policies.can_see_hidden(actor, community):
        entries = entries.filter(is_public=True)
    return entries.order_by("-created_at", "-pk")


def chat_bot_get(*, actor, community, chat_bot_id: int) -> ChatBot:
    """One entry; another community's, a hidden one or none at all are the same NotFound."""
    chat_bot = ChatBot.objects.for_community(community).filter(pk=chat_bot_id).first()
    if chat_bot is None or not policies.can_see(actor, community, chat_bot):
        raise NotFound()
    return chat_bot


def chat_bot_open_data_rows(community) -> Iterator[dict]:
    for chat_bot in ChatBot.objects.for_community(community).filter(is_public=True).order_by("pk").iterator():
        yield {"id": chat_bot.pk, "title": chat_bot.title, "created_at": chat_bot.created_at.isoformat(),
               "updated_at": chat_bot.updated_at.isoformat()}
