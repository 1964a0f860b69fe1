"""The platform-wide middlewares: Ukrainian by default, bad-input guard, gzip for data only."""

import gzip
import json

import pytest


@pytest.mark.django_db
def test_pages_are_ukrainian_even_for_an_english_browser(client, community):
    response = client.get("/c/alpha/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert '<html lang="uk">' in response.content.decode()


@pytest.mark.django_db
def test_english_switch_is_respected(client, community):
    client.cookies["django_language"] = "en"
    response = client.get("/c/alpha/")
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_nul_in_query_string_is_a_400_not_a_500(client, community):
    response = client.get("/c/alpha/api/v1/departments?page=%00")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert client.get("/c/alpha/?q=a%00b").status_code == 400


@pytest.mark.django_db
def test_ids_past_64_bits_are_not_found(client, community, resident):
    client.force_login(resident)
    response = client.post("/c/alpha/profile/tokens/99999999999999999999999/revoke")
    assert response.status_code == 404


@pytest.mark.django_db
def test_json_is_gzipped_when_asked_and_html_never(client, community):
    response = client.get("/api/v1/openapi.json", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["info"]["title"] == "Hromada API"
    page = client.get("/c/alpha/", HTTP_ACCEPT_ENCODING="gzip")
    assert not page.has_header("Content-Encoding")


@pytest.mark.django_db
def test_not_found_is_a_page_of_the_site(client, community):
    response = client.get("/c/alpha/no-such-page/")
    assert response.status_code == 404
    assert 'class="site-header"' in response.content.decode()
