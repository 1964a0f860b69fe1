"""Records several capabilities keep together: the capability that owns a citizen-facing record (an appeal, a
petition, a document) publishes what happens to it, and other capabilities follow it, through plain values only.

A source declares `record_source` in its manifest (how to read one record and which records exist); a follower
declares `record_handlers`, ((event name prefix, dotted handler)). `publish()` runs inside the writing
transaction and costs the writer no query: only when some installed capability follows the event is one
delivery task enqueued after commit, and the task calls each follower enabled for the record's community.
Events carry ids, never personal data; a follower reads the record's current state through `read()`, so
handlers reconcile rather than replay, and a retried or repeated event changes nothing twice (ADR 0017)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hromada.core import capabilities
from hromada.core.jobs.enqueue import enqueue_on_commit

log = logging.getLogger(__name__)
DELIVERY_TASK = "hromada.core.records.tasks.deliver_record_event"


@dataclass(frozen=True)
class Record:
    """One record as its owner describes it to others: what a registration card needs, and where it stands."""

    source_app: str
    source_id: str
    kind: str  # "appeal", "petition", "document"
    reference: str  # the owner's own number (an appeal's registration index, a letter's index)
    summary: str
    received: date | None = None
    correspondent_name: str = ""
    correspondent_org: str = ""
    department_id: int | None = None
    owner_id: int | None = None  # the official the owner has put in charge, once there is one
    due: date | None = None  # the answer's deadline, when the owner keeps one
    answer: str = ""  # the answer given, once given (or the reason of a refusal)
    answered_on: date | None = None


@dataclass(frozen=True)
class RecordSource:
    """What a manifest's `record_source` points to: `read(community, source_id) -> Record | None` (None when the
    id names nothing the source shares) and `ids(community) -> Iterable[str]` (every record it shares, for a
    follower catching up, e.g. a community that enables the document workflow later)."""

    read: Callable[[Any, str], Record | None]
    ids: Callable[[Any], Iterable[str]]


@dataclass(frozen=True)
class RecordEvent:
    """`name` is "<app>.<record>.<verb>" (appeals.appeal.filed); `data` holds ids and codes only."""

    name: str
    community_id: int
    source_app: str
    source_id: str
    actor_id: int | None = None
    data: dict = field(default_factory=dict)


def handlers_for(name: str) -> list[tuple[str, str]]:
    """(capability slug, dotted handler) of every installed capability that follows the event `name`."""
    return [(manifest.slug, handler) for manifest in capabilities.manifests()
            for prefix, handler in manifest.record_handlers if name.startswith(prefix)]


def publish(*, community, name: str, source_app: str, source_id, actor=None, data: dict | None = None) -> None:
    """Tell the followers of `name` after the caller's transaction commits (nothing when it rolls back, and no
    task at all when no installed capability follows it). Call it inside the service's transaction."""
    if not handlers_for(name):
        return
    actor_id = getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None
    enqueue_on_commit(DELIVERY_TASK, name, community.pk, source_app, str(source_id), actor_id, dict(data or {}))


def deliver(event: RecordEvent) -> int:
    """Call every follower of the event that is enabled for its community; returns how many ran. A follower
    that fails is logged (by event and ids) and the others still run; the failure is raised at the end."""
    from hromada.core.tenancy.models import Community

    community = Community.objects.filter(pk=event.community_id, is_active=True).first()
    if community is None:
        return 0
    ran, failed = 0, None
    for slug, handler in handlers_for(event.name):
        if not community.capability_enabled(slug):
            continue
        try:
            capabilities.resolve(handler)(community, event)
            ran += 1
        except Exception as exc:  # one follower's fault must not keep the others from the event
            log.exception("record event %s of %s:%s failed in %s", event.name, event.source_app, event.source_id,
                          slug)
            failed = exc
    if failed is not None:
        raise failed
    return ran


def source(source_app: str) -> RecordSource | None:
    """The record source a capability declares, or None (not installed, or it shares no records)."""
    try:
        manifest = capabilities.manifest(source_app)
    except KeyError:
        return None
    if not manifest.record_source:
        return None
    found: RecordSource = capabilities.resolve(manifest.record_source)  # type: ignore[assignment]  # checked at start
    return found


def read(community, source_app: str, source_id) -> Record | None:
    """The record as its owner shows it now, or None when the owner is absent or shares no such record."""
    found = source(source_app)
    return found.read(community, str(source_id)) if found is not None else None


__all__ = ["Record", "RecordEvent", "RecordSource", "deliver", "handlers_for", "publish", "read", "source"]
