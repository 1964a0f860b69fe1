"""Transparency self-check pages: the public overview (score, fix first, areas, trend chart and table, indicators
with evidence), one snapshot, the empty state, the staff page (compute, hand assessments) and who may see it; another
community's snapshot is 404; the pages' queries do not grow with the snapshots."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from hromada.core.identity.actors import SYSTEM
from hromada.transparency_index import services
from hromada.transparency_index.models import ManualAssessment, SelfCheck
from hromada.transparency_index.periods import last_full_quarter, previous_quarter

START, END = last_full_quarter()


def _two_quarters(community):
    services.manual_assessment_set(actor=SYSTEM, community=community, code="manual.vacancies", period_start=START,
                                   period_end=END, score_percent=0)
    earlier = services.selfcheck_compute(actor=SYSTEM, community=community, start=previous_quarter(START)[0],
                                         end=previous_quarter(START)[1])
    return earlier, services.selfcheck_compute(actor=SYSTEM, community=community, start=START, end=END)


def test_overview_shows_the_latest_with_trend_and_fix_first(community):
    client = Client()
    empty = client.get(f"/c/{community.slug}/transparency-index/")
    assert empty.status_code == 200 and "empty" in empty.content.decode()
    earlier, latest = _two_quarters(community)
    page = client.get(f"/c/{community.slug}/transparency-index/").content.decode()
    assert '<html lang="uk"' in page and "<svg" in page and 'role="img"' in page
    assert 'id="fix-first-h"' in page and 'id="trend-h"' in page and 'id="area-personnel"' in page
    assert f"/transparency-index/{earlier.pk}/" in page and 'aria-current="page"' in page
    assert "Що виправити насамперед" in page
    english = Client()
    english.cookies["django_language"] = "en"
    page = english.get(f"/c/{community.slug}/transparency-index/{earlier.pk}/").content.decode()
    assert '<html lang="en">' in page and "What to fix first" in page


def test_another_communitys_snapshot_is_not_found(community, other_community):
    theirs = services.selfcheck_compute(actor=SYSTEM, community=other_community, start=START, end=END)
    assert Client().get(f"/c/{community.slug}/transparency-index/{theirs.pk}/").status_code == 404


def test_staff_page_is_for_staff_only(community, resident, community_admin):
    client = Client()
    assert client.get(f"/c/{community.slug}/transparency-index/staff/").status_code == 302  # sign in first
    client.force_login(resident)
    assert client.get(f"/c/{community.slug}/transparency-index/staff/").status_code == 404
    assert client.post(f"/c/{community.slug}/transparency-index/staff/compute/",
                       {"start": START.isoformat(), "end": END.isoformat()}).status_code == 404
    assert not SelfCheck.objects.exists()
    client.force_login(community_admin)
    page = client.get(f"/c/{community.slug}/transparency-index/staff/")
    assert page.status_code == 200 and START.isoformat() in page.content.decode()


def test_staff_compute_and_assess_through_the_forms(community, community_admin):
    client = Client()
    client.force_login(community_admin)
    base = f"/c/{community.slug}/transparency-index/staff/"
    bad = client.post(f"{base}compute/", {"start": END.isoformat(), "end": START.isoformat()})
    assert bad.status_code == 400 and "form-errors" in bad.content.decode()
    assert client.post(f"{base}compute/", {"start": START.isoformat(), "end": END.isoformat()}).status_code == 302
    snapshot = SelfCheck.objects.get()
    refused = client.post(f"{base}assessments/", {"code": "manual.declarations", "period_start": START.isoformat(),
                                                  "period_end": END.isoformat(), "score_percent": "100"})
    assert refused.status_code == 400 and not ManualAssessment.objects.exists()
    saved = client.post(f"{base}assessments/", {"code": "manual.declarations", "period_start": START.isoformat(),
                                                "period_end": END.isoformat(), "score_percent": "100",
                                                "evidence_url": "https://example.org/declarations"})
    assert saved.status_code == 302
    assessment = ManualAssessment.objects.get()
    page = client.get(base).content.decode()
    assert "https://example.org/declarations" in page
    assert client.post(f"{base}assessments/{assessment.pk}/delete/").status_code == 302
    assert client.post(f"{base}{snapshot.pk}/delete/").status_code == 302
    assert not SelfCheck.objects.exists() and not ManualAssessment.objects.exists()


def test_pages_queries_do_not_grow_with_snapshots(community, community_admin, django_assert_max_num_queries):
    client = Client()
    client.force_login(community_admin)
    day = START
    for _number in range(6):
        day = previous_quarter(day)[0]
        services.selfcheck_compute(actor=SYSTEM, community=community, start=day, end=day + timedelta(days=30))
    for quarter in range(4):
        services.manual_assessment_set(actor=SYSTEM, community=community, code="manual.vacancies",
                                       period_start=START - timedelta(days=quarter), period_end=END,
                                       score_percent=0)
    with django_assert_max_num_queries(14):
        assert client.get(f"/c/{community.slug}/transparency-index/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"/c/{community.slug}/transparency-index/staff/").status_code == 200
