"""GeoJSON validation with field errors, point-in-polygon index, distances and bounding boxes."""

from __future__ import annotations

import json

import pytest

from hromada.core.errors import ValidationFailed
from hromada.core.geo.distance import bbox_around, haversine_m, parse_bbox
from hromada.core.geo.geojson import (
    feature,
    feature_collection,
    geometry_to_geojson,
    validate_geometry,
    validate_point,
)
from hromada.core.geo.index import AreaIndex

SQUARE = {"type": "Polygon", "coordinates": [[[30, 50], [31, 50], [31, 51], [30, 51], [30, 50]]]}


def test_valid_polygon_and_feature_and_string():
    assert validate_geometry(SQUARE).area == pytest.approx(1.0)
    assert validate_geometry({"type": "Feature", "geometry": SQUARE, "properties": {}}).area == pytest.approx(1.0)
    assert validate_geometry(json.dumps(SQUARE)).geom_type == "Polygon"
    assert geometry_to_geojson(validate_geometry(SQUARE))["type"] == "Polygon"


@pytest.mark.parametrize("value", [
    "{not json", 42, [], {"coordinates": [1, 2]}, {"type": "Feature", "geometry": [1, 2]},
    {"type": "Feature", "geometry": None},
    {"type": "Circle", "coordinates": [1, 2]},
    {"type": "Polygon", "coordinates": "abc"},
    {"type": "Polygon", "coordinates": [[[30, 50], [31, 50]]]},
    {"type": "Polygon", "coordinates": []},
    {"type": "Polygon", "coordinates": [[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]]},  # bow-tie
    {"type": "Point", "coordinates": [200, 50]},
    {"type": "Point", "coordinates": [30, float("nan")]},
])
def test_bad_geometries_name_the_field(value):
    with pytest.raises(ValidationFailed) as exc:
        validate_geometry(value, field="boundary")
    assert list(exc.value.fields) == ["boundary"]


def test_allowed_types_and_size_limit():
    with pytest.raises(ValidationFailed):
        validate_geometry({"type": "Point", "coordinates": [30, 50]}, allowed=("Polygon",))
    ring = [[30 + i / 1000, 50] for i in range(50)] + [[30, 51], [30, 50]]
    with pytest.raises(ValidationFailed) as exc:
        validate_geometry({"type": "Polygon", "coordinates": [ring]}, max_positions=10)
    assert "10" in exc.value.fields["geometry"][0]


def test_validate_point():
    assert validate_point("49.5", 34.55) == (49.5, 34.55)
    for lat, lon in [(True, 30), ("abc", 30), (None, 30), (91, 30), (50, -181), (float("nan"), 30), ("1e999", 1)]:
        with pytest.raises(ValidationFailed):
            validate_point(lat, lon)
    with pytest.raises(ValidationFailed) as exc:
        validate_point("x", "y", field_lat="latitude", field_lon="longitude")
    assert set(exc.value.fields) == {"latitude", "longitude"}


def test_features():
    item = feature({"type": "Point", "coordinates": [30, 50]}, {"name": "x"}, feature_id=7)
    assert item["id"] == 7 and feature_collection([item])["features"] == [item]
    assert "id" not in feature({"type": "Point", "coordinates": [30, 50]}, {})


def test_haversine_kyiv_lviv():
    assert haversine_m(50.4501, 30.5234, 49.8397, 24.0297) == pytest.approx(468_000, rel=0.01)
    assert haversine_m(50, 30, 50, 30) == 0


def test_bbox_around_contains_the_circle():
    min_lat, min_lon, max_lat, max_lon = bbox_around(50.0, 30.0, 1000)
    assert haversine_m(50, 30, max_lat, 30) == pytest.approx(1000, rel=0.001)
    assert haversine_m(50, 30, 50, max_lon) == pytest.approx(1000, rel=0.01)
    assert min_lat < 50 < max_lat and min_lon < 30 < max_lon


def test_parse_bbox():
    assert parse_bbox("30,50,31,51") == (30, 50, 31, 51)
    for raw in ["", "1,2,3", "a,b,c,d", "31,50,30,51", "0,-91,1,1", None]:
        with pytest.raises(ValidationFailed):
            parse_bbox(raw, field="bbox")


def test_area_index():
    west = validate_geometry(SQUARE)
    east = validate_geometry({"type": "Polygon", "coordinates": [[[31, 50], [32, 50], [32, 51], [31, 51], [31, 50]]]})
    index = AreaIndex([("west", west), ("east", east)])
    assert len(index) == 2
    assert index.containing(50.5, 30.5) == ["west"]
    assert index.containing(50.5, 31.0) == ["west", "east"]  # on the shared border
    assert index.first_containing(50.5, 31.5) == "east"
    assert index.first_containing(10, 10) is None
    assert AreaIndex([]).containing(50, 30) == []


def test_one_reader_for_uploaded_collections_reports_each_feature():
    from hromada.core.geo.geojson import parse_feature_collection

    square = {"type": "Polygon", "coordinates": [[[30, 50], [30.1, 50], [30.1, 50.1], [30, 50.1], [30, 50]]]}
    content = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": 7, "geometry": square, "properties": {"name": "Центр"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30, 50]}, "properties": None},
        {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}},
        "not a feature",
    ]}).encode()
    first, point, bowtie, junk = parse_feature_collection(b"\xef\xbb\xbf" + content,
                                                          allowed=("Polygon", "MultiPolygon"))
    assert first.number == 1 and first.feature_id == 7 and first.properties == {"name": "Центр"}
    assert first.shape.area > 0 and not first.problems
    assert point.shape is None and point.properties == {} and point.problems
    assert bowtie.shape is None and bowtie.problems and junk.problems and junk.number == 4


@pytest.mark.parametrize("content", [b"{", b"[]", b'{"type": "Feature"}', b'{"type": "FeatureCollection"}',
                                     b"[" * 5000 + b"]" * 5000])
def test_a_collection_that_is_not_one_is_refused_as_a_whole(content):
    from hromada.core.geo.geojson import parse_feature_collection

    with pytest.raises(ValidationFailed) as caught:
        parse_feature_collection(content, field="upload")
    assert "upload" in caught.value.fields


def test_feature_limits_and_a_single_feature():
    from hromada.core.geo.geojson import parse_feature_collection

    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [30, 50]}, "properties": {}}
    assert len(parse_feature_collection(point, single_feature=True)) == 1
    with pytest.raises(ValidationFailed):
        parse_feature_collection({"type": "FeatureCollection", "features": [point] * 3}, max_features=2)
