"""Open311 answers every impossible value, oversized number, unreadable body and unknown path with the spec's
error list (JSON or XML) and the right status: never a 500 and never an HTML page."""

from xml.etree import ElementTree as ET

import pytest
from django.test import Client

from hromada.appeals.models import Appeal
from hromada.core.api.tokens import api_token_create

pytestmark = pytest.mark.django_db

HUGE = str(2**63)


def _errors(response, status):
    assert response.status_code == status, response.content[:300]
    if response["Content-Type"].startswith("text/xml"):
        root = ET.fromstring(response.content)  # noqa: S314 - our own server output in a test
        assert root.tag == "errors" and root.find("error/code").text == str(status)
        return
    body = response.json()
    assert isinstance(body, list) and body[0]["code"] == status and body[0]["description"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("params", [
    {"start_date": "2026-13-01T00:00:00Z"},
    {"end_date": "2026-02-30T00:00:00Z"},
    {"updated_after": "2026-01-01T25:00:00Z"},
    {"updated_before": "0000-01-01T00:00:00Z"},
    {"start_date": "0001-01-01T00:00:00+05:00"},
    {"end_date": "0001-01-02T00:00:00Z"},
    {"start_date": "9999-12-30T00:00:00Z"},
    {"page": HUGE}, {"page": "1e19"}, {"page_size": "1e20"}, {"page": "0"},
])
def test_impossible_dates_and_huge_numbers_are_the_spec_400(community, category, fmt, params):
    response = Client().get(f"/c/{community.slug}/open311/v2/requests.{fmt}", params)
    _errors(response, 400)


def test_json_nested_5000_deep_is_a_400_list(community, category, resident):
    key = api_token_create(actor=resident, community=community, name="x")[1]
    body = "[" * 5000 + "]" * 5000
    response = Client().post(f"/c/{community.slug}/open311/v2/requests.json?api_key={key}", body,
                             content_type="application/json")
    _errors(response, 400)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_multipart_without_a_boundary_is_a_400_list(community, category, resident, fmt):
    key = api_token_create(actor=resident, community=community, name="x")[1]
    before = Appeal.objects.count()
    response = Client().post(f"/c/{community.slug}/open311/v2/requests.{fmt}?api_key={key}",
                             b"service_code=light&lat=49.59&long=34.55", content_type="multipart/form-data")
    _errors(response, 400)
    assert Appeal.objects.count() == before


@pytest.mark.parametrize("path", ["requests/abc/def.json", "nope.xml", "requests.json/x.json"])
def test_unknown_paths_are_the_spec_404(community, path):
    _errors(Client().get(f"/c/{community.slug}/open311/v2/{path}"), 404)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_over_long_url_is_a_414_in_the_spec_format(community, fmt):
    response = Client().get(f"/c/{community.slug}/open311/v2/requests.{fmt}", {"service_code": "x" * 9000})
    _errors(response, 414)
