"""Unlinking a verified identity (core.identity) keeps the signatures already given valid, and the same person
verified again on another account still signs a petition once."""

from __future__ import annotations

import pytest
from conftest import make_member, make_user

from hromada.core.errors import Conflict, PermissionDenied
from hromada.core.identity.models import Role, VerifiedIdentity
from hromada.core.identity.services import identity_unlink
from hromada.petitions.models import Signature
from hromada.petitions.services import petition_sign
from hromada.petitions.tests import factories as f

pytestmark = pytest.mark.django_db


def test_unlinking_keeps_a_signature_valid_and_the_person_still_signs_once(community):
    user = make_member(community, Role.RESIDENT, strong=True)
    petition = f.collecting(community, make_member(community, Role.RESIDENT, strong=True),
                            make_member(community, Role.MODERATOR))
    petition_sign(actor=user, community=community, petition=petition)
    snapshot = VerifiedIdentity.objects.get(user=user).subject_hash
    identity_unlink(actor=user, user=user)
    signature = Signature.objects.get(petition=petition, user=user)  # still there, with its own snapshot
    assert signature.identity_hash == snapshot and not VerifiedIdentity.objects.filter(user=user).exists()
    # The same person verified again on a second account cannot sign the same petition twice.
    second = make_member(community, Role.RESIDENT)
    VerifiedIdentity.objects.create(user=second, provider="test", subject_hash=snapshot, verified_name="Та сама")
    with pytest.raises(Conflict):
        petition_sign(actor=second, community=community, petition=petition)
    with pytest.raises(PermissionDenied):
        identity_unlink(actor=make_user(), user=user)
