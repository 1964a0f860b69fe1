"""Open data of the city map (no staff-only layers, no contact fields) and the demo loader."""

from __future__ import annotations

import pytest

from hromada.core import capabilities
from hromada.maps.models import Feature, Layer

from .factories import make_layer, make_point

pytestmark = pytest.mark.django_db


def test_open_data_rows_and_geojson_leave_out_staff_layers_and_contacts(community, other_community, moderator):
    public = make_layer(moderator, community, "schools")
    hidden = make_layer(moderator, community, "shelters", is_public=False)
    make_point(moderator, community, public, name="Ліцей", phone="+380 53 200 00 01", places=10)
    make_point(moderator, community, hidden, name="Укриття")
    export = capabilities.manifest("maps").opendata_exports[0]
    rows = list(capabilities.resolve(export.rows)(community))
    assert [r["name"] for r in rows] == ["Ліцей"]
    assert rows[0]["properties"] == {"places": 10, "hours": "08:00–17:00"}
    assert set(rows[0]) == {name for name, _type in export.fields}
    collection = capabilities.resolve(export.geojson)(community)
    assert [f["properties"]["name"] for f in collection["features"]] == ["Ліцей"]
    assert "phone" not in collection["features"][0]["properties"]
    assert list(capabilities.resolve(export.rows)(other_community)) == []


def test_demo_loader_small(db):
    from hromada.demo.people import create_demo_community

    community, _people = create_demo_community(slug="mapdemo", residents=3)
    capabilities.resolve(capabilities.manifest("maps").demo_loader)(community, size="small")
    assert Layer.objects.filter(community=community).count() >= 6
    assert 10 <= Feature.objects.filter(community=community).count() <= 30
    assert Feature.objects.filter(community=community, geometry_type="Polygon").exists()
    assert Layer.objects.filter(community=community, is_public=False).exists()
