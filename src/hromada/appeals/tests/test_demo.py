"""The demo loader works for any demo community and puts appeals in every state."""

import pytest

from hromada.appeals.demo import load
from hromada.appeals.models import Appeal, Area, Status
from hromada.demo.people import create_demo_community


@pytest.mark.django_db
def test_small_demo_has_every_state():
    community, _people = create_demo_community(slug="demo-appeals", residents=12)
    load(community, size="small")
    assert Area.objects.filter(community=community).count() == 6
    states = set(Appeal.objects.filter(community=community).values_list("status", flat=True))
    assert states == set(Status.values)
    assert not Appeal.objects.filter(community=community, department__isnull=True).exists()
    # Every appeal came through a channel the dashboard counts; staff-written ones carry the consent.
    assert not Appeal.objects.filter(community=community, registered_by__isnull=False, consent_noted=False).exists()
    assert set(Appeal.objects.filter(community=community).values_list("channel", flat=True)) <= {
        "web", "phone", "in_person", "email", "letter"}
