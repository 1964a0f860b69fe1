"""The assistant's one internal message and reply types, and the Dialog every chat command is written as.

Channel adapters (Telegram, Viber, the web chat) translate an update into an `Incoming` and render each `Reply`
in the channel's own form; a dialog sees neither, so it is written once. A dialog is a class a capability names in
its manifest (`ChatCommand.dialog`); the engine builds it per update with a `DialogContext` and persists
`context.state` (JSON) between updates, so a conversation survives restarts.

Buttons carry a payload "<command name>:<action>[:<argument>]"; the engine hands a pressed button to the dialog
of that command whatever the chat was doing (a stale button reaches a dialog that checks what it refers to).

A capability's own command subclasses `CapabilityDialog`: it answers only while the capability is enabled and
turns its services' refusals into replies, so the capability writes only `route`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils.translation import gettext as _

from hromada.core.api.ratelimit import RateKey
from hromada.core.errors import DomainError, NotFound


class Kind:
    """What an incoming message is."""

    TEXT = "text"  # free text typed by the resident
    COMMAND = "command"  # "/name args": `text` holds the name without the slash, `argument` the rest
    BUTTON = "button"  # a pressed inline button: `payload` holds its payload
    LOCATION = "location"
    PHOTO = "photo"
    CONTACT = "contact"  # a shared phone number (Telegram's contact, Viber's contact)
    START = "start"  # the first contact or a deep link (/start <argument>, Viber's conversation_started)
    UNSUPPORTED = "unsupported"  # a sticker, a voice message, a file of another kind


@dataclass(frozen=True)
class Photo:
    """A picture the resident sent: the channel's reference, fetched by the adapter when a dialog asks for it."""

    channel_ref: str  # Telegram's file_id, Viber's media URL, the web chat's upload token
    size: int | None = None  # bytes, when the channel tells it (the adapter refuses too big ones before download)


@dataclass(frozen=True)
class Incoming:
    channel: str  # "telegram", "viber", "web"
    chat_id: str  # the channel's id of the chat (Telegram chat id, Viber user id, the web chat's session key)
    kind: str  # one of Kind
    text: str = ""  # the text; for COMMAND the command name
    argument: str = ""  # COMMAND's and START's argument (a deep-link parameter)
    payload: str = ""  # BUTTON's payload
    latitude: float | None = None
    longitude: float | None = None
    photo: Photo | None = None
    phone: str = ""  # CONTACT's number
    language: str = "uk"  # the interface language to answer in ("uk" or "en"), from the channel or the chat
    update_id: str = ""  # the channel's id of the update: the engine drops a repeated one


@dataclass(frozen=True)
class Button:
    """An inline button: a `payload` sent back to the dialog, or a `url` opened in the browser."""

    label: str
    payload: str = ""
    url: str = ""


@dataclass(frozen=True)
class Reply:
    """One message to send. Channels render what they can: Viber's rich media for buttons, Telegram's inline
    keyboard for `buttons` and its reply keyboard for `choices` and `ask`; the web chat renders all of them."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()  # rows of inline buttons
    choices: tuple[str, ...] = ()  # a keyboard of plain answers: pressing one sends its text
    ask: str = ""  # "", "location", "photo" or "contact": the reply asks the resident for one
    link: Button | None = None  # a link to the web page with the whole thing (shown as a url button)


@dataclass
class DialogContext:
    """What a dialog may use: who writes, in which community, the chat's persistent state, and the outcome.

    `state` is this dialog's own JSON-serialisable dict, kept between updates while the dialog is active.
    `user` is the Hromada account the chat is linked to, or None (then only browsing commands are offered)."""

    community: Any
    channel: str
    chat_id: str
    user: Any = None
    language: str = "uk"
    state: dict = field(default_factory=dict)
    # Set by the dialog, read by the engine after the call:
    finished: bool = False  # the conversation is over: the engine forgets `state` and shows the main menu next
    next_command: str = ""  # hand the chat to another command's dialog (e.g. "link" when a link is needed)
    chat_ref: Any = None  # the engine's stored chat (hromada.assistant.models), for the engine's own dialogs only

    def finish(self) -> None:
        self.finished = True
        self.state = {}

    def hand_over(self, command: str) -> None:
        self.next_command = command

    def url(self, viewname: str, *args, **kwargs) -> str:
        """A full link to a page of the community (for Reply.link and url buttons)."""
        from hromada.core.tenancy.urls import community_url

        return community_url(self.community, viewname, *args, **kwargs)


class Dialog:
    """A conversation about one command. Subclasses set `command` (its ChatCommand.name) and override
    `start` (the command was chosen, or its button pressed while another dialog was active) and `handle`
    (the next message while this dialog is the chat's active one). Both return the replies to send.

    A dialog writes only through its capability's services (with the linked user as the actor), catches
    their DomainError and answers with its message: a refusal is a reply, never an exception out of here."""

    command: ClassVar[str] = ""

    def __init__(self, context: DialogContext):
        self.context = context

    def start(self, message: Incoming) -> list[Reply]:
        raise NotImplementedError

    def handle(self, message: Incoming) -> list[Reply]:
        return self.start(message)

    def payload(self, action: str, argument: str | int = "") -> str:
        """A button payload that comes back to this dialog: "<command>:<action>[:<argument>]" (at most 64 bytes,
        Telegram's limit for callback data)."""
        value = f"{self.command}:{action}" + (f":{argument}" if argument != "" else "")
        if len(value.encode()) > 64:
            raise ValueError(f"button payload over 64 bytes: {value!r}")
        return value


Rows = tuple[tuple[Button, ...], ...]


class CapabilityDialog(Dialog):
    """The Dialog of a capability's chat command. Subclasses set `capability` (the slug that switches it on),
    `unavailable` (the reply when the community has switched it off since the button was sent) and `gone` (the
    reply to a NotFound: a stale button or another's record), and write `route`, which both `start` and `handle`
    run. A DomainError out of `route` is answered with its message and `menu_buttons()`; the chat's state stays as
    it was (a half-written appeal is not lost), so a subclass that must forget something overrides `not_found`."""

    capability: ClassVar[str] = ""
    unavailable: ClassVar[Any] = ""  # a lazy text: "Petitions are not available in this community."
    gone: ClassVar[Any] = ""  # a lazy text: "This petition is no longer available."; "" shows the error's own

    def start(self, message: Incoming) -> list[Reply]:
        return self.answer(message)

    def handle(self, message: Incoming) -> list[Reply]:
        return self.answer(message)

    def answer(self, message: Incoming) -> list[Reply]:
        if not self.context.community.capability_enabled(self.capability):
            self.context.finish()
            return [Reply(str(self.unavailable))]
        try:
            return self.route(message)
        except NotFound as exc:
            return self.not_found(exc)
        except DomainError as exc:
            return [Reply(self.refusal_text(exc), buttons=self.menu_buttons())]

    def route(self, message: Incoming) -> list[Reply]:
        raise NotImplementedError

    def menu_buttons(self) -> Rows:
        """The buttons that lead back into this command, shown under a refusal."""
        return ()

    def not_found(self, exc: NotFound) -> list[Reply]:
        return [Reply(str(self.gone or exc.message), buttons=self.menu_buttons())]

    def refusal_text(self, exc: DomainError) -> str:
        """A refusal's message with its fields' reasons (a chat has no form to show them beside)."""
        return "\n".join([str(exc.message), *(str(reason) for reasons in exc.fields.values() for reason in reasons)])

    def needs_link(self, text: str) -> list[Reply]:
        """`text` (why an account is needed) with the button that starts linking the chat."""
        return [Reply(text, buttons=((Button(_("Link my account"), "link:start"),),))]

    def rate_key(self) -> RateKey:
        """The linked person (if any) and this chat, for the services' rate limits (a chat has no IP address)."""
        return RateKey(user_id=getattr(self.context.user, "pk", None),
                       ip=f"chat:{self.context.channel}:{self.context.chat_id}")


def page_number(text: str, *, last: int = 1000) -> int:
    """The page a button's argument names: 1 for anything but a whole number from 1 to `last` (a forged "²" or
    a 60-digit number from a button is page 1, not an error or an offset the database refuses)."""
    return int(text) if text.isascii() and text.isdigit() and 0 < int(text) <= last else 1


def parse_payload(payload: str) -> tuple[str, str, str]:
    """(command, action, argument) of a button payload; missing parts are ""."""
    command, _, rest = payload.partition(":")
    action, _, argument = rest.partition(":")
    return command, action, argument
