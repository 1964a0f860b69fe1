"""One batch of the group commit (signing.write_signatures): each signer gets a signature or a refusal of its
own; a second signature of the same person or the same identity is refused whether it sits in the table or in
the same batch; the counter and the audit log move by exactly the signatures written."""

from __future__ import annotations

import pytest

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict
from hromada.petitions import selectors, services
from hromada.petitions.models import Signature
from hromada.petitions.signing import SignatureIntent, write_signatures

from . import factories as f

pytestmark = pytest.mark.django_db


def _intent(community, petition, person, identity_hash=None):
    return SignatureIntent(community=community, petition=petition, signer=person, public_name=person.full_name,
                           identity_hash=identity_hash)


def test_a_batch_refuses_only_its_duplicates(community, resident, moderator):
    petition = f.collecting(community, resident, moderator)
    earlier, first, second, twin = (f.strong_resident(community) for _ in range(4))
    services.petition_sign(actor=earlier, community=community, petition=petition)
    outcomes = write_signatures([
        _intent(community, petition, first, "hash-first"),
        _intent(community, petition, earlier, "hash-earlier"),  # signed before this batch
        _intent(community, petition, second, "hash-second"),
        _intent(community, petition, first, "hash-first"),  # the same person twice in one batch
        _intent(community, petition, twin, "hash-second"),  # another account of the same verified person
    ])
    assert [type(o) for o in outcomes] == [Signature, Conflict, Signature, Conflict, Conflict]
    assert {o.code for o in outcomes if isinstance(o, Conflict)} == {"already_signed"}
    assert outcomes[0].count_after == outcomes[2].count_after == 3
    assert Signature.objects.filter(petition=petition).count() == 3 == selectors.signature_count(petition)
    signed = AuditEvent.objects.filter(action="petitions.petition.signed", target_id=str(petition.pk))
    assert sorted(e.data["signature"] for e in signed) == sorted(
        Signature.objects.filter(petition=petition).values_list("pk", flat=True))


def test_a_batch_spans_petitions_and_counts_each(community, resident, moderator):
    one, other = f.collecting(community, resident, moderator), f.collecting(community, resident, moderator)
    people = [f.strong_resident(community) for _ in range(3)]
    outcomes = write_signatures([_intent(community, one, people[0]), _intent(community, other, people[0]),
                                 _intent(community, other, people[1]), _intent(community, one, people[2])])
    assert all(isinstance(o, Signature) for o in outcomes)
    assert [o.count_after for o in outcomes] == [2, 2, 2, 2]
    assert selectors.signature_count(one) == selectors.signature_count(other) == 2


def test_a_race_lost_to_another_process_refuses_only_the_duplicate(community, resident, moderator):
    """What PostgreSQL sees when another process's batch committed the same person after this batch's check:
    the whole INSERT fails on the unique index, and the batch is retried one signature at a time."""
    from hromada.petitions.signing import _insert

    petition = f.collecting(community, resident, moderator)
    raced, fresh = f.strong_resident(community), f.strong_resident(community)
    services.petition_sign(actor=raced, community=community, petition=petition)
    outcomes = _insert([Signature(community=community, petition=petition, user=raced, public_name="x"),
                        Signature(community=community, petition=petition, user=fresh, public_name="y")])
    assert isinstance(outcomes[0], Conflict) and isinstance(outcomes[1], Signature)
    assert set(Signature.objects.filter(petition=petition).values_list("user_id", flat=True)) == {raced.pk, fresh.pk}
