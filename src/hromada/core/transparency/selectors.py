"""Reads of a community's log: the latest signed head, stored hashes, proofs and entries, as RFC 6962 serves them.

Every proof first asks `merkle.needed` which stored subtrees it reads, fetches them in at most two queries (leaves
for level 0, subtrees above), then walks the tree in memory: O(log n) rows whatever the size of the log."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import F, Max, Q

from . import keys, merkle
from .models import Leaf, PendingEntry, Subtree, TransparencyLog, TreeHead, node_key


@dataclass(frozen=True)
class Head:
    tree_size: int
    timestamp: int
    root_hash: bytes
    signature: bytes


def log_size(community) -> int:
    """How many leaves are in the tree (appended, whether or not a signed head covers them yet)."""
    return TransparencyLog.objects.filter(community=community).values_list("size", flat=True).first() or 0


def tree_head_latest(community) -> Head:
    """The newest signed head; before the first one is published, the empty tree's, signed at timestamp 0 (an
    Ed25519 signature is deterministic, so every call gives the same bytes and nothing is written)."""
    row = (TreeHead.objects.filter(community=community).order_by("-timestamp")
           .values_list("tree_size", "timestamp", "root_hash", "signature").first())
    if row is not None:
        return Head(row[0], row[1], bytes(row[2]), bytes(row[3]))
    return Head(0, 0, merkle.EMPTY_ROOT, keys.tree_head_sign(community.pk, 0, 0, merkle.EMPTY_ROOT))


def stored_hashes(community, nodes: set[merkle.Node]) -> dict[merkle.Node, bytes]:
    """The hashes of these complete subtrees (level 0: leaf hashes)."""
    found: dict[merkle.Node, bytes] = {}
    leaves = [index for level, index in nodes if level == 0]
    if leaves:
        rows = Leaf.objects.filter(community=community, index__in=leaves).values_list("index", "leaf_hash")
        found.update(((0, index), bytes(value)) for index, value in rows)
    wanted = {node_key(level, index): (level, index) for level, index in nodes if level > 0}
    if wanted:
        rows = Subtree.objects.filter(community=community, key__in=list(wanted)).values_list("key", "hash")
        found.update((wanted[key], bytes(value)) for key, value in rows)
    missing = nodes - found.keys()
    if missing:  # the tree is damaged (or was cut back): refuse rather than serve a wrong proof
        raise LookupError(f"the log of community {community.pk} lacks stored subtrees {sorted(missing)[:5]}")
    return found


def _walk(community, walk):
    hashes = stored_hashes(community, merkle.needed(walk))
    return walk(hashes.__getitem__)


def root_hash(community, size: int) -> bytes:
    return _walk(community, lambda get: merkle.root(size, get))


def leaf_index(community, leaf_hash: bytes, tree_size: int) -> int | None:
    """The first position of a leaf with this hash inside the first `tree_size` leaves."""
    # Neither ORDER BY nor a bound on the index in SQL: either tempts the planner (SQLite's does it) into walking
    # the (community, index) index instead of the hash's. Equal leaves are rare (a leaf carries its millisecond).
    found = [index for index in Leaf.objects.filter(community=community, leaf_hash=leaf_hash)
             .values_list("index", flat=True) if index < tree_size]
    return min(found) if found else None


def inclusion_proof(community, index: int, tree_size: int) -> list[bytes]:
    return _walk(community, lambda get: merkle.inclusion_path(index, tree_size, get))


def consistency_proof(community, first: int, second: int) -> list[bytes]:
    return _walk(community, lambda get: merkle.consistency_proof(first, second, get))


def entries(community, start: int, end: int) -> list[bytes]:
    """The leaves start..end inclusive (the caller caps the range)."""
    rows = (Leaf.objects.filter(community=community, index__gte=start, index__lte=end).order_by("index")
            .values_list("leaf_input", flat=True))
    return [bytes(value) for value in rows]


def tree_head_history(community):
    """Every signed head, newest first (the back office)."""
    return TreeHead.objects.filter(community=community).order_by("-timestamp")


DAY_MS = 24 * 3600 * 1000
# The open-data dataset keeps every head this long, then the last head of each day: a busy log signs a head a
# minute, and a consistency proof joins any two heads anyway, so daily checkpoints are what auditors compare.
RECENT_HEADS_MS = 7 * DAY_MS


def tree_head_rows(community) -> Iterator[dict]:
    """The open-data rows of the signed heads, oldest first: tree_size, timestamp (ms), root_hash and signature
    (base64, as get-sth serves them). Nothing else is in a head, so nothing personal can be."""
    heads = TreeHead.objects.filter(community=community)
    newest = heads.aggregate(newest=Max("timestamp"))["newest"]
    if newest is None:
        return
    cutoff = newest - RECENT_HEADS_MS
    daily = (heads.filter(timestamp__lt=cutoff).annotate(day=F("timestamp") / DAY_MS).order_by()
             .values("day").annotate(last=Max("timestamp")).values("last"))
    rows = (heads.filter(Q(timestamp__gte=cutoff) | Q(timestamp__in=daily)).order_by("timestamp")
            .values_list("tree_size", "timestamp", "root_hash", "signature"))
    for size, timestamp, root, signature in rows.iterator(chunk_size=2000):
        yield {"tree_size": size, "timestamp": timestamp, "root_hash": base64.b64encode(bytes(root)).decode(),
               "signature": base64.b64encode(bytes(signature)).decode()}


@dataclass(frozen=True)
class EntryRow:
    """A leaf as the public page lists it: position, event type, time and leaf hash; never its data."""

    index: int
    type: str
    timestamp: int | None  # ms since 1970 UTC, as recorded
    leaf_hash: bytes

    @property
    def leaf_hash_b64(self) -> str:
        return base64.b64encode(self.leaf_hash).decode()


def _entry_row(index: int, leaf_input: bytes, leaf_hash: bytes) -> EntryRow:
    try:
        event = json.loads(leaf_input)
        kind = str(event.get("type", ""))[:100]
        timestamp = event.get("timestamp")
        timestamp = timestamp if isinstance(timestamp, int) else None
    except (ValueError, AttributeError):  # a leaf the kernel did not write (it cannot be, but the page must not fail)
        kind, timestamp = "", None
    return EntryRow(index, kind, timestamp, leaf_hash)


def entry_rows(community, *, below: int, count: int) -> list[EntryRow]:
    """The `count` leaves just below position `below`, newest first (the public page; one range read on the
    (community, index) key, whatever the size of the log)."""
    low = max(0, below - count)
    if below <= low:
        return []
    rows = (Leaf.objects.filter(community=community, index__gte=low, index__lt=below).order_by("-index")
            .values_list("index", "leaf_input", "leaf_hash"))
    return [_entry_row(index, bytes(value), bytes(digest)) for index, value, digest in rows]


def entry_by_hash(community, leaf_hash: bytes, tree_size: int) -> EntryRow | None:
    """The leaf with this hash among the first `tree_size` (the page's search; the API's get-proof-by-hash)."""
    index = leaf_index(community, leaf_hash, tree_size)
    if index is None:
        return None
    value = Leaf.objects.filter(community=community, index=index).values_list("leaf_input", flat=True).first()
    return _entry_row(index, bytes(value), leaf_hash)


def pending_count(community) -> int:
    """Events recorded and not yet appended (appended within about a minute)."""
    return PendingEntry.objects.filter(community=community).count()
