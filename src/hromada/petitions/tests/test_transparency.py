"""Petition signatures in the kernel's transparency log: one leaf per signature, the signer only as a keyed hash."""

from __future__ import annotations

import json

from conftest import make_member

from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.core.transparency.models import Leaf, PendingEntry
from hromada.core.transparency.services import transparency_publish
from hromada.petitions import services

from .factories import collecting


def test_a_petition_signature_is_logged_as_a_keyed_hash_only(community):
    author = make_member(community, Role.RESIDENT, strong=True)
    signer = make_member(community, Role.RESIDENT, strong=True, name="Олена Пчілка", email="olena@example.org")
    petition = collecting(community, author)
    services.petition_sign(actor=signer, community=community, petition=petition)
    transparency_publish(actor=SYSTEM, community=community)
    leaves = [bytes(v).decode() for v in Leaf.objects.filter(community=community).values_list("leaf_input", flat=True)]
    signed = [json.loads(leaf) for leaf in leaves if '"petitions.petition.signed"' in leaf]
    assert len(signed) == 1 and signed[0]["object_id"] == str(petition.pk)
    identity = signer.verified_identity
    for leaf in leaves:  # nothing that names the person: not the name, email, id, nor the identity's own hash
        for personal in ("Олена", "Пчілка", "olena@example.org", identity.subject_hash, f":{signer.pk}"):
            assert personal not in leaf


def test_a_group_commit_batch_writes_one_outbox_row_per_signature(community):
    from hromada.petitions.signing import SignatureIntent, write_signatures

    petition = collecting(community, make_member(community, Role.RESIDENT, strong=True))
    signers = [make_member(community, Role.RESIDENT, strong=True) for _ in range(3)]
    intents = [SignatureIntent(community=community, petition=petition, signer=signer, public_name="",
                               identity_hash=signer.verified_identity.subject_hash) for signer in signers]
    outcomes = write_signatures([*intents, intents[0]])  # the repeat is refused and logs nothing
    assert sum(1 for outcome in outcomes if not isinstance(outcome, BaseException)) == 3
    assert PendingEntry.objects.filter(community=community).count() == 3
