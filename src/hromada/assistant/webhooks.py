"""The channels' webhooks: verify, enqueue, answer at once (the engine runs in a background task).

Telegram: the X-Telegram-Bot-Api-Secret-Token header must equal the channel's stored secret. Viber: the
X-Viber-Content-Signature header must be the HMAC-SHA256 (hex) of the raw body under the bot's token. Anything
else is 403 and nothing is stored. A body over MAX_BODY is 413; one that is not JSON is 400. A well-signed JSON
that is no update we know (no update id) is answered 200 and dropped, so the channel does not redeliver it for a
day; a redelivered update (the same id) is dropped by the database.

A webhook costs one INSERT: the channel's secret and token are kept in process memory under a version every save
of the channel bumps (models.CHANNEL_GATES), and the updates of concurrent calls are committed together by group
commit (core.groupcommit), as the channels post several at once (Telegram up to 40 connections per bot)."""

from __future__ import annotations

import hmac
import json
import logging
import time

from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hromada.core.api.ratelimit import limited_surface
from hromada.core.counters import write_gate
from hromada.core.groupcommit import GroupCommit
from hromada.core.prepared import PreparedInsert, PreparedRows

from .channels import adapter_for
from .channels.viber import ViberAdapter
from .models import CHANNEL_GATES, ChannelConfig, InboundUpdate
from .tasks import kick
from .tokens import token_of

logger = logging.getLogger("hromada.assistant")

MAX_BODY = 1024 * 1024  # Telegram's and Viber's updates are a few kilobytes


def _forbidden() -> HttpResponse:
    return HttpResponse(status=403)


# The channel's row, read through a statement compiled once (hromada.core.prepared) when the memory below misses.
_GATE_COLUMNS = ("pk", "webhook_secret", "token_encrypted", "token_env")
_GATE = PreparedRows(
    ChannelConfig,
    lambda community_id, channel: ChannelConfig.objects.filter(
        community_id=community_id, channel=channel, is_enabled=True).values_list(*_GATE_COLUMNS).order_by()[:1],
    community_id=int, channel=str,
)
GATE_SECONDS = 60  # a row is read again at least this often, whatever the version says
# (community id, channel) -> (CHANNEL_GATES version, monotonic expiry, the row or None): a few entries a community.
_gates: dict[tuple[int, str], tuple[int, float, tuple | None]] = {}


def _gate_row(community_id: int, channel: str) -> tuple | None:
    version, now = CHANNEL_GATES.current(community_id), time.monotonic()
    known = _gates.get((community_id, channel))
    if known is not None and known[0] == version and known[1] > now:
        return known[2]
    rows = _GATE.rows(community_id=community_id, channel=channel)
    row = rows[0] if rows else None
    _gates[(community_id, channel)] = (version, now + GATE_SECONDS, row)
    return row


def _config(request, channel: str) -> ChannelConfig | None:
    """The enabled channel's secret and token (a partial ChannelConfig), or None."""
    row = _gate_row(request.community.pk, channel)
    if row is None:
        return None
    return ChannelConfig(community_id=request.community.pk, channel=channel, is_enabled=True,
                         **dict(zip(_GATE_COLUMNS, row, strict=True)))


_UPDATE_ROWS = PreparedInsert(InboundUpdate)


def _insert(updates: list[InboundUpdate]) -> list[bool]:
    """True for each update stored, False for one already there. A lone update outside a transaction is one INSERT
    in autocommit; a batch is one INSERT in a transaction, and when the unique index refuses it (a redelivery
    among them) each is tried again alone."""
    try:
        if len(updates) == 1 and not transaction.get_connection().in_atomic_block:
            _UPDATE_ROWS.insert(updates)
        else:
            with transaction.atomic():
                _UPDATE_ROWS.insert(updates)
        return [True] * len(updates)
    except IntegrityError:
        if len(updates) == 1:
            return [False]
        return [stored for update in updates for stored in _insert([update])]


def store_updates(updates: list[InboundUpdate]) -> list[bool]:
    """Group commit's write: the batch's updates (the same update twice in it is stored once), then one task kick
    per community after the commit."""
    outcomes, first_of = [False] * len(updates), {}
    for n, update in enumerate(updates):
        first_of.setdefault((update.community_id, update.channel, update.update_id), n)
    fresh = sorted(first_of.values())
    with write_gate():
        for n, stored in zip(fresh, _insert([updates[n] for n in fresh]), strict=True):
            outcomes[n] = stored
    for community_id in {updates[n].community_id for n in fresh if outcomes[n]}:
        transaction.on_commit(lambda community_id=community_id: kick(community_id))
    return outcomes


ARRIVALS: GroupCommit[InboundUpdate, bool] = GroupCommit(store_updates)


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
    stored = ARRIVALS.submit(InboundUpdate(community=request.community, channel=config.channel,
                                           update_id=update_id[:100], payload=payload))
    return JsonResponse({"ok": True, "stored": stored})  # False: redelivered, already queued


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
