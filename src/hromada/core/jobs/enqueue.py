"""enqueue_on_commit: how a service schedules background work without importing its tasks module.

The task is named by dotted path and enqueued only after the service's transaction commits, so a rolled-back
write never leaves a task behind and a worker never reads rows that are not there yet."""

from __future__ import annotations

from django.db import transaction


def enqueue_on_commit(task_path: str, *args, using: str | None = None, **kwargs) -> None:
    """Enqueue the django-tasks Task at `task_path` ("package.tasks.name") with these arguments after commit."""

    def enqueue() -> None:
        from hromada.core import capabilities

        capabilities.resolve(task_path).enqueue(*args, **kwargs)

    transaction.on_commit(enqueue, using=using)
