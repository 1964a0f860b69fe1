"""Cross-cutting: the community home page with the live block of every capability that offers one — each block's
data, the query budget of the whole page, blocks gone with their capability, no other community's data, the quick
poll answered from the page (and refused with nothing stored), and the anonymous cache's staleness bound (ADR 0033)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import make_member
from django.test import Client

from hromada.core.capabilities import CapabilityManifest
from hromada.core.capability_checks import check_manifest
from hromada.core.identity.models import Role
from hromada.core.tenancy.selectors import invalidate_community_cache
from hromada.core.web.views import HOME_CACHE_SECONDS
from hromada.petitions import services as petitions
from hromada.petitions.tests.factories import collecting, strong_resident
from hromada.surveys.models import Response
from tests.home_data import populate

pytestmark = pytest.mark.django_db

# Every block of a fully populated community, signed in (anonymous visitors are served the cached page): session,
# user, roles and unread notifications as before (4); news 1, petitions 1, appeals 1, budgets 1, consultations 1, council 2
# (next session, latest vote), the quick poll 3 (poll, question, choices) + 3 for this person (identity, verified
# e-mail, answered already?), housing 1 (are there buildings? none here, so the block is hidden), the transparency
# self-check 1 (its latest scores); procurement 0 (its figures cached per community, 2 after an ingest). None of
# them grows with the data (checked below with twice the data).
HOME_QUERIES = 19
BLOCKS = ("site", "petitions", "appeals", "budgets", "consultations", "council", "surveys")


@pytest.fixture
def data(community):
    return populate(community)


def home(client: Client, community) -> str:
    response = client.get(f"/c/{community.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_every_block_shows_its_live_data_in_a_landmark_section(community, data):
    page = home(Client(), community)
    for slug in ("site", "petitions", "appeals", "budgets", "consultations", "council"):
        assert f'aria-labelledby="home-{slug}"' in page and f'<h2 id="home-{slug}">' in page
    assert 'aria-labelledby="quick-poll-' in page
    assert data["petition"].title in page and "вул. Садова, 5" in page and data["cycle"].title in page
    assert data["consultation"].title in page and "Про ремонт мосту" in page and "Друга сесія" in page
    # One response per person needs a person: an anonymous visitor is shown the question as a link to sign in by.
    assert f'href="/c/{community.slug}/surveys/{data["poll"].pk}/"' in page and data["question"].text in page
    client = Client()
    client.force_login(data["resident"])
    signed_in = home(client, community)
    assert f'action="/c/{community.slug}/surveys/{data["poll"].pk}/"' in signed_in
    assert f'name="q{data["question"].pk}"' in signed_in
    # The news lead, the blocks come before the services' tiles; the budget's block offers the vote open now.
    assert data["news"].title in page and "Приходьте на відкриття." in page
    assert page.index('id="home-site"') < page.index('id="home-petitions"') < page.index('id="services-title"')
    assert f"/c/{community.slug}/budgets/cycles/{data['cycle'].pk}/vote/" in page


def test_the_petitions_block_shows_the_petitions_nearest_their_threshold_first(community, data):
    closer = collecting(community, data["resident"], title="Зупинка на Лісовій")
    for _ in range(2):
        petitions.petition_sign(actor=strong_resident(community), community=community, petition=closer)
    page = home(Client(), community)
    assert page.index("Зупинка на Лісовій") < page.index(data["petition"].title)


def test_the_whole_page_keeps_its_query_budget_however_much_data_there_is(community, data,
                                                                          django_assert_max_num_queries):
    client = Client()
    client.force_login(data["resident"])
    home(client, community)  # warm the community cache
    with django_assert_max_num_queries(HOME_QUERIES):
        home(client, community)
    populate(community, tag="ще")  # twice the data in every block: the count must not follow it
    with django_assert_max_num_queries(HOME_QUERIES):
        page = home(client, community)
    assert "Сквер біля школи ще" in page
    anonymous = Client()
    home(anonymous, community)
    with django_assert_max_num_queries(0):  # a cache hit costs no query at all
        home(anonymous, community)


@pytest.mark.parametrize("slug", BLOCKS)
def test_a_block_is_gone_with_its_capability(community, data, slug):
    community.enabled_capabilities = [s for s in community.enabled_capabilities if s != slug]
    community.save(update_fields=["enabled_capabilities"])
    invalidate_community_cache()
    page = home(Client(), community)
    marker = 'aria-labelledby="quick-poll-' if slug == "surveys" else f'id="home-{slug}"'
    assert marker not in page
    others = [s for s in BLOCKS if s not in (slug, "surveys")]
    assert all(f'id="home-{other}"' in page for other in others)


def test_the_city_map_is_linked_only_when_maps_is_on(community, data):
    assert f'href="/c/{community.slug}/map/' in home(Client(), community)
    community.enabled_capabilities = [s for s in community.enabled_capabilities if s != "maps"]
    community.save(update_fields=["enabled_capabilities"])
    invalidate_community_cache()
    assert f'href="/c/{community.slug}/map/' not in home(Client(), community)


def test_no_block_shows_another_communitys_data(community, other_community):
    populate(community, tag="альфа")
    populate(other_community, tag="бета")
    page = home(Client(), community)
    assert "Сквер біля школи альфа" in page and "бета" not in page
    other = home(Client(), other_community)
    assert "Сквер біля школи бета" in other and "альфа" not in other


def test_empty_blocks_say_so_and_blocks_with_nothing_running_hide(community):
    page = home(Client(), community)
    assert "Зараз жодна петиція не збирає підписів" in page
    assert 'id="home-appeals"' in page and 'id="home-consultations"' in page
    assert "Новин ще немає." in page
    assert 'id="home-budgets"' not in page and 'id="home-council"' not in page and "quick-poll-" not in page


def test_the_quick_poll_is_answered_from_the_home_page_and_refused_with_nothing_stored(community, data):
    poll, question = data["poll"], data["question"]
    person = make_member(community, Role.RESIDENT)
    client = Client()
    client.force_login(person)
    url = f"/c/{community.slug}/surveys/{poll.pk}/"
    option = question.choices.order_by("order").first()
    for bad in ({}, {f"q{question.pk}": "999999999"}, {f"q{question.pk}": "не число"}):
        refused = client.post(url, bad)
        assert refused.status_code == 400, bad
    assert not Response.objects.filter(survey=poll).exists()
    assert client.post(url, {f"q{question.pk}": str(option.pk)}).status_code == 302
    assert Response.objects.filter(survey=poll).count() == 1
    page = home(client, community)
    assert f'name="q{question.pk}"' not in page  # answered: the form gives way to the thanks and the results


def test_the_anonymous_page_is_stale_for_at_most_the_documented_bound(community, data, time_machine):
    time_machine.move_to(data["petition"].published_at + timedelta(minutes=1), tick=False)
    anonymous = Client()
    assert "0 підписів із" in home(anonymous, community)
    petitions.petition_sign(actor=strong_resident(community), community=community, petition=data["petition"])
    signed_in = Client()
    signed_in.force_login(data["resident"])
    assert "1 підпис із" in home(signed_in, community)  # signed-in visitors always see it at once
    assert "0 підписів із" in home(anonymous, community)  # the cached page, within its bound
    time_machine.shift(HOME_CACHE_SECONDS + 1)
    assert "1 підпис із" in home(anonymous, community)


def test_a_home_block_that_does_not_import_or_has_no_template_fails_the_start_up_checks():
    def errors(path: str) -> list[tuple[str | None, bool]]:
        manifest = CapabilityManifest(slug="nohome", name="No home", description="", home_block=path)
        return [(e.id, "home_block" in e.msg) for e in check_manifest(manifest, urls=False)]

    # "nohome/home_block.html" does not exist: every case names it, after what is wrong with the path itself.
    assert errors("hromada.petitions.home:no_such_block") == [("hromada.E001", True), ("hromada.E002", True)]
    assert errors("hromada.petitions.home:SHOWN") == [("hromada.E002", True), ("hromada.E002", True)]
    assert errors("hromada.petitions.home:petitions_block") == [("hromada.E002", True)]
