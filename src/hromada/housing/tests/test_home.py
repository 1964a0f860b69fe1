"""The housing block of the community home page: the number of buildings and the latest finished works with their
cost (public ones for the public), two queries however many there are, and no block while no building exists."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone

from hromada.housing.home import housing_block

from .factories import make_building, make_work


def _home(community) -> str:
    response = Client().get(f"/c/{community.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def _done(community, building, *, title: str, days_ago: int, cost: str, **values):
    today = timezone.localdate()
    return make_work(community, building, title=title, status="done", cost_actual=cost,
                     actual_start=today - dt.timedelta(days=days_ago + 5), actual_end=today - dt.timedelta(days=days_ago),
                     **values)


def test_no_block_before_the_first_building(community, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert housing_block(community, user=AnonymousUser()) is None
    assert 'id="home-housing"' not in _home(community)


def test_the_block_counts_buildings_and_shows_the_latest_finished_works(community, other_community):
    school = make_building(community, street="вул. Шкільна", number="4")
    make_building(community, street="вул. Прихована", number="1", is_public=False)
    _done(community, school, title="Ремонт даху", days_ago=30, cost="120000.50")
    _done(community, school, title="Заміна ліфта", days_ago=2, cost="950000")
    _done(community, school, title="Таємна робота", days_ago=1, cost="1", is_public=False)
    make_work(community, school, title="Запланована робота")
    theirs = make_building(other_community, street="вул. Чужа", number="9")
    _done(other_community, theirs, title="Чужий ремонт", days_ago=1, cost="5")
    page = _home(community)
    assert 'aria-labelledby="home-housing"' in page and '<h2 id="home-housing">' in page
    block = page[page.index('id="home-housing"'):]
    block = block[:block.index("</section>")]
    assert "Тут паспорт 1 багатоквартирного будинку" in block and "Заміна ліфта" in block and "Ремонт даху" in block
    assert block.index("Заміна ліфта") < block.index("Ремонт даху")  # the latest first
    assert "950" in block and f'href="/c/{community.slug}/housing/{school.pk}/"' in block
    for hidden in ("Таємна робота", "Запланована робота", "Чужий ремонт", "вул. Прихована"):
        assert hidden not in block, hidden


def test_the_block_costs_two_queries_with_one_work_or_twenty(community, community_admin,
                                                             django_assert_num_queries):
    housing_block(community, user=community_admin)  # the person's roles are read once per request, by the frame too
    total = 0
    for works in (1, 20):
        building = make_building(community)
        for n in range(works):
            _done(community, building, title=f"Робота {n}", days_ago=n + 1, cost="10")
        total += works
        for user in (AnonymousUser(), community_admin):
            with django_assert_num_queries(2):
                block = housing_block(community, user=user)
                addresses = [work.building.address for work in block["works"]]
            assert len(addresses) == min(3, total) and block["buildings"] == (1 if works == 1 else 2)
