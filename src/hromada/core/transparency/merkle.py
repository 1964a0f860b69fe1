"""RFC 6962 Merkle tree hashing over stored complete subtrees: tree heads, inclusion and consistency proofs.

A complete subtree is `(level, index)`: the 2**level leaves from index * 2**level. Every hash the RFC's recursion
asks for is one stored complete subtree or folds a few of them, so a proof reads O(log^2 n) rows at worst (one
query: `needed()` first, then the same walk with the hashes in hand). Pure functions: no Django here."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping

Node = tuple[int, int]  # (level, index)
EMPTY_ROOT = hashlib.sha256(b"").digest()


def leaf_hash(leaf: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + leaf).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _complete(lo: int, hi: int) -> Node | None:
    size = hi - lo
    if size & (size - 1) == 0 and lo % size == 0:
        return size.bit_length() - 1, lo // size
    return None


def subtree(lo: int, hi: int, get: Callable[[Node], bytes]) -> bytes:
    """MTH(D[lo:hi]) for a range the RFC's recursion reaches (lo is aligned to the split of hi - lo)."""
    if hi <= lo:
        return EMPTY_ROOT
    node = _complete(lo, hi)
    if node is not None:
        return get(node)
    k = split(hi - lo)
    return node_hash(subtree(lo, lo + k, get), subtree(lo + k, hi, get))


def root(size: int, get: Callable[[Node], bytes]) -> bytes:
    return subtree(0, size, get)


def inclusion_path(m: int, size: int, get: Callable[[Node], bytes]) -> list[bytes]:
    """PATH(m, D[size]) of RFC 6962 section 2.1.1, leaf first."""
    path: list[bytes] = []
    lo, hi = 0, size
    while hi - lo > 1:
        k = split(hi - lo)
        if m < lo + k:
            path.append(subtree(lo + k, hi, get))
            hi = lo + k
        else:
            path.append(subtree(lo, lo + k, get))
            lo = lo + k
    path.reverse()  # the walk went top down; the RFC lists the path from the leaf up
    return path


def consistency_proof(first: int, second: int, get: Callable[[Node], bytes]) -> list[bytes]:
    """PROOF(first, D[second]) of RFC 6962 section 2.1.2; empty when first is 0 or equals second."""
    if first <= 0 or first >= second:
        return []
    proof: list[bytes] = []

    def subproof(m: int, lo: int, hi: int, whole: bool) -> None:
        n = hi - lo
        if m == n:
            if not whole:
                proof.append(subtree(lo, hi, get))
            return
        k = split(n)
        if m <= k:
            subproof(m, lo, lo + k, whole)
            proof.append(subtree(lo + k, hi, get))
        else:
            subproof(m - k, lo + k, hi, False)
            proof.append(subtree(lo, lo + k, get))

    subproof(first, 0, second, True)
    return proof


def needed(walk: Callable[[Callable[[Node], bytes]], object]) -> set[Node]:
    """The stored subtrees a walk (one of the functions above, given `get`) reads, without reading any."""
    seen: set[Node] = set()

    def record(node: Node) -> bytes:
        seen.add(node)
        return EMPTY_ROOT

    walk(record)
    return seen


def frontier(size: int) -> list[Node]:
    """The complete subtrees left of position `size` that a later leaf still needs (one per 1 bit of size)."""
    nodes, lo = [], 0
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            nodes.append((level, lo >> level))
            lo += 1 << level
    return nodes


def extend(size: int, known: Mapping[Node, bytes], hashes: list[bytes]) -> dict[Node, bytes]:
    """Append leaf hashes to a tree of `size` leaves whose frontier is in `known`: every new complete subtree
    (level 0 included), as a dict, in the order they complete."""
    made: dict[Node, bytes] = {}

    def look(node: Node) -> bytes:
        return made[node] if node in made else known[node]

    for offset, value in enumerate(hashes):
        index = size + offset
        made[(0, index)] = value
        level = 0
        while (index + 1) % (2 << level) == 0:
            right = index >> level
            made[(level + 1, right >> 1)] = node_hash(look((level, right - 1)), look((level, right)))
            level += 1
    return made
