"""The self-check block of the community home page: the latest score with its period, the change on the previous
period and the last few scores, in one query however many snapshots; hidden before the first snapshot; one
community's snapshots only."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from hromada.core.identity.actors import SYSTEM
from hromada.transparency_index import services
from hromada.transparency_index.home import selfcheck_block
from hromada.transparency_index.models import SelfCheck
from hromada.transparency_index.periods import last_full_quarter, quarter_of

pytestmark = pytest.mark.django_db


def snapshot(community, year: int, quarter: int, points: float, max_points: float = 100) -> SelfCheck:
    """A stored snapshot's totals alone (the block never reads the indicators' results)."""
    start, end = quarter_of(date(year, 3 * quarter, 1))
    return SelfCheck.objects.create(community=community, period_start=start, period_end=end,
                                    computed_at=timezone.now(), methodology="test", points=points,
                                    max_points=max_points)


def signed_in_home(community, user) -> str:
    client = Client()
    client.force_login(user)  # the anonymous page is cached; a signed-in visitor sees the block at once
    response = client.get(f"/c/{community.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_no_snapshot_no_block(community, resident):
    assert selfcheck_block(community, user=resident) is None
    assert 'id="home-transparency_index"' not in signed_in_home(community, resident)


def test_the_block_shows_the_latest_score_its_change_and_the_last_scores(community, resident):
    for quarter, points in ((1, 40), (2, 50), (3, 62.5), (4, 57.5)):
        latest = snapshot(community, 2025, quarter, points)
    block = selfcheck_block(community, user=resident)
    assert block["latest"] == latest and block["change"] == -5.0
    assert [s.percent for s in block["trend"]] == [40, 50, 62.5, 57.5]
    page = signed_in_home(community, resident)
    assert 'aria-labelledby="home-transparency_index"' in page
    assert "<strong>57,5%</strong>: 57,5 з 100" in page
    assert f'href="/c/{community.slug}/transparency-index/{latest.pk}/"' in page
    assert "На 5 в. п. менше, ніж у попередньому періоді." in page
    assert "Оцінка за періодами, від найдавнішого: 40%, 50%, 62,5%, 57,5%" in page
    assert f'href="/c/{community.slug}/transparency-index/"' in page  # the frame's link to the overview
    snapshot(community, 2026, 1, 70)
    assert "На 12,5 в. п. більше" in signed_in_home(community, resident)


def test_a_period_without_a_score_says_so_and_gives_no_change(community, resident):
    snapshot(community, 2025, 1, 40)
    snapshot(community, 2025, 2, 0, max_points=0)
    block = selfcheck_block(community, user=resident)
    assert block["change"] is None and [s.percent for s in block["trend"]] == [40]
    page = signed_in_home(community, resident)
    assert "У цьому періоді замало даних для оцінки." in page and "попередньому періоді" not in page


def test_one_query_however_many_snapshots_and_one_communitys_only(community, other_community, resident,
                                                                  django_assert_num_queries):
    for year in (2023, 2024, 2025):
        for quarter in (1, 2, 3, 4):
            snapshot(community, year, quarter, 10 * quarter)
    theirs = snapshot(other_community, 2026, 1, 99)
    with django_assert_num_queries(1):
        block = selfcheck_block(community, user=resident)
    assert block["latest"].period_start == date(2025, 10, 1) and len(block["trend"]) == 4
    assert f"/transparency-index/{theirs.pk}/" not in signed_in_home(community, resident)


def test_a_computed_snapshot_reaches_the_home_page(community, resident):
    start, end = last_full_quarter()
    computed = services.selfcheck_compute(actor=SYSTEM, community=community, start=start, end=end)
    page = signed_in_home(community, resident)
    assert f'href="/c/{community.slug}/transparency-index/{computed.pk}/"' in page
    assert f'datetime="{start:%Y-%m-%d}"' in page and f'datetime="{end:%Y-%m-%d}"' in page
