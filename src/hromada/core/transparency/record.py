"""transparency_record (or transparency_entry + transparency_record_many for a batch): how a service logs an
event, inside its own transaction, as one pending row that the append job later puts into the tree.

The leaf is fixed here: canonical JSON (sorted keys, no whitespace, UTF-8) of {type, object_id, data,
timestamp}, where every value of `data` is replaced by its keyed hash, so no personal data can reach a leaf
whatever a caller passes. A rolled-back service leaves no row; a committed one is never lost (the outbox)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from django.conf import settings

from hromada.core.prepared import PreparedInsert

from .models import PendingEntry


def keyed_hash(name: str, value: Any) -> str:
    """HMAC-SHA256 of one value under the identity hash key, separated by its name (a signer's hash cannot be
    replayed as another field's)."""
    message = f"hromada.transparency:{name}:{value}".encode()
    return hmac.new(settings.IDENTITY_HASH_KEY.encode(), message, hashlib.sha256).hexdigest()


def canonical_json(event: dict) -> str:
    return json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def transparency_entry(*, community, type: str, object_id: Any, data: dict[str, Any] | None = None,  # noqa: A002
                       timestamp_ms: int | None = None) -> PendingEntry:
    """The pending row, not yet written: for `transparency_record_many`. `type` names the event
    ("petitions.petition.signed"), `object_id` the record; `data` values are stored only as keyed hashes."""
    if not type or len(type) > 100:
        raise ValueError("a log event needs a type of at most 100 characters")
    event = {
        "type": type,
        "object_id": str(object_id),
        "data": {str(name): keyed_hash(str(name), value) for name, value in (data or {}).items()},
        "timestamp": timestamp_ms if timestamp_ms is not None else time.time_ns() // 1_000_000,
    }
    return PendingEntry(community=community, leaf=canonical_json(event))


_PENDING_ROWS = PreparedInsert(PendingEntry)


def transparency_record_many(entries: list[PendingEntry]) -> list[PendingEntry]:
    """Write entries made by `transparency_entry` in one INSERT, inside the caller's transaction."""
    _PENDING_ROWS.insert(entries)
    return entries


def transparency_record(*, community, type: str, object_id: Any, data: dict[str, Any] | None = None  # noqa: A002
                        ) -> PendingEntry:
    """Log one event of `community`, inside the caller's transaction (an outbox row; appended after commit)."""
    return transparency_record_many([transparency_entry(community=community, type=type, object_id=object_id,
                                                        data=data)])[0]
