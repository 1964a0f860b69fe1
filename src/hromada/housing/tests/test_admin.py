"""Housing back office: add, change and "delete selected" go through the services (audited), a refused input shows
on the form, and staff see only their own community's buildings."""

from __future__ import annotations

from django.test import Client

from hromada.core.audit.models import AuditEvent
from hromada.housing.models import Building

from .factories import make_building

ADMIN = "/admin/housing/building/"


def test_back_office_writes_through_the_services(community, other_community, community_admin):
    client = Client()
    client.force_login(community_admin)
    form = {"community": community.pk, "street": "вул. Адмінська", "number": "1", "is_public": "on"}
    added = client.post(f"{ADMIN}add/", form)
    assert added.status_code == 302, added.content.decode()[:2000]
    building = Building.objects.get(street="вул. Адмінська")
    refused = client.post(f"{ADMIN}{building.pk}/change/", {**form, "floors": "500"})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    theirs = make_building(other_community, street="вул. Чужа")
    assert "вул. Чужа" not in client.get(ADMIN).content.decode()
    deleted = client.post(ADMIN, {"action": "delete_selected", "_selected_action": [building.pk], "post": "yes"})
    assert deleted.status_code == 302
    assert list(Building.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert list(AuditEvent.objects.filter(action__startswith="housing.", community=community).order_by("pk")
                .values_list("action", flat=True)) == ["housing.building.created", "housing.building.deleted"]
