"""Telegram Bot API: updates parsed with python-telegram-bot's types, replies rendered as sendMessage calls with
its keyboard types, and the few HTTP calls we make ourselves (delivery is our task, with our rate limits).

The base URL is the config's (a self-hosted Bot API server works). Methods: sendMessage, answerCallbackQuery,
setWebhook, deleteWebhook, getWebhookInfo, getMe, getFile and the file download."""

from __future__ import annotations

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

ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
BLOCKED_STATUSES = {"kicked", "left"}


class TelegramAdapter(ChannelAdapter):
    channel = "telegram"
    text_limit = 4096

    def update_id(self, payload: dict, body: bytes) -> str:
        return str(payload["update_id"])

    # Incoming -------------------------------------------------------------------------------------------------
    def parse(self, payload: dict) -> Parsed:
        from telegram import Update

        update = Update.de_json(payload, None)
        if update is None:
            return Parsed()
        update_id = str(update.update_id)
        if update.callback_query is not None:
            query = update.callback_query
            chat_id = str(query.message.chat.id if query.message else query.from_user.id)
            incoming = Incoming(channel=self.channel, chat_id=chat_id, kind=Kind.BUTTON, payload=query.data or "",
                                language=language_of(query.from_user.language_code), update_id=update_id)
            return Parsed(chat_id=chat_id, incoming=incoming, acknowledge=query.id)
        if update.my_chat_member is not None:
            member = update.my_chat_member
            status = member.new_chat_member.status
            return Parsed(chat_id=str(member.chat.id), subscribed=status not in BLOCKED_STATUSES)
        message = update.message
        if message is None:  # edits, channel posts, inline queries: nothing to answer
            return Parsed()
        chat_id = str(message.chat.id)
        base = {"channel": self.channel, "chat_id": chat_id, "update_id": update_id,
                "language": language_of(message.from_user.language_code if message.from_user else "")}
        return Parsed(chat_id=chat_id, incoming=Incoming(**base, **self._content(message)))

    @staticmethod
    def _content(message) -> dict:
        if message.text is not None:
            return command_of(message.text) or {"kind": Kind.TEXT, "text": message.text}
        if message.location is not None:
            return {"kind": Kind.LOCATION, "latitude": message.location.latitude,
                    "longitude": message.location.longitude}
        if message.photo:
            largest = max(message.photo, key=lambda size: (size.width * size.height, size.file_size or 0))
            return {"kind": Kind.PHOTO, "text": message.caption or "",
                    "photo": Photo(channel_ref=largest.file_id, size=largest.file_size)}
        if message.contact is not None:
            return {"kind": Kind.CONTACT, "phone": message.contact.phone_number or ""}
        return {"kind": Kind.UNSUPPORTED}

    # Replies --------------------------------------------------------------------------------------------------
    def calls(self, chat, reply: Reply) -> list[tuple[str, dict]]:
        from telegram import (
            InlineKeyboardButton,
            InlineKeyboardMarkup,
            KeyboardButton,
            ReplyKeyboardMarkup,
            ReplyKeyboardRemove,
        )

        rows = [[InlineKeyboardButton(b.label, url=b.url) if b.url else InlineKeyboardButton(b.label, callback_data=b.payload)
                 for b in row] for row in reply.buttons if row]
        if reply.link is not None:
            rows.append([InlineKeyboardButton(reply.link.label, url=reply.link.url)])
        keys: list[list] = []
        if reply.ask == "location":
            keys.append([KeyboardButton(_("Send my location"), request_location=True)])
        elif reply.ask == "contact":
            keys.append([KeyboardButton(_("Share my phone number"), request_contact=True)])
        keys.extend([KeyboardButton(choice) for choice in reply.choices[i:i + 2]] for i in range(0, len(reply.choices), 2))
        keyboard = ReplyKeyboardMarkup(keys, resize_keyboard=True, one_time_keyboard=True) if keys else None
        pieces = split_text(reply.text, self.text_limit)
        calls = [("sendMessage", {"chat_id": chat.chat_id, "text": piece}) for piece in pieces]
        last = calls[-1][1]
        if rows:
            last["reply_markup"] = InlineKeyboardMarkup(rows).to_dict()
            if keyboard is not None:  # one markup per message: the reply keyboard comes in a short second one
                calls.append(("sendMessage", {"chat_id": chat.chat_id, "text": _("Or answer with the keyboard below."),
                                              "reply_markup": keyboard.to_dict()}))
        elif keyboard is not None:
            last["reply_markup"] = keyboard.to_dict()
        else:
            last["reply_markup"] = ReplyKeyboardRemove().to_dict()
        return calls

    # HTTP -----------------------------------------------------------------------------------------------------
    def _url(self, config, method: str) -> str:
        return f"{config.base_url}/bot{token_of(config)}/{method}"

    def api(self, config, method: str, body: dict | None = None) -> tuple[int, dict]:
        response = session().post(self._url(config, method), json=body or {}, timeout=TIMEOUT)
        try:
            data = response.json()
        except ValueError:
            data = {}
        return response.status_code, data if isinstance(data, dict) else {}

    def post(self, config, method: str, body: dict) -> SendResult:
        try:
            status, data = self.api(config, method, body)
        except requests.RequestException as exc:
            return SendResult(ok=False, retry_after=5, error=http_error(exc))
        if status == 200 and data.get("ok"):
            return SendResult(ok=True)
        code = data.get("error_code") or status
        description = str(data.get("description") or f"HTTP {status}")[:200]
        if code == 429:
            retry = (data.get("parameters") or {}).get("retry_after") or 1
            return SendResult(ok=False, retry_after=float(retry), rate_limited=True, error=description)
        if code == 403:
            return SendResult(ok=False, blocked=True, error=description)
        if code >= 500:
            return SendResult(ok=False, retry_after=5, error=description)
        return SendResult(ok=False, error=description)

    def _result(self, config, method: str, body: dict | None = None) -> ApiResult:
        try:
            status, data = self.api(config, method, body)
        except requests.RequestException as exc:
            return ApiResult(ok=False, description=http_error(exc))
        if status == 200 and data.get("ok"):
            return ApiResult(ok=True, result=data.get("result"), description=str(data.get("description") or ""))
        return ApiResult(ok=False, description=str(data.get("description") or f"HTTP {status}")[:200])

    def set_webhook(self, config, url: str) -> ApiResult:
        return self._result(config, "setWebhook", {"url": url, "secret_token": config.webhook_secret,
                                                   "allowed_updates": ALLOWED_UPDATES, "drop_pending_updates": False})

    def delete_webhook(self, config) -> ApiResult:
        return self._result(config, "deleteWebhook", {})

    def status(self, config) -> ApiResult:
        me = self._result(config, "getMe")
        if not me.ok:
            return me
        info = self._result(config, "getWebhookInfo")
        result = {"username": (me.result or {}).get("username", ""), "webhook": info.result or {}}
        return ApiResult(ok=info.ok, result=result, description=info.description)

    def acknowledge(self, config, callback_id: str) -> None:
        self.post(config, "answerCallbackQuery", {"callback_query_id": callback_id})

    def download_photo(self, config, channel_ref: str, *, max_bytes: int = PHOTO_MAX_BYTES) -> bytes:
        found = self._result(config, "getFile", {"file_id": channel_ref})
        info = found.result if found.ok and isinstance(found.result, dict) else {}
        if not info.get("file_path"):
            raise ValueError("file not available")
        if (info.get("file_size") or 0) > max_bytes:
            raise ValueError("too large")
        url = f"{config.base_url}/file/bot{token_of(config)}/{info['file_path']}"
        try:
            with requests.get(url, stream=True, timeout=TIMEOUT) as response:
                if response.status_code != 200:
                    raise ValueError(f"HTTP {response.status_code}")
                return read_limited(response, max_bytes)
        except requests.RequestException as exc:
            raise ValueError(http_error(exc)) from None
