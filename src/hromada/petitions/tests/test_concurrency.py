"""The double-signing race and the sharded counter under real concurrency (threads, separate connections),
on the SQLite file the test settings use (writers queue at core.counters.write_gate) and on PostgreSQL."""

from __future__ import annotations

import pytest
from tests.concurrency import at_once

from hromada.core.errors import Conflict
from hromada.core.identity.actors import SYSTEM
from hromada.petitions import selectors, services
from hromada.petitions.models import Signature

from . import factories as f

pytestmark = pytest.mark.django_db(transaction=True)


def test_many_concurrent_attempts_by_one_person_give_exactly_one_signature(community, resident, moderator):
    petition = f.collecting(community, resident, moderator)
    signer = f.strong_resident(community)

    def attempt(_n):
        return services.petition_sign(actor=signer, community=community, petition=petition)

    results = at_once(16, attempt)
    signed = [r for r in results if isinstance(r, Signature)]
    refused = [r for r in results if isinstance(r, Conflict)]
    assert len(signed) == 1 and len(refused) == 15, results
    assert Signature.objects.filter(petition=petition).count() == 1
    assert selectors.signature_count(petition) == 1


def test_concurrent_distinct_signers_are_all_counted_and_threshold_fires_once(community, resident, moderator):
    f.set_settings(community, threshold=12)
    petition = f.collecting(community, resident, moderator)
    signers = [f.strong_resident(community) for _ in range(12)]

    results = at_once(12, lambda n: services.petition_sign(actor=signers[n], community=community, petition=petition))
    assert all(isinstance(r, Signature) for r in results), results
    assert Signature.objects.filter(petition=petition).count() == 12 == selectors.signature_count(petition)
    petition.refresh_from_db()
    # The last signers may each have missed the others' uncommitted increments; housekeeping is the safety
    # net. Either way the transition happens at most once.
    services.petition_close_if_expired(actor=SYSTEM, community=community, petition=petition)
    petition.refresh_from_db()
    assert petition.status == "threshold_reached"
    from hromada.core.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="petitions.petition.threshold_reached",
                                     target_id=str(petition.pk)).count() == 1


def test_fifty_residents_signing_at_once_are_each_counted_once(community, resident, moderator):
    f.set_settings(community, threshold=10_000)
    petition = f.collecting(community, resident, moderator)
    signers = [f.strong_resident(community) for _ in range(50)]

    results = at_once(50, lambda n: services.petition_sign(actor=signers[n], community=community, petition=petition))
    assert all(isinstance(r, Signature) for r in results), [r for r in results if not isinstance(r, Signature)]
    rows = Signature.objects.filter(petition=petition)
    assert rows.count() == 50 == selectors.signature_count(petition)
    assert rows.values("user_id").distinct().count() == 50 == rows.values("identity_hash").distinct().count()
    # Each signer was told a count that includes their own signature, and someone saw all fifty.
    assert all(1 <= r.count_after <= 50 for r in results) and max(r.count_after for r in results) == 50
