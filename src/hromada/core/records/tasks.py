"""The background delivery of record events: one task per published event, run after the writer committed.

A thin wrapper over hromada.core.records.deliver (the arguments are plain values: the task is stored as JSON)."""

from __future__ import annotations

from django_tasks import task

from . import RecordEvent, deliver


@task()
def deliver_record_event(name: str, community_id: int, source_app: str, source_id: str, actor_id: int | None,
                         data: dict) -> int:
    return deliver(RecordEvent(name=name, community_id=community_id, source_app=source_app, source_id=source_id,
                               actor_id=actor_id, data=data))
