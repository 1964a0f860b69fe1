"""The tree's hashing and proofs against CT's reference vectors, and for every small size against a naive tree;
the standalone verifier accepts every proof and refuses every corrupted one."""

from __future__ import annotations

import hashlib

import pytest

from hromada.core.transparency import merkle

from .auditor import verifier
from .vectors import CONSISTENCY, INCLUSION, LEAVES, ROOTS, SUBTREES

LEAF_HASHES = [merkle.leaf_hash(bytes.fromhex(leaf)) for leaf in LEAVES]


def naive_root(hashes: list[bytes]) -> bytes:
    """MTH straight from the RFC's definition, over a list of leaf hashes."""
    if not hashes:
        return hashlib.sha256(b"").digest()
    if len(hashes) == 1:
        return hashes[0]
    k = merkle.split(len(hashes))
    return merkle.node_hash(naive_root(hashes[:k]), naive_root(hashes[k:]))


def naive_path(m: int, hashes: list[bytes]) -> list[bytes]:
    if len(hashes) <= 1:
        return []
    k = merkle.split(len(hashes))
    if m < k:
        return naive_path(m, hashes[:k]) + [naive_root(hashes[k:])]
    return naive_path(m - k, hashes[k:]) + [naive_root(hashes[:k])]


def naive_subproof(m: int, hashes: list[bytes], whole: bool) -> list[bytes]:
    n = len(hashes)
    if m == n:
        return [] if whole else [naive_root(hashes)]
    k = merkle.split(n)
    if m <= k:
        return naive_subproof(m, hashes[:k], whole) + [naive_root(hashes[k:])]
    return naive_subproof(m - k, hashes[k:], False) + [naive_root(hashes[:k])]


def built(hashes: list[bytes], batches: list[int] | None = None) -> dict:
    """The stored subtrees of a tree grown by `merkle.extend`, in batches of these sizes."""
    stored: dict = {}
    size = 0
    for batch in batches or [len(hashes)]:
        stored.update(merkle.extend(size, {node: stored[node] for node in merkle.frontier(size)},
                                    hashes[size:size + batch]))
        size += batch
    return stored


def hexes(values: list[bytes]) -> list[str]:
    return [value.hex() for value in values]


def test_leaf_and_subtree_hashes_match_the_reference():
    stored = built(LEAF_HASHES)
    for level, row in enumerate(SUBTREES):
        assert [stored[(level, index)].hex() for index in range(len(row))] == row
    assert len(stored) == sum(len(row) for row in SUBTREES)  # every complete subtree, nothing else


@pytest.mark.parametrize("size", range(len(ROOTS)))
def test_roots_match_the_reference(size):
    stored = built(LEAF_HASHES[:size])
    assert merkle.root(size, stored.__getitem__).hex() == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "path"), INCLUSION)
def test_inclusion_proofs_match_the_reference(index, size, path):
    stored = built(LEAF_HASHES[:size])
    assert hexes(merkle.inclusion_path(index, size, stored.__getitem__)) == path
    assert verifier.verify_inclusion(index, size, LEAF_HASHES[index], [bytes.fromhex(p) for p in path],
                                     bytes.fromhex(ROOTS[size]))


@pytest.mark.parametrize(("first", "second", "proof"), CONSISTENCY)
def test_consistency_proofs_match_the_reference(first, second, proof):
    stored = built(LEAF_HASHES[:second])
    assert hexes(merkle.consistency_proof(first, second, stored.__getitem__)) == proof
    assert verifier.verify_consistency(first, second, bytes.fromhex(ROOTS[first]), bytes.fromhex(ROOTS[second]),
                                       [bytes.fromhex(p) for p in proof])


N = 40
HASHES = [merkle.leaf_hash(f"leaf {n}".encode()) for n in range(N)]
# Grown in uneven batches, as the append job does: the stored subtrees must not depend on where batches cut.
STORED = built(HASHES, [1, 2, 5, 1, 7, 16, 8])
assert sum([1, 2, 5, 1, 7, 16, 8]) == N


def test_batches_store_the_same_subtrees_as_one_append():
    assert STORED == built(HASHES)


@pytest.mark.parametrize("size", range(1, N + 1))
def test_every_inclusion_proof_of_every_size_equals_the_naive_one_and_verifies(size):
    root = merkle.root(size, STORED.__getitem__)
    assert root == naive_root(HASHES[:size])
    for m in range(size):
        path = merkle.inclusion_path(m, size, STORED.__getitem__)
        assert path == naive_path(m, HASHES[:size])
        assert verifier.verify_inclusion(m, size, HASHES[m], path, root)
        assert not verifier.verify_inclusion(m, size, HASHES[(m + 1) % N], path, root)
        if path:
            assert not verifier.verify_inclusion(m, size, HASHES[m], path[:-1], root)


@pytest.mark.parametrize("second", range(1, N + 1))
def test_every_consistency_proof_of_every_size_equals_the_naive_one_and_verifies(second):
    second_root = naive_root(HASHES[:second])
    for first in range(1, second + 1):
        proof = merkle.consistency_proof(first, second, STORED.__getitem__)
        assert proof == naive_subproof(first, HASHES[:second], True)
        first_root = naive_root(HASHES[:first])
        assert verifier.verify_consistency(first, second, first_root, second_root, proof)
        if first < second:  # a different older tree (one leaf changed) is not consistent with the new one
            forged = naive_root([b"\x00" * 32] + HASHES[1:first])
            assert not verifier.verify_consistency(first, second, forged, second_root, proof)


def test_a_proof_reads_few_stored_subtrees():
    size = 10_000_001  # the walk only names subtrees; nothing is stored for this size
    reads = merkle.needed(lambda get: merkle.inclusion_path(1234567, size, get))
    assert len(reads) <= 2 * size.bit_length()
    reads = merkle.needed(lambda get: merkle.consistency_proof(6_543_210, size, get))
    assert len(reads) <= 3 * size.bit_length()


def test_the_verifier_refuses_corrupted_reference_proofs():
    index, size, path = INCLUSION[2]
    proof = [bytes.fromhex(p) for p in path]
    root = bytes.fromhex(ROOTS[size])
    assert not verifier.verify_inclusion(index + 1, size, LEAF_HASHES[index], proof, root)
    assert not verifier.verify_inclusion(index, size * 2, LEAF_HASHES[index], proof, root)
    assert not verifier.verify_inclusion(index, size, LEAF_HASHES[index], proof + [root], root)
    first, second, path = CONSISTENCY[2]
    proof = [bytes.fromhex(p) for p in path]
    roots = bytes.fromhex(ROOTS[first]), bytes.fromhex(ROOTS[second])
    assert not verifier.verify_consistency(first, second, roots[1], roots[0], proof)
    assert not verifier.verify_consistency(first, second, *roots, proof[:-1])
    assert not verifier.verify_consistency(first, second, *roots, [])
    flipped = [bytes([proof[0][0] ^ 16]) + proof[0][1:], *proof[1:]]
    assert not verifier.verify_consistency(first, second, *roots, flipped)
