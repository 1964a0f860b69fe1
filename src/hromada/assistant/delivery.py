"""Delivery of the outbox: pending OutboundMessages sent through their channel's HTTP API.

Rate limits (Telegram: about 30 messages a second per bot, one a second per chat): a per-second counter per bot
in the shared cache (every worker process counts into it), and the per-chat pace as `not_before` on the chat's
next message. A 429 pauses the whole bot for its retry_after; 5xx and network errors back off exponentially;
a blocked bot (Telegram 403, Viber "not subscribed") marks the chat blocked and drops its pending messages.

One chat's messages go out in order: a worker claims only a chat's oldest pending message, and a delayed one
delays those after it. A reply split into several API calls is resent whole when a later part fails.

Delivery is at least once: what a send did is recorded after the channel answered, so a worker that dies between
the two leaves the message to be sent again when its lease runs out. The record therefore need not wait for the
disk: on PostgreSQL a delivery run's commits do not wait for the WAL flush (synchronous_commit off on its
connection for the run, as it was after it), since losing one in a database crash costs at most a repeated message,
the same as a dead worker. The inbound updates and everything else keep waiting for the disk.

For the same reason the "sent" marks of a claimed batch are written together once the batch is through (two
UPDATEs and one commit for up to BATCH messages, not two UPDATEs and a commit each), and before anything else is
claimed, so the per-chat pace still holds. A worker that dies mid-batch leaves those messages to be sent again,
as above; a failure of another kind (429, 5xx, blocked) is recorded at once, as it decides what comes next."""

from __future__ import annotations

import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation

from .channels import adapter_for
from .engine.dispatch import drop_pending
from .engine.replies import reply_from_dict
from .models import ChannelConfig, OutboundMessage, OutboundStatus
from .tokens import has_token

MAX_ATTEMPTS = 5
LEASE_SECONDS = 120  # a message claimed by a worker that died is claimed again after this
BATCH = 50


def bot_rate() -> int:
    return int(getattr(settings, "HROMADA_ASSISTANT_BOT_RATE", 30))


def chat_interval() -> float:
    return float(getattr(settings, "HROMADA_ASSISTANT_CHAT_INTERVAL", 1.0))


def delivery_budget() -> float:
    return float(getattr(settings, "HROMADA_ASSISTANT_DELIVERY_BUDGET", 10.0))


@contextmanager
def _commits_not_waiting_for_the_disk():
    """For a delivery run, on PostgreSQL: its commits return before the WAL is flushed (the module's note)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('synchronous_commit'), set_config('synchronous_commit', 'off', false)")
        before = cursor.fetchone()[0]
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('synchronous_commit', %s, false)", [before])


def _due(now):
    return Q(status=OutboundStatus.PENDING, not_before__isnull=True) | Q(status=OutboundStatus.PENDING,
                                                                         not_before__lte=now) \
        | Q(status=OutboundStatus.SENDING, not_before__lte=now)  # a dead worker's lease ran out


def _claim() -> list[OutboundMessage]:
    now = timezone.now()
    with transaction.atomic():
        rows = list(OutboundMessage.objects.select_for_update(skip_locked=True).filter(_due(now))
                    .order_by("pk").values_list("pk", "chat_id")[:BATCH])
        if not rows:
            return []
        chats = {chat for _pk, chat in rows}
        in_flight = set(OutboundMessage.objects.filter(chat_id__in=chats, status=OutboundStatus.SENDING,
                                                       not_before__gt=now).values_list("chat_id", flat=True))
        earlier = set(OutboundMessage.objects.filter(chat_id__in=chats, status=OutboundStatus.PENDING,
                                                     pk__lt=min(pk for pk, _chat in rows), not_before__gt=now)
                      .values_list("chat_id", flat=True))
        chosen, seen = [], in_flight | earlier
        for pk, chat in rows:
            if chat not in seen:
                seen.add(chat)
                chosen.append(pk)
        OutboundMessage.objects.filter(pk__in=chosen).update(
            status=OutboundStatus.SENDING, not_before=now + timezone.timedelta(seconds=LEASE_SECONDS))
    return list(OutboundMessage.objects.filter(pk__in=chosen).select_related("chat", "chat__community")
                .order_by("pk"))


def _next_due_in() -> float | None:
    first = (OutboundMessage.objects.filter(status=OutboundStatus.PENDING, not_before__isnull=False)
             .order_by("not_before").values_list("not_before", flat=True).first())
    return None if first is None else max((first - timezone.now()).total_seconds(), 0.0)


def _hold_chats(chat_ids, until) -> None:
    """Nothing more of these chats before `until` (keeps their messages in order behind a delayed one)."""
    OutboundMessage.objects.filter(chat_id__in=chat_ids, status=OutboundStatus.PENDING).filter(
        Q(not_before__isnull=True) | Q(not_before__lt=until)).update(not_before=until)


def _bot_slots(config: ChannelConfig, wanted: int) -> tuple[int, float]:
    """How many of `wanted` messages this bot may send now, and the seconds to wait for the rest (its pause after
    a 429, or the rest of a full second). One counter update per batch, not per message."""
    counters = caches["shared"]
    paused_until = counters.get(f"assistant:pause:{config.pk}") or 0
    if paused_until > time.time():
        return 0, paused_until - time.time()
    key = f"assistant:rate:{config.pk}:{int(time.time())}"
    counters.add(key, 0, timeout=5)
    try:
        used = counters.incr(key, wanted)
    except ValueError:  # expired between add and incr
        used = wanted
    allowed = max(0, min(wanted, bot_rate() - (used - wanted)))
    return allowed, 0.0 if allowed == wanted else 1.0 - (time.time() % 1.0)


class Deliverer:
    def __init__(self):
        self.configs: dict[tuple[int, str], ChannelConfig | None] = {}
        self.counts = {"sent": 0, "retry": 0, "failed": 0, "dropped": 0, "waited": 0}
        self.paused_until: dict[int, float] = {}
        self.sent: list[OutboundMessage] = []  # sent, their marks not written yet (see the module's note)

    def config(self, message: OutboundMessage) -> ChannelConfig | None:
        key = (message.community_id, message.chat.channel)
        if key not in self.configs:
            self.configs[key] = ChannelConfig.objects.filter(community_id=key[0], channel=key[1]).first()
        return self.configs[key]

    def run(self, budget: float) -> dict:
        with _commits_not_waiting_for_the_disk():
            try:
                return self._run(budget)
            finally:
                self.mark_sent()  # what went out before an error is recorded as sent, not sent twice

    def _run(self, budget: float) -> dict:
        deadline = time.monotonic() + budget
        while True:
            batch = _claim()
            if not batch:
                wait = _next_due_in()
                if wait is None or time.monotonic() + wait > deadline:
                    return self.counts
                time.sleep(min(wait, 1.0))
                continue
            for config, messages in self.by_bot(batch):
                allowed, wait = _bot_slots(config, len(messages)) if config is not None else (len(messages), 0.0)
                for message in messages[allowed:]:
                    self.defer(message, wait)
                for message in messages[:allowed]:
                    paused = self.paused_until.get(config.pk, 0.0) - time.time() if config is not None else 0.0
                    if paused > 0:  # a 429 earlier in this batch
                        self.defer(message, paused)
                    else:
                        self.send(message)
            self.mark_sent()

    def by_bot(self, batch: list[OutboundMessage]) -> list[tuple[ChannelConfig | None, list[OutboundMessage]]]:
        groups: dict[tuple[int, str], list[OutboundMessage]] = {}
        for message in batch:
            groups.setdefault((message.community_id, message.chat.channel), []).append(message)
        return [(self.config(messages[0]), messages) for messages in groups.values()]

    def defer(self, message: OutboundMessage, wait: float) -> None:
        with transaction.atomic():
            message.not_before = timezone.now() + timezone.timedelta(seconds=wait)
            self._finish(message, OutboundStatus.PENDING)
            _hold_chats([message.chat_id], message.not_before)
        self.counts["waited"] += 1

    def _finish(self, message: OutboundMessage, status: str, error: str = "") -> None:
        message.status, message.error = status, error[:500]
        message.sent_at = timezone.now() if status == OutboundStatus.SENT else None
        message.save(update_fields=["status", "error", "sent_at", "attempts", "not_before"])

    def send(self, message: OutboundMessage) -> None:
        chat, config = message.chat, self.config(message)
        if chat.blocked_at is not None:
            self._finish(message, OutboundStatus.DROPPED, "the resident blocked the bot")
            self.counts["dropped"] += 1
            return
        if config is None or not config.is_enabled or not has_token(config):
            self._finish(message, OutboundStatus.FAILED, "the channel is not configured")
            self.counts["failed"] += 1
            return
        with translation.override(chat.language):
            result = adapter_for(chat.channel).send(config, chat, reply_from_dict(message.reply))
        if result.ok:
            self.sent.append(message)
            self.counts["sent"] += 1
            return
        message.attempts += 1
        with transaction.atomic():
            self.record(message, config, result)

    def mark_sent(self) -> None:
        """Write the marks of the messages sent since the last call, and hold each chat for its pace."""
        if not self.sent:
            return
        now = timezone.now()
        with transaction.atomic():
            OutboundMessage.objects.filter(pk__in=[m.pk for m in self.sent]).update(
                status=OutboundStatus.SENT, error="", sent_at=now, not_before=None, attempts=F("attempts") + 1)
            if chat_interval() > 0:
                _hold_chats({m.chat_id for m in self.sent}, now + timezone.timedelta(seconds=chat_interval()))
        self.sent = []

    def record(self, message: OutboundMessage, config: ChannelConfig, result) -> None:
        """A send that did not go through: the chat blocked, a retry later, or a failure for good."""
        chat, now = message.chat, timezone.now()
        if result.blocked:
            type(chat).objects.filter(pk=chat.pk).update(blocked_at=now)
            self._finish(message, OutboundStatus.DROPPED, result.error)
            drop_pending(chat)
            self.counts["dropped"] += 1
        elif result.retry_after is not None and message.attempts < MAX_ATTEMPTS:
            delay = max(result.retry_after, 2 ** message.attempts)
            message.not_before = now + timezone.timedelta(seconds=delay)
            self._finish(message, OutboundStatus.PENDING, result.error)
            _hold_chats([chat.pk], message.not_before)
            if result.rate_limited:
                self.paused_until[config.pk] = time.time() + result.retry_after
                caches["shared"].set(f"assistant:pause:{config.pk}", self.paused_until[config.pk],
                                     timeout=int(result.retry_after) + 1)
            self.counts["retry"] += 1
        else:
            self._finish(message, OutboundStatus.FAILED, result.error)
            self.counts["failed"] += 1


def deliver_pending(budget: float | None = None) -> dict:
    """Send what is due; wait for what falls due within `budget` seconds (settings' default)."""
    return Deliverer().run(delivery_budget() if budget is None else budget)
