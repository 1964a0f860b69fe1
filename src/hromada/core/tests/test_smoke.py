"""The shell answers: home, health, sign-up page, API root and OpenAPI."""

import pytest


@pytest.mark.django_db
def test_home_lists_communities_and_community_home(client, community, other_community):
    response = client.get("/")
    assert response.status_code == 200
    assert "Громада alpha" in response.content.decode()
    response = client.get("/c/alpha/")
    assert response.status_code == 200
    assert "Громада alpha" in response.content.decode()


@pytest.mark.django_db
def test_openapi_is_served(client, community):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "Hromada API"
