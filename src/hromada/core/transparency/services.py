"""Every write of the log: appending pending events to the tree in batches, and signing a new tree head.

Both run as the platform (the periodic job in tasks.py). An append takes the oldest pending rows of one community,
writes their leaves and every complete subtree they finish, and deletes those rows, in one transaction that
locks the community's TransparencyLog row: a crash leaves either all of it or none, and the next run resumes."""

from __future__ import annotations

import time

from django.db import transaction

from hromada.core.identity.guard import require, service

from . import keys, merkle, policies
from .models import Leaf, PendingEntry, Subtree, TransparencyLog, TreeHead, node_key
from .selectors import log_size, root_hash, stored_hashes

APPEND_BATCH = 5000
# A head is signed again after this long even when nothing was appended, so auditors see the log is alive.
HEAD_REFRESH_MS = 24 * 3600 * 1000


@service
def transparency_append(*, actor, community, limit: int = APPEND_BATCH) -> int:
    """Append up to `limit` pending events of `community`, oldest first; returns how many were appended."""
    require(policies.can_maintain_log(actor))
    TransparencyLog.objects.get_or_create(community=community)
    with transaction.atomic():
        log = TransparencyLog.objects.select_for_update().get(community=community)
        pending = list(PendingEntry.objects.filter(community=community).order_by("id")
                       .values_list("id", "leaf")[:limit])
        if not pending:
            return 0
        size = log.size
        inputs = [leaf.encode() for _id, leaf in pending]
        made = merkle.extend(size, stored_hashes(community, set(merkle.frontier(size))),
                             [merkle.leaf_hash(value) for value in inputs])
        Leaf.objects.bulk_create([Leaf(community=community, index=size + n, leaf_input=value,
                                       leaf_hash=made[(0, size + n)]) for n, value in enumerate(inputs)],
                                 batch_size=1000)
        Subtree.objects.bulk_create([Subtree(community=community, key=node_key(level, index), hash=value)
                                     for (level, index), value in made.items() if level > 0], batch_size=1000)
        # By id, not "up to the last id": a row with a smaller id may commit after this read (sequences are
        # handed out before commit), and it must wait for the next batch, not vanish.
        PendingEntry.objects.filter(id__in=[row_id for row_id, _leaf in pending]).delete()
        log.size = size + len(pending)
        log.save(update_fields=["size"])
    return len(pending)


@service
def tree_head_publish(*, actor, community, now_ms: int | None = None) -> TreeHead | None:
    """Sign the tree as it stands when it grew since the last head (or that head is a day old); None otherwise."""
    require(policies.can_maintain_log(actor))
    now_ms = now_ms if now_ms is not None else time.time_ns() // 1_000_000
    size = log_size(community)
    latest = TreeHead.objects.filter(community=community).order_by("-timestamp").first()
    if latest is not None and latest.tree_size == size and now_ms - latest.timestamp < HEAD_REFRESH_MS:
        return None
    # Timestamps only move forward: a clock stepped back must not make an older-looking head.
    timestamp = max(now_ms, latest.timestamp + 1) if latest is not None else now_ms
    root = root_hash(community, size)
    return TreeHead.objects.create(community=community, tree_size=size, timestamp=timestamp, root_hash=root,
                                   signature=keys.tree_head_sign(community.pk, timestamp, size, root))


@service
def transparency_publish(*, actor, community) -> TreeHead | None:
    """Append every pending event of `community`, batch after batch, then sign the head (the periodic job)."""
    require(policies.can_maintain_log(actor))
    while transparency_append(actor=actor, community=community):
        pass
    return tree_head_publish(actor=actor, community=community)
