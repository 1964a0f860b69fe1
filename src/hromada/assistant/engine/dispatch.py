"""The dialog engine: one Incoming in, the chat's dialog run, its replies out.

`process_update` runs a queued InboundUpdate of a bot channel (the chat locked: two updates of one chat never run
at once); `web_message` runs the web chat's message synchronously. Both route through `respond`:

- START: a deep link "<command>-<argument>" (e.g. "link-<code>") goes to that command's dialog, else the greeting;
- /start /menu /help /language are the engine's own; "/<name>" starts the command's dialog;
- a BUTTON "<command>:<action>[:<argument>]" goes to that command's dialog (handle() when it is the active one,
  start() otherwise); "menu:…" and "language:set:<code>" are the engine's own;
- anything else goes to the active dialog; free text with no active dialog to the "search" command when one is
  registered, else the menu.

A dialog that raises has its writes rolled back (a savepoint), the chat's state kept, and the update kept for a
retry (the resident is told once); only the command and the exception's class are logged, never the message."""

from __future__ import annotations

import json
import logging
from dataclasses import replace

from django.db import transaction
from django.utils import timezone, translation

from hromada.assistant.models import Chat, InboundUpdate, OutboundMessage, OutboundStatus

from . import menu, registry
from .replies import reply_to_dict
from .types import DialogContext, Incoming, Kind, Reply, parse_payload

logger = logging.getLogger("hromada.assistant")

MAX_TEXT = 4096
MAX_ATTEMPTS = 3  # an update whose dialog keeps failing is given up after this many runs
MAX_HANDOVERS = 3
_CHAT_FIELDS = ["language", "active_command", "state", "blocked_at", "last_seen_at"]


class DialogFailed(Exception):
    """A dialog raised: the update is kept for a retry."""


def respond(chat: Chat, message: Incoming) -> list[Reply]:
    """The replies to one message in a locked chat; the chat's state is updated in place (the caller saves)."""
    with translation.override(chat.language):
        return _Conversation(chat).respond(replace(message, language=chat.language))


class _Conversation:
    def __init__(self, chat: Chat):
        self.chat = chat
        self.community = chat.community

    @property
    def linked(self) -> bool:
        return self.chat.user_id is not None

    def clear(self) -> None:
        self.chat.active_command, self.chat.state = "", {}

    def menu(self, text: str = "") -> Reply:
        return menu.menu(self.community, linked=self.linked, text=text)

    def respond(self, message: Incoming) -> list[Reply]:
        kind = message.kind
        if kind == Kind.UNSUPPORTED:
            return [menu.unsupported()]
        if len(message.text) > MAX_TEXT:
            return [menu.too_long(MAX_TEXT)]
        if kind == Kind.START:
            name = message.argument.partition("-")[0]
            if message.argument and registry.find(self.community, name):
                return self.run(name, message, start=True)
            self.clear()
            return [menu.greeting(self.community, linked=self.linked)]
        if kind == Kind.COMMAND:
            return self.command(message)
        if kind == Kind.BUTTON:
            return self.button(message)
        active = self.chat.active_command
        if active and registry.find(self.community, active):
            return self.run(active, message, start=False)
        self.clear()
        if kind == Kind.TEXT:
            if registry.find(self.community, "search"):
                return self.run("search", message, start=True)
            return [self.menu()]
        return [self.menu(menu.nothing_to_do())]

    def command(self, message: Incoming) -> list[Reply]:
        name = message.text
        if name in ("start", "menu"):
            self.clear()
            return [self.menu()]
        if name == "help":
            return [menu.help_reply(self.community, linked=self.linked)]
        if name == "language":
            return [menu.language_reply()]
        if registry.find(self.community, name):
            return self.run(name, message, start=True)
        return [self.menu(menu.unknown_command(name))]

    def button(self, message: Incoming) -> list[Reply]:
        name, action, argument = parse_payload(message.payload)
        if name == "menu":
            self.clear()
            return [self.menu()]
        if name == "help":
            return [menu.help_reply(self.community, linked=self.linked)]
        if name == "language" and action == "set" and argument in dict(menu.LANGUAGES):
            self.chat.language = argument
            with translation.override(argument):
                return [Reply(text=menu.language_set()), self.menu()]
        if registry.find(self.community, name):
            return self.run(name, message, start=self.chat.active_command != name)
        return [self.menu(menu.stale_button())]

    def run(self, name: str, message: Incoming, *, start: bool, depth: int = 0) -> list[Reply]:
        command = registry.find(self.community, name)
        if command is None:  # handed over to a command that is not enabled
            self.clear()
            return [self.menu()]
        if command.needs_link and not self.linked:
            return [menu.needs_link(self.community, command, can_link=registry.find(self.community, "link") is not None)]
        state = dict(self.chat.state) if not start and self.chat.active_command == name else {}
        context = DialogContext(community=self.community, channel=self.chat.channel, chat_id=self.chat.chat_id,
                                user=self.chat.user, language=self.chat.language, state=state, chat_ref=self.chat)
        try:
            with transaction.atomic():
                dialog = registry.dialog_class(command)(context)
                replies = list(dialog.start(message) if start else dialog.handle(message))
                if not all(isinstance(reply, Reply) for reply in replies):
                    raise TypeError("a dialog returned something other than Reply")
                json.dumps(context.state)
        except Exception as exc:
            logger.exception("assistant: the dialog of /%s failed (%s)", name, type(exc).__name__)
            raise DialogFailed(f"{name}: {type(exc).__name__}") from None
        if context.finished:
            self.clear()
        else:
            self.chat.active_command, self.chat.state = name, context.state
        if context.next_command and depth < MAX_HANDOVERS:
            self.clear()
            return replies + self.run(context.next_command, message, start=True, depth=depth + 1)
        return replies


# Storage -----------------------------------------------------------------------------------------------------
def locked_chat(community, channel: str, chat_id: str, *, language: str = "uk") -> Chat:
    """The chat, created on first contact, locked for this transaction."""
    chat, _created = Chat.objects.get_or_create(community=community, channel=channel, chat_id=chat_id,
                                                defaults={"language": language})
    return Chat.objects.select_for_update(of=("self",)).select_related("community", "user").get(pk=chat.pk)


def enqueue_replies(chat: Chat, replies: list[Reply]) -> int:
    if not replies or chat.blocked_at is not None:
        return 0
    OutboundMessage.objects.bulk_create(
        OutboundMessage(community=chat.community, chat=chat, reply=reply_to_dict(reply)) for reply in replies)
    return len(replies)


def drop_pending(chat: Chat) -> int:
    return OutboundMessage.objects.filter(chat=chat, status=OutboundStatus.PENDING).update(
        status=OutboundStatus.DROPPED, error="the resident blocked the bot")


def process_update(update_id: int) -> int:
    """Run one queued update; the number of replies queued. Already processed (or unknown): 0."""
    from hromada.assistant.channels import adapter_for

    with transaction.atomic():
        update = (InboundUpdate.objects.select_for_update().select_related("community")
                  .filter(pk=update_id, processed_at__isnull=True).first())
        if update is None:
            return 0
        now = timezone.now()
        adapter = adapter_for(update.channel)
        try:
            parsed = adapter.parse(update.payload)
        except Exception as exc:  # a well-signed update we cannot read: recorded, never retried
            update.processed_at, update.error = now, f"unreadable update: {type(exc).__name__}"
            update.save(update_fields=["processed_at", "error"])
            return 0
        queued = 0
        if parsed.chat_id:
            incoming = parsed.incoming
            chat = locked_chat(update.community, update.channel, parsed.chat_id,
                               language=incoming.language if incoming else "uk")
            if parsed.subscribed is False:
                chat.blocked_at = chat.blocked_at or now
                drop_pending(chat)
            elif parsed.subscribed or incoming is not None:
                chat.blocked_at = None
            replies: list[Reply] = []
            if incoming is not None:
                chat.last_seen_at = now
                try:
                    replies = respond(chat, incoming)
                except DialogFailed as exc:
                    update.attempts += 1
                    update.error = str(exc)
                    chat.refresh_from_db(fields=["active_command", "state", "language"])
                    with translation.override(chat.language):
                        replies = [menu.failed()] if update.attempts == 1 else []
                    if update.attempts < MAX_ATTEMPTS:
                        chat.save(update_fields=_CHAT_FIELDS)
                        update.save(update_fields=["attempts", "error"])
                        queued = enqueue_replies(chat, replies)
                        _after_commit(update, parsed, queued)
                        return queued
            chat.save(update_fields=_CHAT_FIELDS)
            queued = enqueue_replies(chat, replies)
        update.processed_at = now
        update.save(update_fields=["processed_at", "attempts", "error"])
        _after_commit(update, parsed, queued)
    return queued


def _after_commit(update: InboundUpdate, parsed, queued: int) -> None:
    from hromada.assistant.channels import adapter_for
    from hromada.assistant.models import ChannelConfig
    from hromada.core.jobs.enqueue import enqueue_on_commit

    if queued:
        enqueue_on_commit("hromada.assistant.tasks.deliver_outbox")
    if parsed.acknowledge:
        def acknowledge() -> None:
            config = ChannelConfig.objects.filter(community=update.community, channel=update.channel).first()
            if config is not None:
                adapter_for(update.channel).acknowledge(config, parsed.acknowledge)

        transaction.on_commit(acknowledge)


def web_message(community, chat_id: str, message: Incoming, *, user=None) -> list[Reply]:
    """Run one message of the web chat synchronously; a signed-in person's web chat is linked to them."""
    with transaction.atomic():
        chat = locked_chat(community, "web", chat_id, language=message.language)
        if getattr(user, "is_authenticated", False) and chat.user_id != user.pk:
            Chat.objects.filter(pk=chat.pk).update(user=user)
            chat.user = user
        chat.last_seen_at = timezone.now()
        try:
            replies = respond(chat, message)
        except DialogFailed:
            chat.refresh_from_db(fields=["active_command", "state", "language"])
            with translation.override(chat.language):
                replies = [menu.failed()]
        chat.save(update_fields=_CHAT_FIELDS)
    return replies
