"""The CT v1 endpoints: RFC 6962's names and JSON, proofs that verify, 400 with the field on bad input, another
community's leaves "not found", and the queries of a proof pinned whatever the size of the log."""

from __future__ import annotations

import base64

import pytest
from django.test import Client

from hromada.core.identity.actors import SYSTEM
from hromada.core.transparency import keys, merkle
from hromada.core.transparency.models import Leaf
from hromada.core.transparency.record import transparency_record
from hromada.core.transparency.services import transparency_publish

from .auditor import verifier

pytestmark = pytest.mark.django_db


def grow(community, n: int) -> None:
    for k in range(n):
        transparency_record(community=community, type="test.thing.happened", object_id=k, data={"person": k})
    transparency_publish(actor=SYSTEM, community=community)


def get(community, name: str, **query):
    return Client().get(f"/c/{community.slug}/api/v1/transparency/ct/v1/{name}", query)


def b64(value: bytes) -> str:
    return base64.b64encode(value).decode()


def test_an_empty_log_serves_a_signed_empty_head(community):
    head = get(community, "get-sth").json()
    assert head["tree_size"] == 0 and base64.b64decode(head["sha256_root_hash"]) == merkle.EMPTY_ROOT
    from cryptography.hazmat.primitives.serialization import load_der_public_key

    key = get(community, "get-public-key").json()
    assert base64.b64decode(key["key"]) == keys.public_key_der(community.pk) and key["algorithm"] == "ed25519"
    assert verifier.verify_head(load_der_public_key(base64.b64decode(key["key"])), head) == merkle.EMPTY_ROOT


def test_proofs_and_entries_verify_against_the_signed_head(community):
    grow(community, 11)
    head = get(community, "get-sth").json()
    root = base64.b64decode(head["sha256_root_hash"])
    assert head["tree_size"] == 11
    entries = get(community, "get-entries", start=0, end=20).json()["entries"]  # the end is cut to the tree
    assert len(entries) == 11 and all(entry["extra_data"] == "" for entry in entries)
    hashes = [merkle.leaf_hash(base64.b64decode(entry["leaf_input"])) for entry in entries]
    assert verifier.root_of(hashes) == root
    for index in (0, 5, 10):
        proof = get(community, "get-proof-by-hash", hash=b64(hashes[index]), tree_size=11).json()
        assert proof["leaf_index"] == index
        assert verifier.verify_inclusion(index, 11, hashes[index], [base64.b64decode(p) for p in proof["audit_path"]],
                                         root)
    older = verifier.root_of(hashes[:6])
    proof = get(community, "get-sth-consistency", first=6, second=11).json()["consistency"]
    assert verifier.verify_consistency(6, 11, older, root, [base64.b64decode(p) for p in proof])


def test_entries_are_capped(community, monkeypatch):
    from hromada.core.transparency import api

    monkeypatch.setattr(api, "MAX_ENTRIES", 4)
    grow(community, 9)
    assert len(get(community, "get-entries", start=2, end=8).json()["entries"]) == 4


@pytest.mark.parametrize(("name", "query", "field"), [
    ("get-sth-consistency", {"first": "x", "second": "3"}, "first"),
    ("get-sth-consistency", {"first": "1"}, "second"),
    ("get-sth-consistency", {"first": "3", "second": "2"}, "first"),
    ("get-sth-consistency", {"first": "1", "second": "99"}, "second"),
    ("get-sth-consistency", {"first": "-1", "second": "2"}, "first"),
    ("get-proof-by-hash", {"hash": "not base64!", "tree_size": "3"}, "hash"),
    ("get-proof-by-hash", {"hash": b64(b"short"), "tree_size": "3"}, "hash"),
    ("get-proof-by-hash", {"hash": b64(bytes(32)), "tree_size": "0"}, "tree_size"),
    ("get-proof-by-hash", {"hash": b64(bytes(32)), "tree_size": "4"}, "tree_size"),
    ("get-proof-by-hash", {"hash": b64(bytes(32)), "tree_size": "1e3"}, "tree_size"),
    ("get-entries", {"start": "2", "end": "1"}, "start"),
    ("get-entries", {"start": "3", "end": "5"}, "start"),
    ("get-entries", {"start": "0", "end": str(2**70)}, "end"),
    ("get-entries", {"end": "1"}, "start"),
])
def test_bad_input_is_a_400_naming_the_field(community, name, query, field):
    grow(community, 3)
    response = get(community, name, **query)
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]


def test_a_hash_not_in_the_tree_is_not_found(community):
    grow(community, 3)
    response = get(community, "get-proof-by-hash", hash=b64(bytes(32)), tree_size=3)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_another_communitys_leaf_is_not_found(community, other_community):
    grow(community, 3)
    grow(other_community, 3)
    mine = merkle.leaf_hash(bytes(Leaf.objects.get(community=community, index=0).leaf_input))
    assert get(community, "get-proof-by-hash", hash=b64(mine), tree_size=3).status_code == 200
    assert get(other_community, "get-proof-by-hash", hash=b64(mine), tree_size=3).status_code == 404
    assert get(community, "get-sth").json() != get(other_community, "get-sth").json()


def test_proofs_and_entries_cost_the_same_few_queries_at_any_size(community, django_assert_max_num_queries):
    grow(community, 300)
    hashes = [merkle.leaf_hash(bytes(v)) for v in Leaf.objects.filter(community=community).order_by("index")
              .values_list("leaf_input", flat=True)]
    # community (cached after the first request), the signed head, the leaf's position, leaves and subtrees
    get(community, "get-sth")
    with django_assert_max_num_queries(5):
        assert get(community, "get-proof-by-hash", hash=b64(hashes[123]), tree_size=300).status_code == 200
    with django_assert_max_num_queries(4):
        assert get(community, "get-sth-consistency", first=77, second=300).status_code == 200
    with django_assert_max_num_queries(3):
        assert len(get(community, "get-entries", start=0, end=299).json()["entries"]) == 300
