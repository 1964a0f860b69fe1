"""audit_record: the one way to write an audit event, called inside the service's transaction."""

from __future__ import annotations

from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from .models import AuditEvent


def audit_record(*, actor, community, action: str, target=None, data: dict[str, Any] | None = None) -> AuditEvent:
    import json

    actor_id = getattr(actor, "pk", None) if actor is not None and getattr(actor, "is_authenticated", False) else None
    # Round-trip through the JSON encoder so dates, decimals and UUIDs are stored portably.
    clean_data = json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))
    return AuditEvent.objects.create(
        community=community,
        actor_id=actor_id,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None and target.pk is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        data=clean_data,
    )
