"""The channels' webhooks: verify, enqueue, answer at once (the engine runs in a background task).

Telegram: the X-Telegram-Bot-Api-Secret-Token header must equal the channel's stored secret. Viber: the
X-Viber-Content-Signature header must be the HMAC-SHA256 (hex) of the raw body under the bot's token. Anything
else is 403 and nothing is stored. A body over MAX_BODY is 413; one that is not JSON is 400. A well-signed JSON
that is no update we know (no update id) is answered 200 and dropped, so the channel does not redeliver it for a
day; a redelivered update (the same id) is dropped by the database."""

from __future__ import annotations

import hmac
import json
import logging

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hromada.core.api.ratelimit import limited_surface
from hromada.core.prepared import PreparedInsert, PreparedRows

from .channels import adapter_for
from .channels.viber import ViberAdapter
from .models import ChannelConfig, InboundUpdate
from .tasks import kick
from .tokens import token_of

logger = logging.getLogger("hromada.assistant")

MAX_BODY = 1024 * 1024  # Telegram's and Viber's updates are a few kilobytes


def _forbidden() -> HttpResponse:
    return HttpResponse(status=403)


# The two statements of every webhook call, compiled once (hromada.core.prepared): building the querysets cost
# more than running them (bench/assistant_webhooks.py).
_GATE_COLUMNS = ("pk", "webhook_secret", "token_encrypted", "token_env")
_GATE = PreparedRows(
    ChannelConfig,
    lambda community_id, channel: ChannelConfig.objects.filter(
        community_id=community_id, channel=channel, is_enabled=True).values_list(*_GATE_COLUMNS).order_by()[:1],
    community_id=int, channel=str,
)
_UPDATE_ROWS = PreparedInsert(InboundUpdate)


def _config(request, channel: str) -> ChannelConfig | None:
    """The enabled channel's secret and token (a partial ChannelConfig), or None."""
    rows = _GATE.rows(community_id=request.community.pk, channel=channel)
    if not rows:
        return None
    return ChannelConfig(community_id=request.community.pk, channel=channel, is_enabled=True,
                         **dict(zip(_GATE_COLUMNS, rows[0], strict=True)))


def _body(request) -> bytes | None:
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not length.isdigit() or int(length) > MAX_BODY:
        return None
    return request.body


def _receive(request, config: ChannelConfig, body: bytes) -> HttpResponse:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"error": {"code": "bad_json", "message": "The body is not JSON."}}, status=400)
    adapter = adapter_for(config.channel)
    try:
        update_id = adapter.update_id(payload, body) if isinstance(payload, dict) else ""
    except (KeyError, TypeError):
        update_id = ""
    if not update_id or (config.channel == "viber" and payload.get("event") == "webhook"):
        return JsonResponse({"ok": True, "stored": False})
    try:
        with transaction.atomic():
            _UPDATE_ROWS.insert([InboundUpdate(community=request.community, channel=config.channel,
                                               update_id=update_id[:100], payload=payload)])
            community_id = request.community.pk
            transaction.on_commit(lambda: kick(community_id))
    except IntegrityError:
        return JsonResponse({"ok": True, "stored": False})  # redelivered: already queued
    return JsonResponse({"ok": True, "stored": True})


# The channels post from a handful of addresses: the pages' per-address limit would refuse a busy bot's updates.
# A webhook is gated by its secret or signature instead (a forged request costs one indexed query).
@limited_surface("assistant_webhook")
@csrf_exempt
@require_POST
def telegram_webhook(request):
    config = _config(request, "telegram")
    secret = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if config is None or not config.webhook_secret or not hmac.compare_digest(
            secret.encode(), config.webhook_secret.encode()):
        return _forbidden()
    body = _body(request)
    if body is None:
        return HttpResponse(status=413)
    return _receive(request, config, body)


@limited_surface("assistant_webhook")
@csrf_exempt
@require_POST
def viber_webhook(request):
    config = _config(request, "viber")
    if config is None:
        return _forbidden()
    body = _body(request)
    if body is None:
        return HttpResponse(status=413)
    signature = request.headers.get("X-Viber-Content-Signature", "")
    if not ViberAdapter.signature_valid(token_of(config), body, signature):
        return _forbidden()
    return _receive(request, config, body)
