"""Background work of the assistant: run a queued update, deliver the outbox, and the periodic sweep (updates
whose dialog failed are retried; old processed updates and delivered messages are deleted, they hold what
residents wrote)."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import caches
from django.utils import timezone
from django_tasks import task

from .delivery import deliver_pending
from .engine.dispatch import MAX_ATTEMPTS
from .engine.dispatch import process_update as run_update
from .models import InboundUpdate, OutboundMessage, OutboundStatus

RETRY_AFTER = timedelta(seconds=30)
KEEP_UPDATES = timedelta(days=7)
KEEP_MESSAGES = timedelta(days=30)


KICK_SECONDS = 60  # a kick whose task never ran (a dead worker) stops suppressing new ones after this


def _kick_key(community_id: int) -> str:
    return f"assistant:kick:{community_id}"


def kick(community_id: int) -> None:
    """After a webhook stored an update: make sure one process_pending task of the community is queued. At most one
    waits at a time (a shared-cache key), so a burst of updates costs one task row, not one each."""
    counters = caches["shared"]
    key = _kick_key(community_id)
    if counters.get(key) is None and counters.add(key, 1, timeout=KICK_SECONDS):  # a read first: no write in a burst
        process_pending.enqueue(community_id)


@task()
def process_update(update_id: int) -> int:
    return run_update(update_id)


@task()
def process_pending(community_id: int) -> int:
    """Run the community's queued updates in arrival order (the kick is cleared first, so an update stored while
    this runs queues the next task)."""
    caches["shared"].delete(_kick_key(community_id))
    ran = 0
    while True:
        batch = list(InboundUpdate.objects.filter(community_id=community_id, processed_at__isnull=True, attempts=0)
                     .order_by("pk").values_list("pk", flat=True)[:200])
        if not batch:
            return ran
        for update_id in batch:
            run_update(update_id)
            ran += 1


@task()
def deliver_outbox() -> dict:
    return deliver_pending()


@task()
def sweep() -> dict:
    now = timezone.now()
    retried = 0
    for update_id in (InboundUpdate.objects.filter(processed_at__isnull=True, received_at__lt=now - RETRY_AFTER,
                                                   attempts__lt=MAX_ATTEMPTS).order_by("pk")
                      .values_list("pk", flat=True)[:500]):
        run_update(update_id)
        retried += 1
    updates, _ = InboundUpdate.objects.filter(processed_at__lt=now - KEEP_UPDATES).delete()
    messages, _ = OutboundMessage.objects.filter(
        status__in=(OutboundStatus.SENT, OutboundStatus.DROPPED, OutboundStatus.FAILED),
        created_at__lt=now - KEEP_MESSAGES).delete()
    delivered = deliver_pending(budget=0)
    return {"retried": retried, "deleted_updates": updates, "deleted_messages": messages, **delivered}
