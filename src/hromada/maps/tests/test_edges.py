"""Odd addresses and parameters never reach a 500: huge ids, bad paging, unknown layers."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [
    "map/features/99999999999999999999/",
    "map/?page=abc&q=%00",
    "map/layers/x.geojson?offset=-5",
    "map/layers/unknown.geojson",
    "api/v1/maps/features/99999999999999999999",
    "api/v1/maps/layers/unknown/features?bbox=1,2,3,4",
    "map/editor/features/99999999999999999999/",
])
def test_odd_requests_are_answered_without_error(community, moderator, path):
    client = Client()
    for _who in ("anonymous", "staff"):
        response = client.get(f"/c/{community.slug}/{path}")
        assert response.status_code in (200, 302, 400, 404), (path, response.status_code)
        client.force_login(moderator)
