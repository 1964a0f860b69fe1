"""Query counts of every list of appeals stay flat as rows grow: the public list, the staff queue, "mine", the
JSON API lists and Open311 requests are each measured with 2 appeals and again with 32, and must not differ.

The rows carry everything a page may show: photos, owners, followers, history, confidential ones."""

import pytest
from conftest import make_member
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from hromada.appeals import services
from hromada.appeals.tests.factories import jpeg_bytes, make_appeal, upload
from hromada.core.api.tokens import api_token_create
from hromada.core.identity.models import Role

pytestmark = pytest.mark.django_db

FEW, MANY = 2, 32
# Far above what any of these lists needs today; the equality below is the real pin.
CEILING = 20


@pytest.fixture
def grow(community, resident, category, official):
    neighbour = make_member(community, Role.RESIDENT)
    made = []

    def add(total: int) -> None:
        while len(made) < total:
            n = len(made)
            author = resident if n % 2 == 0 else neighbour
            photos = [upload(jpeg_bytes())] if n % 3 == 0 else []
            appeal = make_appeal(community, author, category, public=n % 5 != 4, photos=photos,
                                 lat=49.591 + n * 0.0002, lon=34.551)
            if n % 2 == 1:
                services.appeal_assign(actor=official, community=community, appeal_id=appeal.pk,
                                       owner_id=official.pk)
            if n % 4 == 1 and appeal.is_public:
                services.appeal_follow(actor=resident, community=community, appeal_id=appeal.pk)
            made.append(appeal)

    return add


def _count(call) -> int:
    call()  # warm: sessions, the community and settings caches
    with CaptureQueriesContext(connection) as queries:
        response = call()
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return len(queries)


def _flat(grow, calls: dict) -> None:
    grow(FEW)
    few = {name: _count(call) for name, call in calls.items()}
    grow(MANY)
    many = {name: _count(call) for name, call in calls.items()}
    assert many == few
    assert max(many.values()) <= CEILING, many


def _browser(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_pages_list_in_constant_queries(community, resident, official, moderator, grow):
    base = f"/c/{community.slug}/appeals/"
    anonymous, author, clerk, manager = _browser(), _browser(resident), _browser(official), _browser(moderator)
    _flat(grow, {
        "list, anonymous": lambda: anonymous.get(base),
        "list, official": lambda: clerk.get(base),
        "queue, official": lambda: clerk.get(base + "office/"),
        "queue, moderator, every status": lambda: manager.get(base + "office/", {"status": "all"}),
        "mine": lambda: author.get(base + "mine/"),
    })


def test_api_lists_in_constant_queries(community, resident, official, api_client_for, grow):
    anonymous, author, clerk = api_client_for(community), api_client_for(community, resident), api_client_for(
        community, official)
    _flat(grow, {
        "list, anonymous": lambda: anonymous.get("appeals/", page_size=100),
        "list, author": lambda: author.get("appeals/", page_size=100),
        "queue": lambda: clerk.get("appeals/queue", page_size=100),
        "mine": lambda: author.get("appeals/mine", page_size=100),
        "geojson": lambda: anonymous.get("appeals/geojson"),
    })


def test_open311_requests_in_constant_queries(community, resident, grow):
    key = api_token_create(actor=resident, community=community, name="app")[1]
    base = f"/c/{community.slug}/open311/v2/"
    client = Client()
    _flat(grow, {
        "requests.json": lambda: client.get(base + "requests.json"),
        "requests.xml": lambda: client.get(base + "requests.xml"),
        "requests with extensions": lambda: client.get(base + "requests.json", {"extensions": "true"}),
        "requests with api_key": lambda: client.get(base + "requests.json", {"api_key": key, "extensions": "true"}),
        "services": lambda: client.get(base + "services.json"),
    })
