"""The demo: institutions from the demo map's kindergartens and schools with groups, applications in every state
after a round, written through the services; every event is in the community's transparency log, and the log
that the append job builds verifies with the standalone verifier's own checks."""

from __future__ import annotations

from django.test import Client

from hromada.core.transparency.models import PendingEntry
from hromada.core.transparency.selectors import log_size
from hromada.demo.people import create_demo_community
from hromada.enrollment import demo
from hromada.enrollment.models import (
    Application,
    Claim,
    ClaimState,
    Event,
    Group,
    Institution,
    Offer,
    OfferState,
    Status,
)
from hromada.maps import demo as map_demo


def test_the_demo_has_queues_in_every_state(db):
    community, _people = create_demo_community(slug="demo-enrol", residents=12)
    map_demo.load(community, size="small")
    demo.load(community, size="small")

    institutions = Institution.objects.filter(community=community)
    assert {i.kind for i in institutions} == {"kindergarten", "school"}
    assert all(i.map_feature_id for i in institutions), "institutions come from the demo map's features"
    assert Group.objects.filter(community=community).count() >= 5
    statuses = set(Application.objects.filter(community=community).values_list("status", flat=True))
    assert {Status.WAITING, Status.OFFERED, Status.ACCEPTED, Status.ENROLLED, Status.WITHDRAWN} <= statuses
    claims = set(Claim.objects.filter(community=community).values_list("state", flat=True))
    assert claims == {ClaimState.CLAIMED, ClaimState.VERIFIED, ClaimState.REFUSED}
    offers = set(Offer.objects.filter(community=community).values_list("state", flat=True))
    assert {OfferState.PENDING, OfferState.ACCEPTED, OfferState.DECLINED, OfferState.ENROLLED} <= offers
    kinds = set(Event.objects.filter(community=community).values_list("kind", flat=True))
    assert {"filed", "claimed", "verified", "refused", "offered", "accepted", "declined", "withdrawn",
            "enrolled"} <= kinds
    # Every event went to the log's outbox in its service's transaction (appended by the periodic job).
    events = Event.objects.filter(community=community).count()
    assert PendingEntry.objects.filter(community=community, leaf__contains='"enrollment.application.').count() \
        + log_size(community) >= events

    client = Client()
    group = Group.objects.filter(community=community).order_by("pk").first()
    assert client.get(f"/c/{community.slug}/enrollment/").status_code == 200
    queue = client.get(f"/c/{community.slug}/enrollment/groups/{group.pk}/")
    assert queue.status_code == 200
    codes = Application.objects.filter(community=community, choices__group=group, choices__state="queued",
                                       status__in=[Status.WAITING, Status.OFFERED]).values_list("code", flat=True)
    assert codes and all(code in queue.content.decode() for code in codes)


def test_the_demo_loads_without_the_map(db):
    community, _people = create_demo_community(slug="demo-nomap", residents=6)
    demo.load(community, size="small")
    assert Institution.objects.filter(community=community, map_feature_id__isnull=True).count() == 3
    assert Application.objects.filter(community=community).exists()
