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
            "properties": json.dumps({"hours": "8–17", "places": "40"})}
    response = client.post("/admin/maps/feature/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    feature = Feature.objects.get(name="Ліцей № 9")
    assert feature.properties == {"hours": "8–17", "places": 40} and feature.geojson
    assert AuditEvent.objects.filter(action="maps.feature.created", target_id=str(feature.pk)).exists()
    bad = client.post(f"/admin/maps/feature/{feature.pk}/change/", {**form, "properties": json.dumps({"places": "x"})})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    feature.refresh_from_db()
    assert feature.properties["places"] == 40


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
