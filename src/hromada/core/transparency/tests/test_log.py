"""The log in the database: the outbox, batched appends that survive a crash, signed heads, tenant isolation,
and no personal data in any leaf (petition signatures included)."""

from __future__ import annotations

import base64
import json

import pytest
from conftest import make_member
from cryptography.hazmat.primitives.serialization import load_der_public_key
from django.db import transaction

from hromada.core.errors import PermissionDenied
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.core.transparency import keys, merkle, selectors
from hromada.core.transparency.models import Leaf, PendingEntry, Subtree, TransparencyLog, TreeHead
from hromada.core.transparency.record import transparency_record
from hromada.core.transparency.services import transparency_append, transparency_publish, tree_head_publish
from hromada.core.transparency.tasks import publish_logs

from .auditor import verifier
from .test_merkle import naive_path, naive_root


def record(community, n: int, *, type: str = "test.thing.happened") -> None:  # noqa: A002
    for k in range(n):
        transparency_record(community=community, type=type, object_id=k, data={"person": f"person-{k}"})


def leaf_hashes(community) -> list[bytes]:
    return [merkle.leaf_hash(bytes(value)) for value in
            Leaf.objects.filter(community=community).order_by("index").values_list("leaf_input", flat=True)]


def test_a_record_is_a_pending_row_with_canonical_json_and_keyed_hashes(community):
    entry = transparency_record(community=community, type="test.thing.happened", object_id=7,
                                data={"person": "Марія Шевченко", "tax_number": "1234567890"})
    leaf = PendingEntry.objects.get(pk=entry.pk).leaf
    event = json.loads(leaf)
    assert leaf == json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert set(event) == {"type", "object_id", "data", "timestamp"} and event["object_id"] == "7"
    assert "Марія" not in leaf and "1234567890" not in leaf
    assert all(len(value) == 64 for value in event["data"].values())


def test_a_rolled_back_service_leaves_no_entry(community):
    with pytest.raises(RuntimeError), transaction.atomic():
        record(community, 2)
        raise RuntimeError("the service failed")
    assert not PendingEntry.objects.exists()


def test_appends_in_batches_build_the_tree_of_every_entry_in_order(community):
    record(community, 13)
    assert transparency_append(actor=SYSTEM, community=community, limit=5) == 5
    assert transparency_append(actor=SYSTEM, community=community, limit=5) == 5
    assert transparency_append(actor=SYSTEM, community=community, limit=5) == 3
    assert transparency_append(actor=SYSTEM, community=community) == 0
    assert TransparencyLog.objects.get(community=community).size == 13 and not PendingEntry.objects.exists()
    hashes = leaf_hashes(community)
    assert [json.loads(bytes(v))["object_id"] for v in Leaf.objects.order_by("index")
            .values_list("leaf_input", flat=True)] == [str(k) for k in range(13)]
    assert selectors.root_hash(community, 13) == naive_root(hashes)
    assert Subtree.objects.filter(community=community).count() == 6 + 3 + 1  # complete subtrees above the leaves
    for size in (1, 7, 13):
        for m in range(size):
            assert selectors.inclusion_proof(community, m, size) == naive_path(m, hashes[:size])


def test_a_crash_during_an_append_loses_nothing_and_the_next_run_recovers(community, monkeypatch):
    record(community, 4)

    def crash(*args, **kwargs):
        raise OSError("the worker died")

    monkeypatch.setattr(Subtree.objects, "bulk_create", crash)
    with pytest.raises(OSError):
        transparency_append(actor=SYSTEM, community=community)
    assert PendingEntry.objects.count() == 4 and not Leaf.objects.exists()
    assert TransparencyLog.objects.get(community=community).size == 0
    monkeypatch.undo()
    assert transparency_append(actor=SYSTEM, community=community) == 4
    assert selectors.root_hash(community, 4) == naive_root(leaf_hashes(community))


def test_only_the_platform_appends_or_signs(community):
    person = make_member(community, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        transparency_append(actor=person, community=community)
    with pytest.raises(PermissionDenied):
        tree_head_publish(actor=person, community=community)


def test_heads_are_signed_with_the_communitys_key_and_only_when_the_tree_grew(community, other_community):
    record(community, 3)
    head = transparency_publish(actor=SYSTEM, community=community)
    assert head.tree_size == 3 and bytes(head.root_hash) == naive_root(leaf_hashes(community))
    answer = {"tree_size": head.tree_size, "timestamp": head.timestamp,
              "sha256_root_hash": base64.b64encode(bytes(head.root_hash)).decode(),
              "tree_head_signature": base64.b64encode(bytes(head.signature)).decode()}
    assert verifier.verify_head(load_der_public_key(keys.public_key_der(community.pk)), answer)
    with pytest.raises(verifier.Failed):  # another community's key does not verify it
        verifier.verify_head(load_der_public_key(keys.public_key_der(other_community.pk)), answer)
    assert tree_head_publish(actor=SYSTEM, community=community) is None  # nothing new: no new head
    record(community, 1)
    later = transparency_publish(actor=SYSTEM, community=community)
    assert later.tree_size == 4 and later.timestamp > head.timestamp


def test_the_key_is_derived_from_the_secret(community, settings):
    before = keys.public_key_der(community.pk)
    settings.TRANSPARENCY_KEY = "another secret of the install, long enough"
    assert keys.public_key_der(community.pk) != before


def test_the_periodic_job_publishes_every_community_with_entries(community, other_community):
    record(community, 2)
    record(other_community, 5)
    assert publish_logs.call() == 2
    assert TreeHead.objects.get(community=community).tree_size == 2
    assert TreeHead.objects.get(community=other_community).tree_size == 5
    assert publish_logs.call() == 0


def test_one_communitys_log_is_not_anothers(community, other_community):
    record(community, 3)
    record(other_community, 3, type="other.thing.happened")
    for place in (community, other_community):
        transparency_publish(actor=SYSTEM, community=place)
    mine = leaf_hashes(community)
    assert set(mine).isdisjoint(leaf_hashes(other_community))
    assert selectors.leaf_index(other_community, mine[0], 3) is None
    assert selectors.root_hash(community, 3) != selectors.root_hash(other_community, 3)

