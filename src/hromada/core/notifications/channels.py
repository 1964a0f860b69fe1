"""The chat channel notifications are delivered through, found in the registry: the `notification_channel` of an
enabled manifest of the notification's community (the assistant offers Telegram and Viber). The kernel never
imports the capability; with no channel offered (or the capability switched off) chat delivery is skipped quietly.

A channel is an object with:

* `deliver(notification) -> bool`: hand the message (its title and link) to the person's chats in the
  notification's community; False when there is no chat to send it to (nothing to retry). Runs in a background
  task after the notification's transaction committed; an exception means "try again later".
* `recipients(community, user_ids) -> set[int]` (optional): which of these people the channel can reach there (a
  linked chat that did not block the bot). notify() asks it once per batch, so people without a chat get no
  pending chat delivery at all; without it every recipient is tried."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol

from hromada.core import capabilities


class ChatChannel(Protocol):
    def deliver(self, notification: Any) -> bool: ...


def chat_channel_for(community) -> ChatChannel | None:
    """The channel an enabled capability of the community offers, or None (a platform-wide notification has none)."""
    if community is None:
        return None
    for manifest in community.enabled_manifests:
        if manifest.notification_channel:
            return capabilities.resolve(manifest.notification_channel)  # type: ignore[return-value]
    return None


def chat_recipients(channel: ChatChannel, community, user_ids: Iterable[int]) -> set[int]:
    """Who of `user_ids` the channel can reach in the community."""
    ids = set(user_ids)
    if not ids:
        return set()
    reach = getattr(channel, "recipients", None)
    return set(reach(community, ids)) & ids if reach is not None else ids


def chat_choice(pref, priority: str = "normal") -> str:
    """"immediate" or "never": the person's choice for the chat (a NotificationPreference or None), else the
    default: at once, but never for low-priority news (a chat has no digest)."""
    if pref is not None and pref.chat:
        return pref.chat
    return "never" if priority == "low" else "immediate"


def chat_offered_to(user, community) -> bool:
    """Whether the person's preferences show the chat column: a channel is offered here and reaches them."""
    channel = chat_channel_for(community)
    pk = getattr(user, "pk", None)
    return channel is not None and pk is not None and pk in chat_recipients(channel, community, [pk])
