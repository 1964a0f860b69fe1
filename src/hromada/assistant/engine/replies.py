"""A Reply as JSON (the outbox keeps replies until they are delivered) and back."""

from __future__ import annotations

from .types import Button, Reply


def _button(data: dict) -> Button:
    return Button(label=str(data.get("label", "")), payload=str(data.get("payload", "")), url=str(data.get("url", "")))


def _button_dict(button: Button) -> dict:
    return {"label": str(button.label), "payload": button.payload, "url": button.url}


def reply_to_dict(reply: Reply) -> dict:
    return {
        "text": str(reply.text),
        "buttons": [[_button_dict(b) for b in row] for row in reply.buttons],
        "choices": [str(c) for c in reply.choices],
        "ask": reply.ask,
        "link": _button_dict(reply.link) if reply.link else None,
    }


def reply_from_dict(data: dict) -> Reply:
    return Reply(
        text=str(data.get("text", "")),
        buttons=tuple(tuple(_button(b) for b in row) for row in data.get("buttons") or ()),
        choices=tuple(str(c) for c in data.get("choices") or ()),
        ask=str(data.get("ask") or ""),
        link=_button(data["link"]) if data.get("link") else None,
    )
