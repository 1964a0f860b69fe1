"""audit_record (or audit_event + audit_record_many for a batch): the one way to write audit events, called inside
the service's transaction."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from hromada.core.prepared import PreparedInsert

from .models import AuditEvent


def audit_event(*, actor, community, action: str, target=None, data: dict[str, Any] | None = None) -> AuditEvent:
    """The event, not yet written: for `audit_record_many`."""
    actor_id = getattr(actor, "pk", None) if actor is not None and getattr(actor, "is_authenticated", False) else None
    # Round-trip through the JSON encoder so dates, decimals and UUIDs are stored portably.
    clean_data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    return AuditEvent(
        community=community,
        actor_id=actor_id,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        data=clean_data,
    )


def audit_record(*, actor, community, action: str, target=None, data: dict[str, Any] | None = None) -> AuditEvent:
    event = audit_event(actor=actor, community=community, action=action, target=target, data=data)
    event.save(force_insert=True)
    return event


_EVENT_ROWS = PreparedInsert(AuditEvent)


def audit_record_many(events: list[AuditEvent]) -> list[AuditEvent]:
    """Write events made by `audit_event` in one INSERT (a group commit's batch), inside the caller's transaction."""
    _EVENT_ROWS.insert(events)
    return events
