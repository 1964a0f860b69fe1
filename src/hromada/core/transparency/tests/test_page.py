"""The public page of a community's log: the signed head, entries newest first with type, time and leaf hash and
never their data, pages of 50, a search by leaf hash (400 on a malformed one), the verifier's command, the footer
link, another community's entries never shown, and its queries pinned whatever the size of the log."""

from __future__ import annotations

import base64

import pytest
from django.test import Client

from hromada.core.identity.actors import SYSTEM
from hromada.core.transparency import keys, merkle
from hromada.core.transparency.models import Leaf
from hromada.core.transparency.record import transparency_record
from hromada.core.transparency.services import transparency_publish
from hromada.core.transparency.views import PAGE_SIZE, parse_leaf_hash

pytestmark = pytest.mark.django_db

PERSON = "Шевченко Тарас"


def grow(community, start: int, n: int, *, kind: str = "petitions.petition.signed") -> None:
    for k in range(start, start + n):
        transparency_record(community=community, type=kind, object_id=k, data={"signer": f"{PERSON} {k}"})
    transparency_publish(actor=SYSTEM, community=community)


def page(community, **query):
    return Client().get(f"/c/{community.slug}/transparency/", query)


def leaf_hash(community, index: int) -> bytes:
    return bytes(Leaf.objects.get(community=community, index=index).leaf_hash)


def test_an_empty_log_says_so_in_ukrainian_and_shows_the_key(community):
    response = page(community)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Журнал прозорості" in html and "<h1" in html
    assert base64.b64encode(keys.public_key_der(community.pk)).decode() in html
    assert "<table" not in html


def test_the_page_shows_the_signed_head_entries_and_how_to_verify_but_no_data(community, other_community):
    grow(community, 0, 3)
    grow(other_community, 0, 2, kind="other.thing.happened")
    response = page(community)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("petitions.petition.signed") == 3 and "other.thing.happened" not in html
    for index in range(3):
        assert base64.b64encode(leaf_hash(community, index)).decode() in html
    assert base64.b64encode(leaf_hash(other_community, 0)).decode() not in html
    # The leaves' data (keyed hashes) and the object ids are not on the page, let alone the person.
    assert PERSON not in html and "signer" not in html
    api = f"http://testserver/c/{community.slug}/api/v1/transparency"
    assert f"hromada_log_verify.py {api} --state {community.slug}.json --audit" in html
    assert f'href="/c/{community.slug}/transparency/"' in html  # the footer's link


def test_entries_are_paged_newest_first(community):
    grow(community, 0, PAGE_SIZE + 5)
    first = page(community).content.decode()
    assert f"<td data-label=\"Позиція\">{PAGE_SIZE + 4}</td>" in first
    assert "<td data-label=\"Позиція\">4</td>" not in first and 'rel="next"' in first
    second = page(community, page=2).content.decode()
    assert "<td data-label=\"Позиція\">4</td>" in second and "<td data-label=\"Позиція\">0</td>" in second
    assert f"<td data-label=\"Позиція\">{PAGE_SIZE}</td>" not in second
    # A page beyond the last, or not a number, shows the nearest real one (as every list of the site does).
    assert page(community, page=99).status_code == 200 and page(community, page="x").status_code == 200


def test_only_signed_entries_are_listed_and_pending_ones_are_counted(community):
    grow(community, 0, 2)
    transparency_record(community=community, type="test.thing.pending", object_id=9, data={})
    html = page(community, page=1).content.decode()
    assert "test.thing.pending" not in html and "<dd>2</dd>" in html
    assert "1 подію" in html or "1 more event" in html


def test_the_search_finds_an_entry_by_its_leaf_hash_in_base64_or_hex(community, other_community):
    grow(community, 0, 4)
    grow(other_community, 0, 1)
    wanted = leaf_hash(community, 2)
    for form in (base64.b64encode(wanted).decode(), wanted.hex(), wanted.hex().upper()):
        response = page(community, hash=form)
        html = response.content.decode()
        assert response.status_code == 200 and "Знайдено: запис 2." in html, form
        assert "get-proof-by-hash?hash=" in html
    theirs = page(community, hash=base64.b64encode(leaf_hash(other_community, 0)).decode()).content.decode()
    assert "Знайдено" not in theirs and "жоден запис" in theirs.lower()


@pytest.mark.parametrize("bad", ["not a hash", "AAAA", "g" * 64, base64.b64encode(b"x" * 31).decode(), "x" * 5000])
def test_a_malformed_hash_is_a_400_naming_the_field(community, bad):
    grow(community, 0, 1)
    response = page(community, hash=bad)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-invalid="true"' in html and 'id="hash-error"' in html
    if len(bad) > 200:  # the field's echo is cut
        assert f'value="{"x" * 200}"' in html


def test_parse_leaf_hash():
    value = merkle.leaf_hash(b"x")
    assert parse_leaf_hash(base64.b64encode(value).decode()) == value == parse_leaf_hash(f"  {value.hex()} ")
    assert parse_leaf_hash("") is None and parse_leaf_hash("=" * 44) is None


def test_the_page_costs_the_same_few_queries_at_any_size(community, django_assert_max_num_queries):
    grow(community, 0, 3)
    with django_assert_max_num_queries(6):
        assert page(community, page=1).status_code == 200
    grow(community, 3, 300)
    with django_assert_max_num_queries(6):
        assert page(community, page=2).status_code == 200
    with django_assert_max_num_queries(8):
        assert page(community, hash=base64.b64encode(leaf_hash(community, 7)).decode()).status_code == 200


def test_the_platform_root_has_no_log_page(db):
    assert Client().get("/transparency/").status_code == 404
