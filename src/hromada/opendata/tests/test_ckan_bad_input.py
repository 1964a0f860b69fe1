"""Every answer under CKAN's paths is CKAN-shaped: impossible dates are a Search Query Error, numbers past any
offset a Validation Error, unknown paths a Not Found Error, other methods a 405; never a 500 or an HTML page."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

HUGE = str(2**63)
DEEP = "[" * 5000 + "]" * 5000


def _ckan_error(response, status, kind):
    assert response.status_code == status, response.content[:300]
    body = response.json()
    assert body["success"] is False and body["help"]
    assert body["error"]["__type"] == kind and body["error"]["message"]
    return body["error"]


def _action(portal, name, **params):
    return Client().get(f"/c/{portal.community.slug}/api/3/action/{name}", params)


@pytest.mark.parametrize("fq", [
    "metadata_modified:2026-02-30", "metadata_modified:[0000-01-01T00:00:00Z TO NOW]",
    "metadata_modified:[2026-13-01T00:00:00Z TO *]", "metadata_created:[* TO 2026-01-01T25:00:00Z]",
    "metadata_modified:[0001-01-01T00:00:00+05:00 TO *]",
])
def test_impossible_dates_in_fq_are_a_search_query_error(portal, fq):
    _ckan_error(_action(portal, "package_search", fq=fq), 400, "Search Query Error")


@pytest.mark.parametrize(("name", "params"), [
    ("package_list", {"offset": HUGE}), ("package_list", {"limit": HUGE}),
    ("current_package_list_with_resources", {"page": "1e19"}),
    ("current_package_list_with_resources", {"page": HUGE}),
    ("current_package_list_with_resources", {"offset": "9" * 40}),
    ("organization_list", {"offset": "1e20"}), ("group_list", {"offset": HUGE}),
    ("organization_list", {"sort": " "}), ("organization_list", {"sort": "name sideways"}),
    ("package_search", {"start": HUGE}),
])
def test_numbers_past_any_offset_and_blank_sorts_are_a_validation_error(portal, name, params):
    error = _ckan_error(_action(portal, name, **params), 409, "Validation Error")
    assert set(params) & set(error)


def test_huge_numbers_in_datastore_search_are_a_validation_error(portal):
    for params in ({"offset": HUGE}, {"limit": "1e19"}):
        response = _action(portal, "datastore_search", resource_id=str(portal.table_resource.pk), **params)
        _ckan_error(response, 409, "Validation Error")


def test_rows_that_are_not_integers_are_a_search_query_error(portal):
    _ckan_error(_action(portal, "package_search", rows="1e19"), 400, "Search Query Error")


@pytest.mark.parametrize("name", ["package_search", "package_list", "follow_dataset"])
def test_json_nested_5000_deep_is_a_validation_error(portal, name):
    response = Client().post(f"/c/{portal.community.slug}/api/3/action/{name}", DEEP, content_type="application/json")
    _ckan_error(response, 409, "Validation Error")


def test_deep_json_in_a_parameter_is_a_validation_error(portal):
    response = _action(portal, "datastore_search", resource_id=str(portal.table_resource.pk),
                       filters="[" * 1200 + "]" * 1200)
    _ckan_error(response, 409, "Validation Error")


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("name", ["package_list", "follow_dataset"])
def test_other_methods_are_a_ckan_405_and_run_nothing(portal, method, name):
    response = getattr(Client(), method)(f"/c/{portal.community.slug}/api/3/action/{name}")
    _ckan_error(response, 405, "Method Not Allowed")
    assert "POST" in response["Allow"]
    assert "result" not in response.json()


@pytest.mark.parametrize("path", ["api/3/action/", "api/3/nothing", "api/3/action/package_list/extra",
                                  "api/action/", "datastore/dump/not-a-uuid"])
def test_unknown_paths_are_a_not_found_error(portal, path):
    _ckan_error(Client().get(f"/c/{portal.community.slug}/{path}"), 404, "Not Found Error")


def test_an_unknown_community_is_a_not_found_error(portal):
    _ckan_error(Client().get("/c/no-such-place/api/3/action/package_list"), 404, "Not Found Error")


def test_an_over_long_url_and_a_nul_are_ckan_shaped(portal):
    _ckan_error(_action(portal, "package_search", q="x" * 9000), 414, "URI Too Long")
    _ckan_error(Client().get(f"/c/{portal.community.slug}/api/3/action/package_search?q=%00"), 400, "Bad request")


def test_multipart_without_a_boundary_is_a_validation_error(portal):
    response = Client().post(f"/c/{portal.community.slug}/api/3/action/package_search", b"q=x",
                             content_type="multipart/form-data")
    _ckan_error(response, 409, "Validation Error")
