"""Services of the city map: layers, features, schema typing, and all-or-nothing imports."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.maps.models import Feature, Layer
from hromada.maps.selectors import feature_as_geojson
from hromada.maps.services import (
    ImportRejected,
    feature_create,
    feature_delete,
    feature_update,
    layer_create,
    layer_delete,
    layer_import,
    layer_update,
)

from .factories import SCHEMA, make_layer, make_point

pytestmark = pytest.mark.django_db


def test_layer_create_records_audit(community, moderator):
    layer = make_layer(moderator, community)
    assert layer.schema == SCHEMA and layer.is_public
    assert AuditEvent.objects.filter(community=community, action="maps.layer.created", target_id=str(layer.pk)).exists()


@pytest.mark.parametrize("role", ["resident", "official"])
def test_layer_create_refused_to_non_moderators(community, request, role):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        make_layer(user, community)
    assert not Layer.objects.exists()


def test_layer_create_refused_to_anonymous(community):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        make_layer(AnonymousUser(), community)


@pytest.mark.parametrize("changes, field", [
    ({"slug": "Bad Slug"}, "slug"),
    ({"colour": "red"}, "colour"),
    ({"name_uk": "  "}, "name_uk"),
    ({"schema": [{"key": "Bad Key", "type": "string"}]}, "schema"),
    ({"schema": [{"key": "x", "type": "colour"}]}, "schema"),
    ({"schema": [{"key": "name", "type": "string"}]}, "schema"),
    ({"schema": [{"key": "x"}, {"key": "x"}]}, "schema"),
    ({"schema": "not a list"}, "schema"),
])
def test_layer_create_rejects_bad_input(community, moderator, changes, field):
    values = {"slug": "schools", "name_uk": "Школи", "colour": "#123456", "schema": [], **changes}
    with pytest.raises(ValidationFailed) as err:
        layer_create(actor=moderator, community=community, **values)
    assert field in err.value.fields
    assert not Layer.objects.exists()


def test_layer_slug_is_unique_per_community_only(community, other_community, moderator):
    make_layer(moderator, community)
    with pytest.raises(Conflict):
        make_layer(moderator, community)
    from hromada.core.identity.models import Membership, Role

    Membership.objects.create(community=other_community, user=moderator, role=Role.MODERATOR)
    make_layer(moderator, other_community)  # the same slug elsewhere is fine
    assert Layer.objects.count() == 2


def test_feature_create_types_properties_and_fills_bbox(community, moderator, official):
    layer = make_layer(moderator, community)
    feature = feature_create(
        actor=official, community=community, layer_id=layer.pk, name=" Ліцей № 3 ", address="вул. Садова, 5",
        geometry={"type": "LineString", "coordinates": [[34.5, 49.5], [34.6123456789, 49.7]]},
        properties={"places": "1 200", "open": "так", "hours": "8–17", "phone": "+380 53 200 00 00"},
    )
    feature.refresh_from_db()
    assert feature.name == "Ліцей № 3"
    assert feature.properties == {"places": 1200, "open": True, "hours": "8–17", "phone": "+380 53 200 00 00"}
    assert (feature.min_lon, feature.min_lat, feature.max_lon, feature.max_lat) == (34.5, 49.5, 34.612346, 49.7)
    assert feature.geometry_type == "LineString"
    as_geojson = feature_as_geojson(feature)
    assert as_geojson["id"] == feature.pk
    assert as_geojson["properties"]["name"] == "Ліцей № 3"
    assert as_geojson["geometry"]["coordinates"][1] == [34.612346, 49.7]  # rounded to 6 digits
    assert "садова" in feature.search_text and "1200" in feature.search_text
    assert AuditEvent.objects.filter(action="maps.feature.created", target_id=str(feature.pk)).exists()


def test_feature_create_accepts_lat_lon_point(community, moderator):
    layer = make_layer(moderator, community, schema=[])
    feature = feature_create(actor=moderator, community=community, layer_id=layer.pk, name="Точка",
                             geometry={"lat": "49.6", "lon": "34.5"})
    assert feature.geometry == {"type": "Point", "coordinates": [34.5, 49.6]}
    assert (feature.lat, feature.lon) == (49.6, 34.5)


@pytest.mark.parametrize("properties, field", [
    ({"places": "many"}, "places"),
    ({"open": "maybe"}, "open"),
    ({"phone": "call me"}, "phone"),
    ({"hours": ""}, "hours"),
    ({"colour": "red"}, "properties"),
])
def test_feature_properties_are_checked_against_the_schema(community, moderator, properties, field):
    layer = make_layer(moderator, community)
    with pytest.raises(ValidationFailed) as err:
        feature_create(actor=moderator, community=community, layer_id=layer.pk, name="X",
                       geometry={"lat": 49.6, "lon": 34.5}, properties={"hours": "9", **properties})
    assert field in err.value.fields
    assert not Feature.objects.exists()


@pytest.mark.parametrize("schema_type, good, bad", [
    ("url", "https://example.org/x", "ftp://x"),
    ("email", "a@example.org", "not-an-email"),
    ("date", "2026-11-22", "22.11.2026"),
    ("number", 2.5, True),
])
def test_each_property_type(community, moderator, schema_type, good, bad):
    layer = make_layer(moderator, community, schema=[{"key": "v", "label": "V", "type": schema_type}])
    feature = feature_create(actor=moderator, community=community, layer_id=layer.pk, name="ok",
                             geometry={"lat": 49.6, "lon": 34.5}, properties={"v": good})
    assert feature.properties["v"] == good
    with pytest.raises(ValidationFailed):
        feature_create(actor=moderator, community=community, layer_id=layer.pk, name="bad",
                       geometry={"lat": 49.6, "lon": 34.5}, properties={"v": bad})


@pytest.mark.parametrize("geometry", [
    None, "not json", {"type": "Point"}, {"type": "Point", "coordinates": [200, 100]},
    {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},  # self-intersecting
    {"lat": "x", "lon": 1}, {"type": "GeometryCollection", "geometries": []},
])
def test_feature_geometry_is_validated(community, moderator, geometry):
    layer = make_layer(moderator, community, schema=[])
    with pytest.raises(ValidationFailed):
        feature_create(actor=moderator, community=community, layer_id=layer.pk, name="X", geometry=geometry)
    assert not Feature.objects.exists()


def test_feature_writes_refused_to_residents(community, moderator, resident):
    layer = make_layer(moderator, community)
    feature = make_point(moderator, community, layer)
    with pytest.raises(PermissionDenied):
        make_point(resident, community, layer)
    with pytest.raises(PermissionDenied):
        feature_update(actor=resident, community=community, feature_id=feature.pk, name="Hacked")
    with pytest.raises(PermissionDenied):
        feature_delete(actor=resident, community=community, feature_id=feature.pk)
    feature.refresh_from_db()
    assert feature.name == "Ліцей № 1" and Feature.objects.count() == 1


def test_feature_update_rerenders_and_moves_between_layers(community, moderator, official):
    layer = make_layer(moderator, community)
    other = make_layer(moderator, community, slug="other", schema=[{"key": "hours", "label": "H", "type": "string"}])
    feature = make_point(moderator, community, layer)
    updated = feature_update(actor=official, community=community, feature_id=feature.pk, name="Гімназія",
                             geometry={"lat": 49.7, "lon": 34.6}, layer_id=other.pk, properties={"hours": "9–18"})
    updated.refresh_from_db()
    assert updated.layer_id == other.pk and updated.name == "Гімназія" and updated.max_lat == 49.7
    assert json.loads("{" + updated.geojson)["properties"]["name"] == "Гімназія"
    event = AuditEvent.objects.get(action="maps.feature.updated")
    assert set(event.data["changed"]) == {"name", "geometry", "properties", "layer"}


def test_feature_update_with_bad_input_changes_nothing(community, moderator):
    layer = make_layer(moderator, community)
    feature = make_point(moderator, community, layer)
    with pytest.raises(ValidationFailed):
        feature_update(actor=moderator, community=community, feature_id=feature.pk, name="", properties={"hours": ""})
    feature.refresh_from_db()
    assert feature.name == "Ліцей № 1"


def test_features_of_another_community_are_not_found(community, other_community, moderator):
    layer = make_layer(moderator, community)
    feature = make_point(moderator, community, layer)
    from hromada.core.identity.models import Membership, Role

    Membership.objects.create(community=other_community, user=moderator, role=Role.MODERATOR)
    with pytest.raises(NotFound):
        feature_update(actor=moderator, community=other_community, feature_id=feature.pk, name="x")
    with pytest.raises(NotFound):
        feature_delete(actor=moderator, community=other_community, feature_id=feature.pk)
    with pytest.raises(NotFound):
        make_point(moderator, other_community, layer)
    with pytest.raises(NotFound):
        layer_delete(actor=moderator, community=other_community, layer_id=layer.pk)
    assert Feature.objects.filter(pk=feature.pk, name="Ліцей № 1").exists()


def test_layer_schema_change_must_fit_existing_features(community, moderator):
    layer = make_layer(moderator, community)
    make_point(moderator, community, layer, phone="+380 50 000 00 00")
    new_schema = [*SCHEMA, {"key": "director", "label": "Директор", "type": "string", "required": True}]
    with pytest.raises(ValidationFailed) as err:
        layer_update(actor=moderator, community=community, layer_id=layer.pk, schema=new_schema)
    assert "schema" in err.value.fields
    layer.refresh_from_db()
    assert layer.schema == SCHEMA


def test_layer_schema_change_drops_removed_properties(community, moderator):
    layer = make_layer(moderator, community)
    feature = make_point(moderator, community, layer, phone="+380 50 000 00 00")
    layer_update(actor=moderator, community=community, layer_id=layer.pk,
                 schema=[f for f in SCHEMA if f["key"] != "phone"], name_uk="Нова назва", is_public=False)
    feature.refresh_from_db()
    layer.refresh_from_db()
    assert "phone" not in feature.properties and "phone" not in feature.geojson
    assert layer.name_uk == "Нова назва" and not layer.is_public
    event = AuditEvent.objects.get(action="maps.layer.updated")
    assert set(event.data["changed"]) == {"schema", "name_uk", "is_public"}


def test_layer_update_refusals(community, moderator, official):
    layer = make_layer(moderator, community)
    make_layer(moderator, community, slug="taken")
    with pytest.raises(PermissionDenied):
        layer_update(actor=official, community=community, layer_id=layer.pk, name_uk="x")
    with pytest.raises(Conflict):
        layer_update(actor=moderator, community=community, layer_id=layer.pk, slug="taken")
    with pytest.raises(ValidationFailed):
        layer_update(actor=moderator, community=community, layer_id=layer.pk, community_id=5)


def test_layer_delete_removes_features(community, moderator, official):
    layer = make_layer(moderator, community)
    make_point(moderator, community, layer)
    with pytest.raises(PermissionDenied):
        layer_delete(actor=official, community=community, layer_id=layer.pk)
    layer_delete(actor=moderator, community=community, layer_id=layer.pk)
    assert not Layer.objects.exists() and not Feature.objects.exists()
    assert AuditEvent.objects.get(action="maps.layer.deleted").data == {"slug": "schools", "features": 1}


# --------------------------------------------------------------------------------------------- imports

def _fc(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def _point(name, lon=34.55, lat=49.59, **props):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"name": name, "address": "вул. Миру, 2", "hours": "9–18", **props}}


def test_import_geojson(community, moderator, official):
    layer = make_layer(moderator, community)
    content = json.dumps(_fc(_point("А", places=10), _point("Б", open=False))).encode()
    result = layer_import(actor=official, community=community, layer_id=layer.pk, content=content,
                          file_format="geojson")
    assert (result.created, result.deleted) == (2, 0)
    assert sorted(Feature.objects.values_list("name", flat=True)) == ["А", "Б"]
    assert Feature.objects.get(name="А").properties == {"hours": "9–18", "places": 10}
    assert AuditEvent.objects.get(action="maps.layer.imported").data["created"] == 2


def test_broken_geojson_import_writes_nothing_and_reports_every_row(community, moderator):
    layer = make_layer(moderator, community)
    make_point(moderator, community, layer, name="Existing")
    content = _fc(
        _point("Good"),
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [999, 1]}, "properties": {"name": "Far"}},
        _point("", places="lots"),
        "not a feature",
        _point("Extra", colour="red"),
    )
    with pytest.raises(ImportRejected) as err, translation.override("en"):
        layer_import(actor=moderator, community=community, layer_id=layer.pk, content=content,
                     file_format="geojson", replace=True)
    report = {item["row"]: " ".join(item["errors"]) for item in err.value.report}
    assert set(report) == {"feature 2", "feature 3", "feature 4", "feature 5"}
    assert "geometry" in report["feature 2"] and "hours" in report["feature 2"]
    assert "name" in report["feature 3"] and "places" in report["feature 3"]
    assert "colour" in report["feature 5"]
    assert err.value.status == 400 and err.value.code == "import_rejected"
    assert "4 of 5" in str(err.value.message)
    assert err.value.report[0]["label"] == "feature 2"
    assert list(Feature.objects.values_list("name", flat=True)) == ["Existing"]  # replace did not happen either
    assert not AuditEvent.objects.filter(action="maps.layer.imported").exists()


@pytest.mark.parametrize("content", [b"{not json", b'{"type": "Feature"', b"[]", b'{"type": "FeatureCollection"}',
                                     b"\xff\xfe\x00", b'{"type": "FeatureCollection", "features": []}'])
def test_unreadable_geojson_files(community, moderator, content):
    layer = make_layer(moderator, community)
    with pytest.raises(ValidationFailed) as err:
        layer_import(actor=moderator, community=community, layer_id=layer.pk, content=content, file_format="geojson")
    assert "file" in err.value.fields
    assert not Feature.objects.exists()


def test_import_csv_with_points_and_geometry_column(community, moderator):
    layer = make_layer(moderator, community)
    polygon = json.dumps({"type": "Polygon", "coordinates": [[[34.5, 49.5], [34.6, 49.5], [34.6, 49.6], [34.5, 49.5]]]})
    csv_text = (
        "\ufeffName;Address;Lat;Lon;hours;places;geometry\n"
        "Ліцей № 1;вул. Миру, 1;49.59;34.55;8–17;300;\n"
        f"Парк;;;;цілодобово;;\"{polygon.replace(chr(34), chr(34) * 2)}\"\n"
    )
    result = layer_import(actor=moderator, community=community, layer_id=layer.pk, content=csv_text.encode(),
                          file_format="csv")
    assert result.created == 2
    park = Feature.objects.get(name="Парк")
    assert park.geometry_type == "Polygon" and park.properties == {"hours": "цілодобово"}
    assert Feature.objects.get(name="Ліцей № 1").properties == {"hours": "8–17", "places": 300}


def test_broken_csv_import_writes_nothing(community, moderator):
    layer = make_layer(moderator, community)
    csv_text = ("name,address,lat,lon,hours,places\n"
                "Good,вул. Миру,49.59,34.55,9,1\n"
                "Bad lat,вул. Миру,north,34.55,9,1\n"
                ",вул. Миру,49.59,34.55,9,1\n"
                "Too many,a,49.59,34.55,9,1,extra\n"
                "No hours,a,49.59,34.55,,1\n")
    with pytest.raises(ImportRejected) as err:
        layer_import(actor=moderator, community=community, layer_id=layer.pk, content=csv_text, file_format="csv")
    assert [item["row"] for item in err.value.report] == ["row 3", "row 4", "row 5", "row 6"]
    assert "lat" in err.value.fields["row 3"][0]
    assert not Feature.objects.exists()


@pytest.mark.parametrize("csv_text, message", [
    ("", "empty"), ("name,address\nA,B\n", "lat"), ("title,lat,lon\nA,1,2\n", "name"),
])
def test_csv_without_required_columns(community, moderator, csv_text, message):
    layer = make_layer(moderator, community)
    with pytest.raises(ValidationFailed) as err, translation.override("en"):
        layer_import(actor=moderator, community=community, layer_id=layer.pk, content=csv_text, file_format="csv")
    assert message in err.value.fields["file"][0]


def test_import_replace_and_refusals(community, moderator, resident):
    layer = make_layer(moderator, community)
    make_point(moderator, community, layer, name="Old")
    with pytest.raises(PermissionDenied):
        layer_import(actor=resident, community=community, layer_id=layer.pk, content=_fc(_point("New")),
                     file_format="geojson", replace=True)
    with pytest.raises(ValidationFailed):
        layer_import(actor=moderator, community=community, layer_id=layer.pk, content="x", file_format="xlsx")
    result = layer_import(actor=moderator, community=community, layer_id=layer.pk, content=_fc(_point("New")),
                          file_format="geojson", replace=True)
    assert (result.created, result.deleted) == (1, 1)
    assert list(Feature.objects.values_list("name", flat=True)) == ["New"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_replacing_imports_do_not_interleave(community, moderator):
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("two concurrent writers need a server database (run with DATABASE_URL)")
    layer = make_layer(moderator, community, schema=[])
    errors = []

    def run(prefix):
        try:
            layer_import(actor=moderator, community=community, layer_id=layer.pk, file_format="geojson", replace=True,
                         content=_fc(*[{"type": "Feature", "geometry": {"type": "Point", "coordinates": [34.5, 49.5]},
                                        "properties": {"name": f"{prefix}{i}"}} for i in range(200)]))
        except Exception as exc:  # collected, so the assertion below names it
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(p,)) for p in ("a", "b")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    names = set(Feature.objects.filter(layer=layer).values_list("name", flat=True))
    assert len(names) == 200 and len({n[0] for n in names}) == 1  # one import's rows, never a mix
