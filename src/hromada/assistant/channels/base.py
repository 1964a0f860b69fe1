"""What every bot channel adapter offers, and the HTTP plumbing they share.

Errors never carry a URL (Telegram's has the token in its path) nor a message body: only a status and the
channel's own short description, so nothing secret or personal reaches a log or the back office."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import requests

from hromada.assistant.engine.types import Incoming, Reply

TIMEOUT = (5, 15)  # connect, read (seconds)
PHOTO_MAX_BYTES = 10 * 2**20


@dataclass(frozen=True)
class Parsed:
    """What an update means: a message for the engine, and/or a change of the chat's subscription."""

    chat_id: str = ""
    incoming: Incoming | None = None
    subscribed: bool | None = None  # False: the resident blocked or unsubscribed; True: they came back
    acknowledge: str = ""  # Telegram's callback query id, answered so the button stops spinning


@dataclass(frozen=True)
class SendResult:
    ok: bool
    retry_after: float | None = None  # the channel asked to slow down (or failed temporarily): try again later
    blocked: bool = False  # the resident blocked the bot: stop sending to this chat
    rate_limited: bool = False  # the channel said "too many requests": the whole bot pauses for retry_after
    error: str = ""  # short, no secrets


@dataclass(frozen=True)
class ApiResult:
    ok: bool
    result: object = None
    description: str = ""


class ChannelAdapter:
    channel: str = ""
    text_limit: int = 4096

    def parse(self, payload: dict) -> Parsed:  # pragma: no cover - interface
        raise NotImplementedError

    def update_id(self, payload: dict, body: bytes) -> str:  # pragma: no cover - interface
        raise NotImplementedError

    def calls(self, chat, reply: Reply) -> list[tuple[str, dict]]:  # pragma: no cover - interface
        """The API calls (method, JSON body) that show `reply` in `chat` (a models.Chat)."""
        raise NotImplementedError

    def send(self, config, chat, reply: Reply) -> SendResult:
        result = SendResult(ok=True)
        for method, body in self.calls(chat, reply):
            result = self.post(config, method, body)
            if not result.ok:
                return result
        return result

    def post(self, config, method: str, body: dict) -> SendResult:  # pragma: no cover - interface
        raise NotImplementedError

    def set_webhook(self, config, url: str) -> ApiResult:  # pragma: no cover - interface
        raise NotImplementedError

    def delete_webhook(self, config) -> ApiResult:  # pragma: no cover - interface
        raise NotImplementedError

    def status(self, config) -> ApiResult:  # pragma: no cover - interface
        raise NotImplementedError

    def download_photo(self, config, channel_ref: str, *, max_bytes: int = PHOTO_MAX_BYTES) -> bytes:
        raise NotImplementedError  # pragma: no cover - interface

    def acknowledge(self, config, callback_id: str) -> None:
        """Answer a button press where the channel expects it (Telegram); nothing elsewhere."""


_local = threading.local()


def session() -> requests.Session:
    """This thread's HTTP session: connections to the channel's API are kept alive between messages."""
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def http_error(exc: requests.RequestException) -> str:
    """A request failure named without its URL (which may hold the token)."""
    return f"network error: {type(exc).__name__}"


def read_limited(response: requests.Response, max_bytes: int) -> bytes:
    """The body of a streamed response, refused when it grows over `max_bytes`."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ValueError("too large")
    chunks, total = [], 0
    for chunk in response.iter_content(64 * 1024):
        total += len(chunk)
        if total > max_bytes:
            raise ValueError("too large")
        chunks.append(chunk)
    return b"".join(chunks)


def split_text(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at a paragraph, line or word end where one is near."""
    text = text.strip() or "…"
    pieces = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind("\n\n"), window.rfind("\n"), window.rfind(" "))
        if cut < limit // 2:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    pieces.append(text)
    return pieces


def command_of(text: str) -> dict | None:
    """A typed "/name argument" as Incoming fields (START for /start), or None when `text` is no command."""
    from hromada.assistant.engine.types import Kind

    if not text.startswith("/") or len(text) < 2 or text[1].isspace():
        return None
    name, _space, argument = text[1:].partition(" ")
    name = name.split("@", 1)[0].lower()
    if name == "start":
        return {"kind": Kind.START, "argument": argument.strip()}
    return {"kind": Kind.COMMAND, "text": name, "argument": argument.strip()}


def language_of(code: str | None) -> str:
    """The interface language for a channel's language code: English for "en…", Ukrainian otherwise."""
    return "en" if (code or "").lower().startswith("en") else "uk"
