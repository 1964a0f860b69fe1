"""Telling signers is safe to run again (a worker killed mid fan-out): nobody is told twice."""

from __future__ import annotations

import pytest
from conftest import make_member

from hromada.core.identity.models import Role
from hromada.core.notifications.models import Notification
from hromada.petitions.tasks import notify_signers

from .factories import collecting, reach_threshold, set_settings

pytestmark = pytest.mark.django_db


def test_notifying_signers_again_tells_nobody_twice(community, django_capture_on_commit_callbacks):
    set_settings(community, threshold=3)
    petition = collecting(community, make_member(community, Role.RESIDENT, strong=True))
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend runs notify_signers
        reach_threshold(community, petition)
    event = "petitions.petition.threshold_reached"
    told = Notification.objects.filter(event=event).count()
    assert told >= 4  # the three signers, and the author and staff, were told when the threshold was reached
    assert notify_signers.call(petition.pk, "threshold_reached") == 0
    assert Notification.objects.filter(event=event).count() == told
