"""Viber REST Bot API: callbacks parsed with viberbot's request and message types, replies rendered with its
message classes (text with a keyboard, rich media for inline buttons), HTTP calls made by us.

A pressed button comes back as a text message whose text is the button's ActionBody; inline buttons' bodies
start with BUTTON_PREFIX so they are told apart from typed text."""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlsplit

import requests
from django.utils.translation import gettext as _

from hromada.assistant.engine.types import Incoming, Kind, Photo, Reply
from hromada.assistant.tokens import token_of

from .base import (
    PHOTO_MAX_BYTES,
    TIMEOUT,
    ApiResult,
    ChannelAdapter,
    Parsed,
    SendResult,
    command_of,
    http_error,
    language_of,
    read_limited,
    session,
    split_text,
)

BUTTON_PREFIX = "btn|"
EVENT_TYPES = ["delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started"]
RICH_MEDIA_ROWS = 7  # Viber's maximum ButtonsGroupRows
NOT_SUBSCRIBED = {5, 6}  # receiver not registered / not subscribed
TOO_MANY_REQUESTS = 12
SENDER_NAME_MAX = 28


class ViberAdapter(ChannelAdapter):
    channel = "viber"
    text_limit = 7000

    def __init__(self):
        self.bot_name = ""  # the sender name shown with each message: the config's bot name when sending

    def update_id(self, payload: dict, body: bytes) -> str:
        token = payload.get("message_token")
        return str(token) if token not in (None, "") else "sha256:" + hashlib.sha256(body).hexdigest()

    @staticmethod
    def signature_valid(token: str, body: bytes, signature: str) -> bool:
        expected = hmac.new(token.encode(), body, hashlib.sha256).hexdigest()
        return bool(token and signature) and hmac.compare_digest(expected, signature.strip().lower())

    # Incoming -------------------------------------------------------------------------------------------------
    def parse(self, payload: dict) -> Parsed:
        from viberbot.api.viber_requests import (
            ViberConversationStartedRequest,
            ViberMessageRequest,
            ViberSubscribedRequest,
            ViberUnsubscribedRequest,
            create_request,
        )

        event = payload.get("event")
        if event == "message" and (payload.get("message") or {}).get("type") not in _MESSAGE_TYPES:
            sender = payload.get("sender") or {}
            return self._message(payload, str(sender.get("id", "")), sender.get("language"), {"kind": Kind.UNSUPPORTED})
        if event not in ("conversation_started", "subscribed", "unsubscribed", "message"):
            return Parsed()  # webhook, delivered, seen, failed, client_status
        request = create_request(payload)
        update_id = self.update_id(payload, b"")
        if isinstance(request, ViberUnsubscribedRequest):
            return Parsed(chat_id=str(request.user_id), subscribed=False)
        if isinstance(request, ViberSubscribedRequest):
            return Parsed(chat_id=str(request.user.id), subscribed=True)
        if isinstance(request, ViberConversationStartedRequest):
            chat_id = str(request.user.id)
            incoming = Incoming(channel=self.channel, chat_id=chat_id, kind=Kind.START,
                                argument=(request.context or "").strip(), language=language_of(request.user.language),
                                update_id=update_id)
            return Parsed(chat_id=chat_id, incoming=incoming)
        assert isinstance(request, ViberMessageRequest)
        return self._message(payload, str(request.sender.id), request.sender.language,
                             self._content(request.message, payload.get("message") or {}))

    def _message(self, payload: dict, chat_id: str, language, content: dict) -> Parsed:
        incoming = Incoming(channel=self.channel, chat_id=chat_id, language=language_of(language),
                            update_id=self.update_id(payload, b""), **content)
        return Parsed(chat_id=chat_id, incoming=incoming, subscribed=True)

    @staticmethod
    def _content(message, raw: dict) -> dict:
        kind = raw.get("type")
        if kind == "text":
            text = message.text or ""
            if text.startswith(BUTTON_PREFIX):
                return {"kind": Kind.BUTTON, "payload": text[len(BUTTON_PREFIX):]}
            return command_of(text) or {"kind": Kind.TEXT, "text": text}
        if kind == "location" and message.location is not None:
            return {"kind": Kind.LOCATION, "latitude": message.location.latitude,
                    "longitude": message.location.longitude}
        if kind == "picture" and message.media:
            size = raw.get("size")
            return {"kind": Kind.PHOTO, "text": message.text or "",
                    "photo": Photo(channel_ref=message.media, size=size if isinstance(size, int) else None)}
        if kind == "contact" and message.contact is not None:
            return {"kind": Kind.CONTACT, "phone": message.contact.phone_number or ""}
        return {"kind": Kind.UNSUPPORTED}

    # Replies --------------------------------------------------------------------------------------------------
    def calls(self, chat, reply: Reply) -> list[tuple[str, dict]]:
        from viberbot.api.messages import RichMediaMessage, TextMessage

        messages = [TextMessage(text=piece, min_api_version=3).to_dict()
                    for piece in split_text(reply.text, self.text_limit)]
        rows = [list(row) for row in reply.buttons if row]
        if reply.link is not None:
            rows.append([reply.link])
        for start in range(0, len(rows), RICH_MEDIA_ROWS):
            chunk = rows[start:start + RICH_MEDIA_ROWS]
            rich = {"Type": "rich_media", "ButtonsGroupColumns": 6, "ButtonsGroupRows": len(chunk),
                    "BgColor": "#FFFFFF", "Buttons": [self._button(b, 6 // len(row)) for row in chunk for b in row]}
            alt = " · ".join(b.label for row in chunk for b in row)
            messages.append(RichMediaMessage(rich_media=rich, alt_text=alt[:200], min_api_version=7).to_dict())
        keyboard = self._keyboard(reply)
        if keyboard:
            messages[-1]["keyboard"] = keyboard
        sender = {"name": (self.bot_name or chat.community.name_uk)[:SENDER_NAME_MAX]}
        return [("send_message", {"receiver": chat.chat_id, "sender": sender, **message}) for message in messages]

    @staticmethod
    def _button(button, columns: int) -> dict:
        action = {"ActionType": "open-url", "ActionBody": button.url} if button.url else \
            {"ActionType": "reply", "ActionBody": BUTTON_PREFIX + button.payload, "Silent": True}
        return {"Columns": max(columns, 1), "Rows": 1, "Text": button.label[:250], "TextSize": "regular",
                "TextHAlign": "center", "TextVAlign": "middle", **action}

    @staticmethod
    def _keyboard(reply: Reply) -> dict | None:
        buttons = []
        if reply.ask == "location":
            buttons.append({"Columns": 6, "Rows": 1, "ActionType": "location-picker", "ActionBody": "location",
                            "Text": _("Send my location")})
        elif reply.ask == "contact":
            buttons.append({"Columns": 6, "Rows": 1, "ActionType": "share-phone", "ActionBody": "phone",
                            "Text": _("Share my phone number")})
        columns = 3 if len(reply.choices) > 1 else 6
        buttons.extend({"Columns": columns, "Rows": 1, "ActionType": "reply", "ActionBody": choice[:250],
                        "Text": choice[:250]} for choice in reply.choices)
        return {"Type": "keyboard", "DefaultHeight": False, "Buttons": buttons} if buttons else None

    # HTTP -----------------------------------------------------------------------------------------------------
    def _call(self, config, method: str, body: dict) -> tuple[int, dict]:
        response = session().post(f"{config.base_url}/{method}", json=body, timeout=TIMEOUT,
                                 headers={"X-Viber-Auth-Token": token_of(config)})
        try:
            data = response.json()
        except ValueError:
            data = {}
        return response.status_code, data if isinstance(data, dict) else {}

    def send(self, config, chat, reply: Reply) -> SendResult:
        self.bot_name = config.bot_username
        return super().send(config, chat, reply)

    def post(self, config, method: str, body: dict) -> SendResult:
        try:
            status, data = self._call(config, method, body)
        except requests.RequestException as exc:
            return SendResult(ok=False, retry_after=5, error=http_error(exc))
        code = data.get("status")
        description = str(data.get("status_message") or f"HTTP {status}")[:200]
        if status == 200 and code == 0:
            return SendResult(ok=True)
        if code == TOO_MANY_REQUESTS or status == 429:
            return SendResult(ok=False, retry_after=1, rate_limited=True, error=description)
        if status >= 500:
            return SendResult(ok=False, retry_after=5, error=description)
        if code in NOT_SUBSCRIBED:
            return SendResult(ok=False, blocked=True, error=description)
        return SendResult(ok=False, error=description)

    def _result(self, config, method: str, body: dict) -> ApiResult:
        try:
            status, data = self._call(config, method, body)
        except requests.RequestException as exc:
            return ApiResult(ok=False, description=http_error(exc))
        ok = status == 200 and data.get("status") == 0
        return ApiResult(ok=ok, result=data, description=str(data.get("status_message") or f"HTTP {status}")[:200])

    def set_webhook(self, config, url: str) -> ApiResult:
        return self._result(config, "set_webhook", {"url": url, "event_types": EVENT_TYPES, "send_name": True,
                                                    "send_photo": False})

    def delete_webhook(self, config) -> ApiResult:
        return self._result(config, "set_webhook", {"url": ""})

    def status(self, config) -> ApiResult:
        info = self._result(config, "get_account_info", {})
        if info.ok:
            data = info.result or {}
            return ApiResult(ok=True, result={"username": data.get("name", ""), "webhook": {"url": data.get("webhook", "")}})
        return info

    def download_photo(self, config, channel_ref: str, *, max_bytes: int = PHOTO_MAX_BYTES) -> bytes:
        if urlsplit(channel_ref).scheme not in ("http", "https"):
            raise ValueError("not a media address")
        try:
            with requests.get(channel_ref, stream=True, timeout=TIMEOUT) as response:
                if response.status_code != 200:
                    raise ValueError(f"HTTP {response.status_code}")
                return read_limited(response, max_bytes)
        except requests.RequestException as exc:
            raise ValueError(http_error(exc)) from None


_MESSAGE_TYPES = {"text", "location", "picture", "contact", "sticker", "video", "file", "url", "rich_media",
                  "keyboard"}
