"""Every write of Assistant: one @service per change, each asking its policy with require(), validating,
writing in one transaction and recording an audit event (web, API, admin, tasks and demo data all call these)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.text import visible_length

from . import policies
from .models import ChatBot

TITLE_MAX = 200
BODY_MAX = 10_000


def _clean(*, title: str, body: str) -> tuple[str, str]:
    title, body = (title or "").strip(), (body or "").strip()
    errors: dict[str, list[str]] = {}
    if not visible_length(title):
        errors["title"] = [_("Give a title.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("At most %(max)s characters.") % {"max": TITLE_MAX}]
    if len(body) > BODY_MAX:
        errors["body"] = [_("At most %(max)s characters.") % {"max": BODY_MAX}]
    if errors:
        raise ValidationFailed(fields=errors)
    return title, body


def _own(community, chat_bot_id: int) -> ChatBot:
    try:
        return ChatBot.objects.select_for_update().get(community=community, pk=chat_bot_id)
    except ChatBot.DoesNotExist:
        raise NotFound() from None


@service
def chat_bot_create(*, actor, community, title: str, body: str = "", is_public: bool = True) -> ChatBot:
    require(policies.can_write(actor, community), _("Only the community's staff may add entries."))
    title, body = _clean(title=title, body=body)
    with transaction.atomic():
        chat_bot = ChatBot.objects.create(
            community=community, title=title, body=body, is_public=bool(is_public),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(actor=actor, community=community, action="assistant.chat_bot.created", target=chat_bot)
    return chat_bot


@service
def chat_bot_update(*, actor, community, chat_bot_id: int, title: str | None = None, body: str | None = None,
                     is_public: bool | None = None) -> ChatBot:
    require(policies.can_write(actor, community), _("Only the community's staff may change entries."))
    with transaction.atomic():
        chat_bot = _own(community, chat_bot_id)
        chat_bot.title, chat_bot.body = _clean(title=chat_bot.title if title is None else title,
                                                 body=chat_bot.body if body is None else body)
        if is_public is not None:
            chat_bot.is_public = bool(is_public)
        chat_bot.save()
        audit_record(actor=actor, community=community, action="assistant.chat_bot.changed", target=chat_bot)
    return chat_bot


@service
def chat_bot_delete(*, actor, community, chat_bot_id: int) -> None:
    require(policies.can_write(actor, community), _("Only the community's staff may delete entries."))
    with transaction.atomic():
        chat_bot = _own(community, chat_bot_id)
        audit_record(actor=actor, community=community, action="assistant.chat_bot.deleted", target=chat_bot,
                     data={"title": chat_bot.title})
        chat_bot.delete()
