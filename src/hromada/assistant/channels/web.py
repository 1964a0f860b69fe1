"""The web chat on the community's site: the form's fields as an Incoming, a Reply as what the page shows, and
photos kept in private storage under a random token (the Photo's channel_ref) until a dialog fetches them.

The chat's id is a random key in the visitor's session; the conversation shown is the session's transcript."""

from __future__ import annotations

import re
import secrets
from collections.abc import Sequence

from django.core.files.base import ContentFile

from hromada.assistant.engine.replies import reply_to_dict
from hromada.assistant.engine.types import Incoming, Kind, Photo, Reply
from hromada.core.storage import get_private_storage
from hromada.core.uploads import clean_photo

from .base import command_of

TRANSCRIPT_MAX = 40  # entries kept in the session
_TOKEN = re.compile(r"^[a-f0-9]{32}$")


def _photo_name(community, token: str) -> str:
    return f"assistant/web/{community.pk}/{token}.jpg"


def store_photo(community, upload) -> Photo:
    """Validate and re-encode an uploaded photo (no EXIF) and keep it; ValidationFailed on a bad file."""
    image = clean_photo(upload, field="photo")
    token = secrets.token_hex(16)
    data = image.content.read()
    get_private_storage().save(_photo_name(community, token), ContentFile(data))
    return Photo(channel_ref=token, size=len(data))


def read_photo(community, token: str) -> bytes:
    if not _TOKEN.match(token or ""):
        raise ValueError("not a photo of the web chat")
    with get_private_storage().open(_photo_name(community, token), "rb") as handle:
        return handle.read()


def incoming(chat_id: str, data: dict, *, language: str, photo: Photo | None = None) -> Incoming | None:
    """The message a submitted form makes (cleaned data of forms.ChatMessageForm), or None when it is empty."""
    base = {"channel": "web", "chat_id": chat_id, "language": language}
    text = (data.get("text") or "").strip()
    if data.get("payload"):
        return Incoming(**base, kind=Kind.BUTTON, payload=data["payload"])
    if photo is not None:
        return Incoming(**base, kind=Kind.PHOTO, photo=photo, text=text)
    if data.get("latitude") is not None and data.get("longitude") is not None:
        return Incoming(**base, kind=Kind.LOCATION, latitude=data["latitude"], longitude=data["longitude"])
    if not text:
        return None
    return Incoming(**base, **(command_of(text) or {"kind": Kind.TEXT, "text": text}))


def button_label(transcript: Sequence[dict], payload: str) -> str:
    """The label of the newest button with `payload` that the conversation showed, or "" when it showed none (a
    page older than the kept transcript, or a form made up by hand: its payload is never echoed)."""
    for entry in reversed(transcript):
        if entry.get("from") != "bot":
            continue
        for row in entry.get("buttons") or ():
            for button in row:
                if payload and button.get("payload") == payload:
                    return str(button.get("label") or "")
    return ""


def resident_entry(message: Incoming, label: str, transcript: Sequence[dict] = ()) -> dict:
    """What the transcript shows for the resident's own message: the text, a pressed button's own label (found
    in `transcript`, the conversation shown so far), else `label` (e.g. "(sent a location)")."""
    if message.kind == Kind.BUTTON:
        return {"from": "me", "text": button_label(transcript, message.payload) or label}
    if message.kind in (Kind.COMMAND, Kind.START):  # as typed: "/faq вивіз сміття", not the bare name
        name = message.text if message.kind == Kind.COMMAND else "start"
        return {"from": "me", "text": " ".join(filter(None, (f"/{name}", message.argument)))}
    return {"from": "me", "text": message.text if message.kind in (Kind.TEXT, Kind.PHOTO) and message.text else label}


def bot_entry(reply: Reply) -> dict:
    return {"from": "bot", **reply_to_dict(reply)}


def append(transcript: list, *entries: dict) -> list:
    return [*transcript, *entries][-TRANSCRIPT_MAX:]
