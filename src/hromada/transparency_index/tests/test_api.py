"""Transparency self-check API: the list and the latest are public, one snapshot by id (another community's is 404
in the envelope), computing is for staff (403 for residents, 400 for a bad period); list queries pinned."""

from __future__ import annotations

from hromada.core.identity.actors import SYSTEM
from hromada.transparency_index import services
from hromada.transparency_index.models import SelfCheck
from hromada.transparency_index.periods import last_full_quarter, previous_quarter

START, END = last_full_quarter()


def test_public_reads(community, other_community, api_client_for, django_assert_max_num_queries):
    api = api_client_for(community)
    assert api.get("transparency_index/latest").status_code == 404
    earlier = services.selfcheck_compute(actor=SYSTEM, community=community, start=previous_quarter(START)[0],
                                         end=previous_quarter(START)[1])
    latest = services.selfcheck_compute(actor=SYSTEM, community=community, start=START, end=END)
    theirs = services.selfcheck_compute(actor=SYSTEM, community=other_community, start=START, end=END)
    with django_assert_max_num_queries(8):
        listing = api.get("transparency_index/")
    assert listing.status_code == 200
    assert [item["id"] for item in listing.json()["items"]] == [latest.pk, earlier.pk]
    body = api.get("transparency_index/latest").json()
    assert body["id"] == latest.pk and body["areas"] and body["areas"][0]["indicators"]
    assert {"code", "kind", "score", "evidence", "advice"} <= set(body["areas"][0]["indicators"][0])
    assert api.get(f"transparency_index/{earlier.pk}").json()["id"] == earlier.pk
    missing = api.get(f"transparency_index/{theirs.pk}")
    assert missing.status_code == 404 and missing.json()["error"]["code"]


def test_compute_is_for_staff(community, resident, community_admin, api_client_for):
    period = {"start": START.isoformat(), "end": END.isoformat()}
    assert api_client_for(community, resident).post("transparency_index/", period).status_code == 403
    staff = api_client_for(community, community_admin)
    bad = staff.post("transparency_index/", {"start": END.isoformat(), "end": START.isoformat()})
    assert bad.status_code == 400 and "end" in bad.json()["error"]["fields"]
    assert staff.post("transparency_index/", period | {"extra": 1}).status_code in (400, 422)
    assert not SelfCheck.objects.exists()
    created = staff.post("transparency_index/", period)
    assert created.status_code == 201 and created.json()["period_start"] == START.isoformat()
