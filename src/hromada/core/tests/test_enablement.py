"""A capability a community has disabled answers 404 on every route it mounts, in the surface's own format.

The gate is exercised through a throw-away capability (enablement_urls) mounted the way real ones are; the
last tests check that the real URL roots mount every registered capability through it."""

from __future__ import annotations

import json

import pytest
from django.test import Client, override_settings
from django.urls import resolve, reverse

from hromada.core import capabilities
from hromada.core.api import surfaces
from hromada.core.tenancy.enablement import is_enabled, is_gated
from hromada.core.tenancy.models import Community
from hromada.core.tenancy.selectors import invalidate_community_cache

pytestmark = pytest.mark.usefixtures("test_capability")
TEST_URLS = override_settings(ROOT_URLCONF="hromada.core.tests.enablement_urls")


def set_enabled(community: Community, slugs: list[str]) -> None:
    Community.objects.filter(pk=community.pk).update(enabled_capabilities=slugs)
    invalidate_community_cache()
    community.refresh_from_db()


@pytest.fixture
def off(community, other_community):
    """`community` without testcap, `other_community` with it."""
    set_enabled(community, [])
    set_enabled(other_community, ["testcap"])
    return community


@TEST_URLS
def test_pages_of_a_disabled_capability_are_the_site_404(client, off, other_community):
    for url in ("testcap/", "testcap/7/", "testcap/inner/deep"):
        response = client.get(f"/c/{off.slug}/{url}")
        assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
        assert client.get(f"/c/{other_community.slug}/{url}").status_code == 200
    assert client.get(f"/c/{off.slug}/plain/").status_code == 200  # the kernel's own pages are not gated


@TEST_URLS
def test_enabling_it_again_opens_it(client, off):
    assert client.get(f"/c/{off.slug}/testcap/").status_code == 404
    set_enabled(off, ["testcap"])
    assert client.get(f"/c/{off.slug}/testcap/").content == b"testcap page 0"


@TEST_URLS
def test_api_routes_answer_the_envelope_404_before_parsing_the_body(client, off, other_community):
    response = client.get(f"/c/{off.slug}/api/v1/testcap/things")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    # Not a 400 for the missing title: the capability is not there to validate anything.
    response = client.post(f"/c/{off.slug}/api/v1/testcap/things", "{}", content_type="application/json")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    assert client.get(f"/c/{other_community.slug}/api/v1/testcap/things").json() == [{"title": "one"}]


@TEST_URLS
def test_a_standards_surface_answers_in_its_own_format(client, off, other_community):
    saved = list(surfaces._registered)
    surfaces.register(surfaces.Surface("testcap-std", ("/testcap-std/",),
                                       lambda request, status, message: _std(status, message),
                                       lambda response: b"std-error" in response.content))
    try:
        response = client.post(f"/c/{off.slug}/testcap-std/write")
        assert response.status_code == 404 and response.json() == {"std-error": 404}
        csrf_client = Client(enforce_csrf_checks=True)  # csrf_exempt survives the gate
        assert csrf_client.post(f"/c/{other_community.slug}/testcap-std/write").json() == {"written": True}
    finally:
        surfaces._registered[:] = saved


def _std(status, message):
    from django.http import JsonResponse

    return JsonResponse({"std-error": status}, status=status)


@TEST_URLS
def test_names_still_reverse_and_resolve_to_the_gated_views(off):
    assert reverse("testcap:detail", args=[3]) == "/testcap/3/"
    assert reverse("testcap:deep") == "/testcap/inner/deep"
    assert is_gated(resolve("/testcap/inner/deep").func) == "testcap"
    assert is_gated(resolve("/api/v1/testcap/things").func) == "testcap"
    assert is_gated(resolve("/plain/").func) is None


@TEST_URLS
def test_the_openapi_document_leaves_out_a_disabled_capability(client, off, other_community):
    doc = client.get(f"/c/{off.slug}/api/v1/openapi.json").json()
    assert not [p for p in doc["paths"] if "/testcap/" in p]
    assert "ThingIn" not in json.dumps(doc)
    doc = client.get(f"/c/{other_community.slug}/api/v1/openapi.json").json()
    assert f"/c/{other_community.slug}/api/v1/testcap/things" in doc["paths"]
    assert "ThingIn" in doc["components"]["schemas"]


@TEST_URLS
def test_without_a_community_the_capability_decides(client, off, other_community):
    # Two communities and no default: nothing to check against (Open311 picks one by jurisdiction_id).
    assert client.get("/testcap/").status_code == 200


def test_is_enabled(off, other_community):
    assert not is_enabled(off, "testcap")
    assert is_enabled(other_community, "testcap")
    assert is_enabled(None, "testcap")


def test_every_registered_capability_is_mounted_through_the_gate():
    """The real URL roots: each capability's landing page and API router resolve to views gated by it."""
    from hromada.config.urls import api

    for manifest in capabilities.manifests():
        if manifest.slug == "testcap":
            continue
        if manifest.url_name:
            assert is_gated(resolve(reverse(manifest.url_name)).func) == manifest.slug
        if manifest.api_router:
            routes = [p for p in api.urls[0] if api.capability_of(str(p.pattern)) == manifest.slug]
            assert routes and all(is_gated(p.callback) == manifest.slug for p in routes)
