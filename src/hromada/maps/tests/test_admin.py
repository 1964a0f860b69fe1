"""Back office of the map: scoped to the staff's communities, and every save goes through the services."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from hromada.core.audit.models import AuditEvent
from hromada.maps.models import Feature, Layer

from .factories import make_layer, make_point

pytestmark = pytest.mark.django_db


def test_admin_add_and_change_feature_through_services(community, moderator):
    layer = make_layer(moderator, community)
    client = Client()
    client.force_login(moderator)
    form = {"community": community.pk, "layer": layer.pk, "name": "Ліцей № 9", "address": "",
            "geometry": json.dumps({"type": "Point", "coordinates": [34.55, 49.59]}),
            "p_hours": "8–17", "p_places": "40", "p_phone": "", "p_open": ""}
    response = client.post("/admin/maps/feature/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    feature = Feature.objects.get(name="Ліцей № 9")
    assert feature.properties == {"hours": "8–17", "places": 40} and feature.geojson
    assert AuditEvent.objects.filter(action="maps.feature.created", target_id=str(feature.pk)).exists()
    bad = client.post(f"/admin/maps/feature/{feature.pk}/change/", {**form, "p_places": "x"})
    assert bad.status_code == 200
    html = bad.content.decode()
    # the error sits on the property's own field, not at the top of the form
    assert 'class="form-row errors field-p_places"' in html and 'id="id_p_places_error"' in html
    feature.refresh_from_db()
    assert feature.properties["places"] == 40


def test_admin_edits_properties_in_typed_fields_not_json(community, moderator):
    layer = make_layer(moderator, community)
    feature = make_point(moderator, community, layer, name="Ліцей № 3", places=120, open=True)
    client = Client()
    client.force_login(moderator)
    html = client.get(f"/admin/maps/feature/{feature.pk}/change/").content.decode()
    assert 'name="properties"' not in html
    assert 'name="p_places"' in html and 'value="120"' in html and 'name="p_phone" type="tel"' in html.replace(
        'type="tel" name="p_phone"', 'name="p_phone" type="tel"')
    assert '<option value="true" selected>' in html  # the boolean "open"
    response = client.post(f"/admin/maps/feature/{feature.pk}/change/", {
        "community": community.pk, "layer": layer.pk, "name": "Ліцей № 3", "address": "вул. Миру, 1",
        "geometry": json.dumps(feature.geometry), "p_hours": "9–18", "p_places": "1 200", "p_open": "false",
        "p_phone": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    feature.refresh_from_db()
    assert feature.properties == {"hours": "9–18", "places": 1200, "open": False}
    # The add page builds the fields of the layer it was opened from (the layer list links to it).
    listing = client.get("/admin/maps/layer/").content.decode()
    assert f"/admin/maps/feature/add/?layer={layer.pk}" in listing
    add = client.get(f"/admin/maps/feature/add/?layer={layer.pk}&community={community.pk}").content.decode()
    assert 'name="p_hours"' in add and 'name="properties"' not in add
    assert 'name="p_hours"' not in client.get("/admin/maps/feature/add/").content.decode()


def test_admin_add_page_does_not_build_fields_of_another_communitys_layer(community, other_community, moderator):
    from conftest import make_member

    from hromada.core.identity.models import Role

    other_moderator = make_member(other_community, Role.MODERATOR)
    theirs = make_layer(other_moderator, other_community, "theirs")
    client = Client()
    client.force_login(moderator)
    html = client.get(f"/admin/maps/feature/add/?layer={theirs.pk}").content.decode()
    assert 'name="p_hours"' not in html


def test_admin_is_scoped_to_the_staff_community(community, other_community, moderator, official):
    mine = make_layer(moderator, community)
    make_point(moderator, community, mine)
    from hromada.core.identity.models import Membership, Role
    from hromada.core.identity.policies import forget_roles

    Membership.objects.create(community=other_community, user=moderator, role=Role.MODERATOR)
    forget_roles(moderator)
    theirs = make_layer(moderator, other_community, "theirs")
    Membership.objects.filter(community=other_community, user=moderator).delete()
    client = Client()
    client.force_login(official)
    listing = client.get("/admin/maps/layer/").content.decode()
    assert mine.name_uk in listing and theirs.name_uk not in listing
    assert client.get(f"/admin/maps/layer/{theirs.pk}/change/").status_code == 302  # not visible: redirected
    # officials may view layers but not change them (moderators and admins shape layers)
    response = client.post(f"/admin/maps/layer/{mine.pk}/change/", {
        "slug": "schools", "name_uk": "Змінено", "colour": "#123456", "position": 1, "schema": "[]"})
    assert response.status_code == 403
    assert Layer.objects.get(pk=mine.pk).name_uk != "Змінено"
