"""PATCH of layers and features: a malformed body is a 400 and a body that changes nothing writes nothing.

A no-op PATCH once saved the row and recorded a "maps.layer.updated" audit event all the same."""

from __future__ import annotations

import pytest

from hromada.core.audit.models import AuditEvent
from hromada.maps.models import Feature, Layer

from .factories import make_layer, make_point

pytestmark = pytest.mark.django_db


@pytest.fixture
def layer(community, moderator):
    layer = make_layer(moderator, community, "schools")
    make_point(moderator, community, layer, name="Centre", lat=49.59, lon=34.55)
    return layer


def _audits(action):
    return AuditEvent.objects.filter(action=action).count()


@pytest.mark.parametrize("body, field", [
    ("[null,null]", "payload"), ('"x"', "payload"), ("123", "payload"), ("null", "payload"), ("true", "payload"),
    ('{"idz":[1]}', "idz"), ('{"name_uk":null}', "name_uk"), ('{"is_public":null}', "is_public"),
    ('{"schema":null}', "schema"),
])
def test_malformed_layer_patch_is_a_400_and_writes_nothing(community, moderator, api_client_for, layer, body, field):
    before = _audits("maps.layer.updated")
    client = api_client_for(community, moderator)
    response = client.client.patch(client.url("maps/layers/schools"), body, content_type="application/json",
                                   **client.headers)
    assert response.status_code == 400, response.content
    assert field in response.json()["error"]["fields"]
    assert _audits("maps.layer.updated") == before


def test_layer_patch_that_changes_nothing_records_nothing(community, moderator, api_client_for, layer):
    client = api_client_for(community, moderator)
    stamp = Layer.objects.get(pk=layer.pk).updated_at
    assert client.patch("maps/layers/schools", {}).status_code == 200
    same = {"name_uk": layer.name_uk, "is_public": layer.is_public, "colour": layer.colour.upper()}
    assert client.patch("maps/layers/schools", same).status_code == 200
    assert _audits("maps.layer.updated") == 0 and Layer.objects.get(pk=layer.pk).updated_at == stamp
    assert client.patch("maps/layers/schools", {"name_en": "Schools!"}).status_code == 200
    assert _audits("maps.layer.updated") == 1


def test_feature_patch_that_changes_nothing_records_nothing(community, moderator, api_client_for, layer):
    feature = Feature.objects.get(layer=layer)
    client = api_client_for(community, moderator)
    assert client.patch(f"maps/features/{feature.pk}", {}).status_code == 200
    assert client.patch(f"maps/features/{feature.pk}", {"name": feature.name}).status_code == 200
    assert client.patch(f"maps/features/{feature.pk}", {"name": None}).status_code == 400
    assert _audits("maps.feature.updated") == 0
    assert client.patch(f"maps/features/{feature.pk}", {"name": "Renamed"}).status_code == 200
    assert _audits("maps.feature.updated") == 1
