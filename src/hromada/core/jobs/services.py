"""Every write about task leases: a worker's heartbeat, and putting back the tasks of dead workers.

A task is leased to the worker that claimed it for as long as that worker's heartbeat is fresh."""

from __future__ import annotations

import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat

log = logging.getLogger(__name__)


class WorkerLost(Exception):
    """Recorded as the error of a task whose worker died on every attempt (it may be what kills it)."""


def lease() -> timedelta:
    return timedelta(seconds=settings.HROMADA_TASK_LEASE_SECONDS)


def heartbeat_record(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"last_seen": timezone.now(), "hostname": socket.gethostname()[:255], "pid": os.getpid()},
    )


def heartbeat_remove(*, worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def stale_tasks_recover(*, alive: str = "", restarted: str = "", now=None) -> dict[str, int]:
    """Put RUNNING tasks whose worker stopped heartbeating back to READY, or FAILED after the last attempt.

    `alive` is the calling worker, which is running whatever it has claimed; `restarted` is a worker id
    starting up again (a fixed --worker-id), whose earlier claims are all dead. A claim by a worker with no
    heartbeat row at all (its row was pruned, or it is a plain django-tasks-db worker) is trusted for one
    lease from the claim. The update is conditional on the claim time, so two workers recovering at once,
    or a worker claiming the task again in between, never count one attempt twice."""
    now = now or timezone.now()
    cutoff = now - lease()
    beats = dict(WorkerHeartbeat.objects.values_list("worker_id", "last_seen"))
    counts = {"requeued": 0, "failed": 0}
    for result in DBTaskResult.objects.running().only("id", "worker_ids", "started_at", "task_path"):
        worker = result.worker_ids[-1] if result.worker_ids else ""
        last_seen = beats.get(worker, result.started_at)
        if worker != restarted and (worker == alive or (last_seen is not None and last_seen >= cutoff)):
            continue
        same_claim = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING,
                                                 started_at=result.started_at)
        attempts = len(result.worker_ids)
        if attempts >= settings.HROMADA_TASK_MAX_ATTEMPTS:
            done = same_claim.update(
                status=TaskResultStatus.FAILED, finished_at=now, return_value=None,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"{WorkerLost.__qualname__}: the worker running this task stopped {attempts} times; "
                          "not retried again\n",
            )
            counts["failed"] += done
        else:
            done = same_claim.update(status=TaskResultStatus.READY, started_at=None)
            counts["requeued"] += done
        if done:
            log.warning("task %s (%s) lost its worker %s on attempt %d: %s", result.pk, result.task_path, worker,
                        attempts, "failed" if attempts >= settings.HROMADA_TASK_MAX_ATTEMPTS else "queued again")
    # Rows of workers gone for a day only make the table longer; their tasks were handled above.
    WorkerHeartbeat.objects.filter(last_seen__lt=now - timedelta(days=1)).delete()
    return counts
