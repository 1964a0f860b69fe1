"""Cross-cutting: every page carries the Content-Security-Policy, and no page needs what it forbids:
no inline script, no on*= handler, no style attribute or element, no script or stylesheet from another host."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.test import Client, override_settings

from hromada.appeals.models import Appeal
from hromada.core.tenancy.models import Community
from hromada.core.tenancy.urls import community_path
from hromada.demo.people import demo_people
from hromada.maps.models import Feature, Layer
from hromada.opendata.models import Dataset
from hromada.petitions.models import Petition

SLUG = "csp"


class InlineCode(HTMLParser):
    """Collects what a strict policy would block, and every external script or stylesheet."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and not attributes.get("src") and attributes.get("type") != "application/json":
            self.problems.append("inline <script>")
        external = attributes.get("src") if tag == "script" else (
            attributes.get("href") if tag == "link" and "stylesheet" in (attributes.get("rel") or "") else None)
        if external and (external.startswith("//") or "://" in external):
            self.problems.append(f"external {tag}: {external}")


def problems_of(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.problems


def test_the_parser_finds_what_the_policy_blocks():
    html = ('<button onclick="x()">a</button><span style="color:red"></span><script>alert(1)</script>'
            '<script src="https://cdn.example.org/x.js"></script><script type="application/json">{}</script>')
    assert problems_of(html) == ["<button onclick='x()'>", "<span style='color:red'>", "inline <script>",
                                 "external script: https://cdn.example.org/x.js"]


@pytest.fixture
def demo(db):
    call_command("load_demo", "--slug", SLUG, "--size", "small", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Community.objects.get(slug=SLUG)


def _pages(community) -> list[str]:
    petition = Petition.objects.filter(community=community, published_at__isnull=False).first()
    appeal = Appeal.objects.filter(community=community, is_public=True).first()
    layer = Layer.objects.filter(community=community).first()
    feature = Feature.objects.filter(community=community).first()
    dataset = Dataset.objects.filter(community=community).first()
    named = [("web:home",), ("petitions:list",), ("petitions:detail", petition.pk), ("petitions:poster", petition.pk),
             ("appeals:list",), ("appeals:detail", appeal.pk), ("appeals:new",), ("maps:map",),
             ("maps:feature", feature.pk), ("maps:editor",), ("maps:editor_layer", layer.slug),
             ("opendata:catalogue",), ("opendata:dataset", dataset.name), ("web:profile",)]
    return [community_path(community, *args) for args in named]


def test_pages_carry_the_policy_and_need_nothing_it_forbids(demo):
    client = Client()
    client.force_login(demo_people(demo).admin)  # the admin sees every button and editor too
    found = {}
    for url in _pages(demo):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self';" in policy
        assert "frame-ancestors 'none'" in policy and "unsafe-inline" not in policy
        if problems := problems_of(response.content.decode()):
            found[url] = problems
    assert found == {}


def test_map_tiles_are_the_one_foreign_image_origin(community):
    policy = Client().get(community_path(community, "maps:map"))["Content-Security-Policy"]
    assert "img-src 'self' data: https://tile.openstreetmap.org;" in policy


@override_settings(HROMADA_MAP_TILES="https://{s}.tiles.example.net/{z}/{x}/{y}.png")
def test_a_tile_server_with_subdomains_is_allowed_by_wildcard(community):
    policy = Client().get(community_path(community, "maps:map"))["Content-Security-Policy"]
    assert "img-src 'self' data: https://*.tiles.example.net;" in policy


def test_json_api_answers_carry_the_policy_too(community):
    response = Client().get(f"/c/{community.slug}/api/v1/community")
    assert response.status_code == 200 and "default-src 'self'" in response["Content-Security-Policy"]


def test_swagger_ui_is_served_from_this_site(community):
    response = Client().get(f"/c/{community.slug}/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    assert problems_of(html) == []
    assert '"validatorUrl": null' in html  # no badge image from validator.swagger.io
    static = Client().get("/static/ninja/swagger-ui-bundle.js")
    assert static.status_code == 200
