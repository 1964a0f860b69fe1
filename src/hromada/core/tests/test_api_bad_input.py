"""Under /api/ every refusal is the JSON envelope {"error": {code, message, fields}}: unmatched routes, ids
that are not numbers, unknown communities, over-long URLs and JSON nested past any schema."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

DEEP = "[" * 5000 + "]" * 5000


def _envelope(response, status, code=None):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["message"] and isinstance(error["fields"], dict)
    if code:
        assert error["code"] == code
    return error


@pytest.mark.parametrize("path", ["petitions/abc/", "petitions/abc", "petitions/1.5/count", "no-such-route/",
                                  "appeals/x/notes", ""])
def test_unmatched_routes_and_non_integer_ids_are_the_json_404(community, path):
    _envelope(Client().get(f"/c/{community.slug}/api/v1/{path}"), 404, "not_found")


def test_an_unknown_community_under_the_api_is_the_json_404(community):
    _envelope(Client().get("/c/no-such-place/api/v1/departments"), 404, "not_found")


def test_an_over_long_url_is_the_json_414(community):
    _envelope(Client().get(f"/c/{community.slug}/api/v1/departments", {"q": "x" * 9000}), 414, "uri_too_long")


@pytest.mark.parametrize("path", ["petitions/", "appeals/"])
def test_json_nested_5000_deep_is_malformed_json(community, resident, api_client_for, path):
    api = api_client_for(community, resident)
    _envelope(api.post(path, DEEP), 400, "malformed_json")


def test_json_deeper_than_the_limit_is_refused_even_when_python_could_parse_it(community, resident, api_client_for):
    api = api_client_for(community, resident)
    _envelope(api.post("petitions/", '{"title": ' + "[" * 100 + "]" * 100 + "}"), 400, "malformed_json")


def test_pages_outside_the_api_keep_their_html_404(community):
    response = Client().get(f"/c/{community.slug}/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")
