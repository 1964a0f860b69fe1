"""Linking a chat (Telegram, Viber) to a Hromada account, and unlinking it.

The resident asks for a one-time code on the "Chat bots" page of their profile (8 characters, valid 15 minutes,
only its keyed hash stored, a few per hour) and types it in the chat or opens the bot's deep link with it; the
"link" dialog redeems it. Wrong and expired codes get a plain answer; guessing is limited per chat. Every link
and unlink is audited (never the code)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.api.ratelimit import check_rate
from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.identity.guard import consulted, require, service

from .models import BOT_CHANNELS, Channel, ChannelConfig, Chat, LinkCode

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read from a screen and typed on a phone
CODE_LENGTH = 8
LIFETIME = timedelta(minutes=15)
ISSUE_RATE = "6/h"  # codes a person may ask for per hour in one community
REDEEM_RATE = "10/h"  # attempts a chat may make per hour (8 characters of 32: guessing is hopeless at this pace)
DEEP_LINK_PREFIX = "link-"


def normalise_code(text: str) -> str:
    """What the resident typed, as the code is stored: upper case, without spaces, dashes and the deep-link prefix."""
    value = (text or "").strip()
    if value.lower().startswith(DEEP_LINK_PREFIX):
        value = value[len(DEEP_LINK_PREFIX):]
    return "".join(ch for ch in value.upper() if ch not in " -_\t")


def looks_like_code(text: str) -> bool:
    value = normalise_code(text)
    return len(value) == CODE_LENGTH and all(ch in ALPHABET for ch in value)


def _hash(community, code: str) -> str:
    key = hashlib.sha256(f"hromada.assistant.link:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, f"{community.pk}:{code}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    code: str  # shown once on the page, never stored
    expires_at: object
    deep_links: tuple[tuple[str, str], ...]  # (channel label, URL) for the community's configured bots


def deep_links(community, code: str) -> tuple[tuple[str, str], ...]:
    """The bots' deep links carrying the code: Telegram's t.me/<bot>?start=link-<code>, Viber's chatURI context."""
    links = []
    for config in ChannelConfig.objects.filter(community=community, is_enabled=True).exclude(bot_username=""):
        name = config.bot_username.lstrip("@")
        if config.channel == Channel.TELEGRAM:
            links.append((str(Channel.TELEGRAM.label), f"https://t.me/{name}?start={DEEP_LINK_PREFIX}{code}"))
        elif config.channel == Channel.VIBER:
            links.append((str(Channel.VIBER.label), f"viber://pa?chatURI={name}&context={DEEP_LINK_PREFIX}{code}"))
    return tuple(links)


@service
def link_code_issue(*, actor, community) -> IssuedCode:
    """A fresh one-time code for the signed-in person; their earlier unused codes in the community stop working."""
    require(bool(getattr(actor, "is_authenticated", False)) and community.capability_enabled("assistant"),
            _("Sign in to link a chat."))
    check_rate("assistant.link.issue", f"{community.pk}:{actor.pk}", ISSUE_RATE)
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    now = timezone.now()
    with transaction.atomic():
        LinkCode.objects.filter(community=community, user=actor, used_at__isnull=True).delete()
        row = LinkCode.objects.create(community=community, user=actor, code_hash=_hash(community, code),
                                      expires_at=now + LIFETIME)
        audit_record(actor=actor, community=community, action="assistant.link_code.issued", target=row)
    return IssuedCode(code=code, expires_at=row.expires_at, deep_links=deep_links(community, code))


@service
def link_code_redeem(*, actor, community, chat: Chat, code: str) -> Chat:
    """Link `chat` to the account that asked for `code`. `actor` is whoever the chat is linked to now (or None):
    the code itself is the proof. Wrong, used and expired codes are one refusal (nothing tells them apart)."""
    consulted()  # the rule is the code: only its owner could have read it from their profile
    if chat.community_id != community.pk or chat.channel not in BOT_CHANNELS + (Channel.WEB,):
        raise NotFound()
    check_rate("assistant.link.redeem", f"{community.pk}:{chat.pk}", REDEEM_RATE)
    value = normalise_code(code)
    refused = ValidationFailed(_("This code is wrong or has expired. Ask for a new one on the site, in your "
                                 "profile under “Chat bots”."), fields={"code": [_("Wrong or expired code.")]})
    if len(value) != CODE_LENGTH:
        raise refused
    now = timezone.now()
    with transaction.atomic():
        row = (LinkCode.objects.select_for_update().select_related("user")
               .filter(community=community, code_hash=_hash(community, value), used_at__isnull=True,
                       expires_at__gt=now).first())
        if row is None or not row.user.is_active:
            raise refused
        row.used_at, row.used_by_chat = now, chat
        row.save(update_fields=["used_at", "used_by_chat"])
        previous = chat.user_id
        Chat.objects.filter(pk=chat.pk).update(user=row.user)
        chat.user = row.user
        audit_record(actor=row.user, community=community, action="assistant.chat.linked", target=chat,
                     data={"channel": chat.channel, "relinked": previous is not None and previous != row.user_id})
    return chat


@service
def chat_unlink(*, actor, community, chat_id: int) -> Chat:
    """Unlink one of the person's own chats (from the profile page or from the chat itself)."""
    require(bool(getattr(actor, "is_authenticated", False)), _("Sign in to unlink a chat."))
    with transaction.atomic():
        chat = Chat.objects.select_for_update().filter(community=community, pk=chat_id, user=actor).first()
        if chat is None:
            raise NotFound(_("This chat is not linked to your account."))
        Chat.objects.filter(pk=chat.pk).update(user=None)
        chat.user = None
        audit_record(actor=actor, community=community, action="assistant.chat.unlinked", target=chat,
                     data={"channel": chat.channel})
    return chat


def linked_chats(*, user, community) -> QuerySet[Chat]:
    """The person's chats with the community's bots (the web chat follows the signed-in session, so it is not
    listed)."""
    return Chat.objects.filter(community=community, user=user, channel__in=BOT_CHANNELS).order_by("channel", "pk")
