"""Routing: the area holding the point (border included), the (category, area) rule, and the fallbacks."""

import json

import pytest

from hromada.appeals import routing, services
from hromada.appeals.models import Appeal, AreaSetVersion
from hromada.appeals.tests.factories import make_appeal, make_area, make_category, route_rule
from hromada.core.errors import PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(community, department):
    north = make_area(community, "North", 34.50, 49.60)  # lon 34.50–34.51, lat 49.60–49.61
    south = make_area(community, "South", 34.50, 49.59)  # shares the border lat 49.60 with North
    roads = Department.objects.create(community=community, name="Roads")
    parks = Department.objects.create(community=community, name="Parks")
    category = make_category(community, "light", fallback=parks)
    route_rule(community, category, north, roads)
    route_rule(community, category, south, department)
    return {"north": north, "south": south, "roads": roads, "parks": parks, "category": category}


def test_inside_an_area_uses_its_rule(community, setup):
    result = routing.route(community, setup["category"], 49.605, 34.505)
    assert result.area_id == setup["north"].pk and result.department_id == setup["roads"].pk


def test_on_the_border_counts_as_inside(community, setup):
    result = routing.route(community, setup["category"], 49.60, 34.505)
    # Both areas touch the point; the first in priority order (then creation order) wins.
    assert result.area_id in {setup["north"].pk, setup["south"].pk}
    assert result.department_id is not None
    corner = routing.route(community, setup["category"], 49.61, 34.51)
    assert corner.area_id == setup["north"].pk


def test_outside_every_area_falls_back_to_the_category(community, setup):
    result = routing.route(community, setup["category"], 48.0, 30.0)
    assert result.area_id is None and result.department_id == setup["parks"].pk


def test_category_rule_without_area_beats_the_category_fallback(community, setup):
    general = Department.objects.create(community=community, name="General")
    route_rule(community, setup["category"], None, general)
    assert routing.route(community, setup["category"], 48.0, 30.0).department_id == general.pk
    assert routing.route(community, setup["category"], 49.605, 34.505).department_id == setup["roads"].pk


def test_no_rule_and_no_category_fallback_uses_the_community_fallback(community, setup):
    bare = make_category(community, "bare")
    assert routing.route(community, bare, 48.0, 30.0).department_id is None
    office = Department.objects.create(community=community, name="Канцелярія", short_name="office")
    community.capability_settings = {"appeals": {"fallback_department": "office"}}
    community.save()
    assert routing.route(community, bare, 48.0, 30.0).department_id == office.pk


def test_higher_priority_area_wins_where_areas_overlap(community, setup):
    zone = services.area_save(actor=SYSTEM, community=community, name="Zone", priority=10,
                              geometry={"type": "Polygon", "coordinates": [[[34.50, 49.60], [34.52, 49.60],
                                                                            [34.52, 49.62], [34.50, 49.62],
                                                                            [34.50, 49.60]]]})
    assert routing.route(community, setup["category"], 49.605, 34.505).area_id == zone.pk


def test_index_is_cached_and_rebuilt_when_areas_change(community, setup, django_assert_num_queries):
    first = routing.area_index(community)
    with django_assert_num_queries(1):  # the version check only
        assert routing.area_index(community) is first
    version = AreaSetVersion.objects.get(community=community).version
    services.area_save(actor=SYSTEM, community=community, name="North", geometry=setup["north"].geometry,
                       area_id=setup["north"].pk, priority=5)
    assert AreaSetVersion.objects.get(community=community).version != version
    assert routing.area_index(community) is not first
    services.area_delete(actor=SYSTEM, community=community, area_id=setup["south"].pk)
    assert len(routing.area_index(community)) == 1


def test_a_new_area_routes_the_next_appeal(community, resident, setup):
    east = make_area(community, "East", 34.60, 49.60)
    eastern = Department.objects.create(community=community, name="Eastern office")
    route_rule(community, setup["category"], east, eastern)
    appeal = make_appeal(community, resident, setup["category"], lat=49.605, lon=34.605)
    assert appeal.area_id == east.pk and appeal.department_id == eastern.pk


def test_area_input_is_validated_and_nothing_is_written(community, community_admin):
    bad = [
        {"type": "Point", "coordinates": [34.5, 49.6]},
        {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]},  # self-intersecting
        "not json",
        {"type": "Polygon", "coordinates": "x"},
    ]
    for geometry in bad:
        with pytest.raises(ValidationFailed):
            services.area_save(actor=community_admin, community=community, name="Bad", geometry=geometry)
    with pytest.raises(ValidationFailed):
        services.area_save(actor=community_admin, community=community, name="", geometry=bad[0])
    assert not AreaSetVersion.objects.filter(community=community).exists()


def test_only_community_admins_edit_areas(community, official, resident):
    for actor in (official, resident):
        with pytest.raises(PermissionDenied):
            services.area_save(actor=actor, community=community, name="X",
                               geometry={"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]})


def test_areas_of_another_community_never_route(community, other_community, resident, setup):
    make_area(other_community, "Foreign", 34.40, 49.40)
    appeal = make_appeal(community, resident, setup["category"], lat=49.405, lon=34.405)
    assert appeal.area_id is None
    assert Appeal.objects.filter(community=other_community).count() == 0


def test_areas_import_is_all_or_nothing(community, community_admin, resident, tmp_path):
    from django.core.management import CommandError, call_command

    from hromada.appeals.models import Area
    from hromada.appeals.tests.factories import square

    good = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "A"}, "geometry": square(34.5, 49.5)},
        {"type": "Feature", "properties": {"name": "B", "priority": 3}, "geometry": square(34.6, 49.5)},
    ]}
    bad = {"type": "FeatureCollection", "features": [
        *good["features"],
        {"type": "Feature", "properties": {"name": "A"}, "geometry": square(34.7, 49.5)},
        {"type": "Feature", "properties": {"name": "C"}, "geometry": {"type": "Point", "coordinates": [1, 2]}},
        {"type": "Feature", "properties": {}, "geometry": None},
    ]}
    with pytest.raises(ValidationFailed) as err:
        services.areas_import(actor=community_admin, community=community, data=bad)
    assert set(err.value.fields) == {"features[3]", "features[4]", "features[5]"}
    for broken in ("{", {"type": "Feature"}, {"type": "FeatureCollection", "features": []}):
        with pytest.raises(ValidationFailed):
            services.areas_import(actor=community_admin, community=community, data=broken)
    assert not Area.objects.filter(community=community).exists()
    with pytest.raises(PermissionDenied):
        services.areas_import(actor=resident, community=community, data=good)
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps(good))
    call_command("appeals_import_areas", community.slug, str(path))
    assert dict(Area.objects.filter(community=community).values_list("name", "priority")) == {"A": 0, "B": 3}
    call_command("appeals_import_areas", community.slug, str(path))  # same names update, no duplicates
    assert Area.objects.filter(community=community).count() == 2
    path.write_text(json.dumps(bad))
    with pytest.raises(CommandError):
        call_command("appeals_import_areas", community.slug, str(path))
