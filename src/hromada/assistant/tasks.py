"""Background work of the assistant: run a queued update, deliver the outbox, and the periodic sweep (updates
whose dialog failed are retried; old processed updates and delivered messages are deleted, they hold what
residents wrote)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from .delivery import deliver_pending
from .engine.dispatch import MAX_ATTEMPTS
from .engine.dispatch import process_update as run_update
from .models import InboundUpdate, OutboundMessage, OutboundStatus

RETRY_AFTER = timedelta(seconds=30)
KEEP_UPDATES = timedelta(days=7)
KEEP_MESSAGES = timedelta(days=30)


@task()
def process_update(update_id: int) -> int:
    return run_update(update_id)


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
