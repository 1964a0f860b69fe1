"""The Atom feeds under concurrent requests for two communities: one feed instance serves every thread of
a process, so each response must carry only its own community's (and publisher's) datasets."""

from __future__ import annotations

import threading
from xml.etree import ElementTree

import pytest
from conftest import make_member
from django.db import connections
from django.test import Client

from hromada.core.identity.models import Role

from .factories import make_dataset, make_publisher

pytestmark = pytest.mark.django_db(transaction=True)
ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(body: bytes) -> tuple[str, set[str]]:
    feed = ElementTree.fromstring(body)  # noqa: S314 (our own feed)
    return feed.findtext(f"{ATOM}title"), {e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")}


def test_concurrent_feed_requests_never_mix_communities(community, other_community):
    titles = {}
    for place in (community, other_community):
        admin = make_member(place, Role.ADMIN)
        publisher = make_publisher(place, admin, name="finance", title=f"Фінанси {place.slug}")
        titles[place.slug] = {make_dataset(place, admin, publisher, title=f"{place.slug} набір {n}").title
                              for n in range(3)}
    rounds, per_community = 15, 3
    barrier = threading.Barrier(2 * per_community)
    outcomes, problems, lock = [], [], threading.Lock()

    def work(slug: str, path: str) -> None:
        client = Client()
        try:
            barrier.wait(30)
            for _ in range(rounds):
                response = client.get(f"/c/{slug}/{path}")
                with lock:
                    outcomes.append((slug, path, response.status_code, response.content))
        except Exception as exc:  # noqa: BLE001 — asserted on below
            with lock:
                problems.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(slug, path))
               for slug in titles for path in ("feeds/dataset.atom", "feeds/organization/finance.atom",
                                               "feeds/dataset.atom")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not problems
    assert len(outcomes) == 2 * per_community * rounds
    for slug, path, status, body in outcomes:
        assert status == 200
        feed_title, entries = _entries(body)
        assert entries == titles[slug], (slug, path, entries)
        assert slug in feed_title.lower(), (slug, path, feed_title)
