"""Kernel contracts held by petitions (the @service walk is tests/test_service_contracts.py): signing asks `can_sign` (the demo
identity rule included), list pages and endpoints cost the same queries for 3 rows and 33, the feed is thread-safe."""

from __future__ import annotations

import threading
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from conftest import make_community, make_member
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hromada.core.errors import PermissionDenied
from hromada.core.identity.models import IdentityLevel, Role, VerifiedIdentity
from hromada.core.identity.policies import DEMO_PROVIDER
from hromada.core.identity.services import subject_hash
from hromada.petitions import services
from hromada.petitions.models import Petition, Signature, Status

from . import factories as f

ATOM = "{http://www.w3.org/2005/Atom}"


# --- signing asks can_sign: a demo identity is strong only on a demo-only install ------------------------------

def _demo_identified(community):
    """A resident whose only strong identity comes from the demo provider (verified when the install was
    demo-only: identity_verify refuses the demo provider once a real community exists)."""
    user = make_member(community, Role.RESIDENT)
    VerifiedIdentity.objects.create(user=user, provider=DEMO_PROVIDER, subject_hash=subject_hash(f"DEMO{user.pk}"),
                                    verified_name="Демо Особа", level=IdentityLevel.STRONG)
    return user


@pytest.mark.django_db
def test_a_demo_identity_is_not_strong_on_an_install_with_a_real_community(community, resident, moderator):
    demo = make_community("demo", is_demo=True)
    f.set_settings(community, identity_level="strong")
    petition = f.collecting(community, resident, moderator)
    signer = _demo_identified(community)
    with pytest.raises(PermissionDenied) as refused:
        services.petition_sign(actor=signer, community=community, petition=petition)
    assert refused.value.code == "identity_required"
    assert not Signature.objects.filter(petition=petition).exists()
    # The demo community of the same install follows the same rule: identity_level is per install.
    f.set_settings(demo, identity_level="strong")
    demo_petition = f.collecting(demo, make_member(demo, Role.RESIDENT, strong=True))
    with pytest.raises(PermissionDenied):
        services.petition_sign(actor=_demo_identified(demo), community=demo, petition=demo_petition)


@pytest.mark.django_db
def test_a_demo_identity_signs_on_a_demo_only_install():
    demo = make_community("demo", is_demo=True)
    f.set_settings(demo, identity_level="strong")
    petition = f.collecting(demo, make_member(demo, Role.RESIDENT, strong=True))
    signature = services.petition_sign(actor=_demo_identified(demo), community=demo, petition=petition)
    assert signature.identity_hash and signature.public_name == "Демо Особа"


@pytest.mark.django_db
def test_a_demo_identity_counts_as_email_only_where_email_suffices(community, resident, moderator):
    make_community("demo", is_demo=True)
    f.set_settings(community, identity_level="email")
    petition = f.collecting(community, resident, moderator)
    signer = _demo_identified(community)
    signature = services.petition_sign(actor=signer, community=community, petition=petition)
    # Signed on the strength of the email address: the demo identity's hash and name are not used.
    assert signature.identity_hash is None and signature.public_name == signer.display_name


# --- query counts do not grow with rows ------------------------------------------------------------------------

def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200, (path, body[:300])
    return len(ctx)


def _add_rows(community, author, moderator, n: int, signed: Petition) -> None:
    """n petitions in each listed state (collecting, awaiting moderation, under consideration and overdue) and
    n more signatures on `signed`."""
    past = timezone.now() - timedelta(days=60)
    for i in range(n):
        f.collecting(community, author, moderator, title=f"Петиція, що збирає підписи {i:03d}",
                     category_id=f.category(community).pk)
        late = f.submitted(community, author, title=f"Петиція на модерації номер {i:03d}")
        considering = f.collecting(community, author, moderator, title=f"Петиція на розгляді номер {i:03d}")
        services.petition_sign(actor=f.strong_resident(community), community=community, petition=considering)
        services.petition_assign_department(actor=moderator, community=community, petition=considering,
                                            department_id=_department(community).pk)
        Petition.objects.filter(pk=late.pk).update(moderation_deadline=past)
        Petition.objects.filter(pk=considering.pk).update(consideration_deadline=past)
        services.petition_sign(actor=f.strong_resident(community), community=community, petition=signed)


def _department(community):
    from hromada.core.identity.models import Department

    return Department.objects.get_or_create(community=community, name="Відділ благоустрою")[0]


@pytest.mark.django_db
def test_list_pages_and_endpoints_cost_the_same_queries_with_3_rows_and_33(community, resident, moderator):
    f.set_settings(community, threshold=10_000)
    signed = f.collecting(community, resident, moderator, title="Петиція з багатьма підписами")
    f.set_settings(community, threshold=1)
    slug = community.slug
    pages = {
        "list": (None, f"/c/{slug}/petitions/"),
        "list by signatures": (None, f"/c/{slug}/petitions/?sort=signatures"),
        "mine": (resident, f"/c/{slug}/petitions/mine/"),
        "moderation": (moderator, f"/c/{slug}/petitions/moderation/"),
        "overdue": (moderator, f"/c/{slug}/petitions/overdue/"),
        "feed": (None, f"/c/{slug}/petitions/feed.atom"),
        "detail with signers": (None, f"/c/{slug}/petitions/{signed.pk}/"),
        "signers csv": (moderator, f"/c/{slug}/petitions/{signed.pk}/signers.csv"),
        # Signed in: an anonymous answer may come from the few seconds' cache (test_api_cache.py); this counts the work.
        "api list": (resident, f"/c/{slug}/api/v1/petitions/"),
        "api list by signatures": (resident, f"/c/{slug}/api/v1/petitions/?sort=signatures"),
        "api signers": (None, f"/c/{slug}/api/v1/petitions/{signed.pk}/signers"),
    }
    clients = {}
    for who, _path in pages.values():
        if who not in clients:
            clients[who] = Client()
            if who is not None:
                clients[who].force_login(who)

    def measure() -> dict[str, int]:
        for who, path in pages.values():  # warm the per-process caches (community, settings, templates)
            _queries(clients[who], path)
        return {name: _queries(clients[who], path) for name, (who, path) in pages.items()}

    _add_rows(community, resident, moderator, 3, signed)
    few = measure()
    _add_rows(community, resident, moderator, 30, signed)
    assert Signature.objects.filter(petition=signed).count() == 33
    assert Petition.objects.filter(community=community, status=Status.THRESHOLD_REACHED).count() == 33
    assert measure() == few


# --- the Atom feed under concurrent requests for two communities -----------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_concurrent_feed_requests_never_mix_communities(community, other_community):
    titles = {}
    for place in (community, other_community):
        author, moderator = make_member(place, Role.RESIDENT), make_member(place, Role.MODERATOR)
        titles[place.slug] = {f.collecting(place, author, moderator, title=f"Петиція громади {place.slug} {n}").title
                              for n in range(3)}
    workers, rounds = 6, 10
    barrier = threading.Barrier(workers)
    outcomes, problems, lock = [], [], threading.Lock()

    def work(slug: str) -> None:
        client = Client()
        try:
            barrier.wait(30)
            for _ in range(rounds):
                response = client.get(f"/c/{slug}/petitions/feed.atom")
                with lock:
                    outcomes.append((slug, response.status_code, response.content))
        except Exception as exc:  # noqa: BLE001 — asserted on below
            with lock:
                problems.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(slug,)) for slug in list(titles) * (workers // 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not problems and len(outcomes) == workers * rounds
    for slug, status, body in outcomes:
        assert status == 200
        feed = ElementTree.fromstring(body)  # noqa: S314 (our own feed)
        entries = {e.findtext(f"{ATOM}title").split(": ", 1)[1] for e in feed.iter(f"{ATOM}entry")}
        assert entries == titles[slug], (slug, entries)
        links = {e.find(f"{ATOM}link").get("href") for e in feed.iter(f"{ATOM}entry")}
        assert all(f"/c/{slug}/petitions/" in link for link in links), (slug, links)
        assert f"Громада {slug}" in feed.findtext(f"{ATOM}title")
