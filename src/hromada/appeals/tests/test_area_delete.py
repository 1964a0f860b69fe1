"""Deleting areas: the back office's bulk delete goes through area_delete (an audit event per area, a fresh
routing index), and a filing in a deleted area never fails, even when something bypassed the service.

Transactional tests: the appeal's foreign key to a vanished area is checked at commit, as in production."""

import pytest
from django.test import Client

from hromada.appeals import routing
from hromada.appeals.models import Appeal, Area, AreaSetVersion
from hromada.appeals.tests.factories import make_appeal, make_area, make_category, route_rule
from hromada.core.audit.models import AuditEvent
from hromada.core.identity.models import Department

pytestmark = pytest.mark.django_db(transaction=True)

# A point inside "Центр" (lon 34.55–34.56, lat 49.59–49.60).
LAT, LON = 49.595, 34.555


@pytest.fixture
def city(community, department):
    centre = make_area(community, "Центр", 34.55, 49.59)
    river = make_area(community, "Річка", 34.70, 49.70)
    roads = Department.objects.create(community=community, name="Дороги")
    category = make_category(community, "pothole", fallback=department)
    route_rule(community, category, centre, roads)
    return {"centre": centre, "river": river, "roads": roads, "category": category, "fallback": department}


def _file_through_the_form(community, resident):
    client = Client()
    client.force_login(resident)
    return client.post(f"/c/{community.slug}/appeals/new/", {
        "category": "pothole", "description": "Яма на дорозі", "lat": str(LAT), "lon": str(LON)})


def test_a_filing_in_an_area_deleted_past_the_service_falls_back(community, resident, city):
    first = make_appeal(community, resident, city["category"], lat=LAT, lon=LON)  # warms this process's index
    assert (first.area_id, first.department_id) == (city["centre"].pk, city["roads"].pk)
    Area.objects.filter(pk=city["centre"].pk).delete()  # a bulk delete or a shell: the version stays
    response = _file_through_the_form(community, resident)
    assert response.status_code == 302
    appeal = Appeal.objects.latest("pk")
    assert appeal.area_id is None and appeal.department_id == city["fallback"].pk
    assert routing.area_index(community).first_containing(LAT, LON) is None  # rebuilt from the rows


def test_bulk_delete_in_the_back_office_goes_through_area_delete(community, resident, community_admin, city):
    make_appeal(community, resident, city["category"], lat=LAT, lon=LON)  # warms this process's index
    version = AreaSetVersion.objects.get(community=community).version
    ids = [city["centre"].pk, city["river"].pk]
    admin = Client()
    admin.force_login(community_admin)
    confirm = admin.post("/admin/appeals/area/", {"action": "delete_selected", "_selected_action": ids})
    assert confirm.status_code == 200 and Area.objects.filter(pk__in=ids).count() == 2
    done = admin.post("/admin/appeals/area/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert done.status_code == 302 and not Area.objects.filter(pk__in=ids).exists()
    deleted = AuditEvent.objects.filter(action="appeals.area.deleted", community=community)
    assert sorted(int(pk) for pk in deleted.values_list("target_id", flat=True)) == sorted(ids)
    assert set(deleted.values_list("actor_id", flat=True)) == {community_admin.pk}
    assert AreaSetVersion.objects.get(community=community).version != version
    assert routing.area_index(community).first_containing(LAT, LON) is None
    response = _file_through_the_form(community, resident)
    assert response.status_code == 302
    appeal = Appeal.objects.latest("pk")
    assert appeal.area_id is None and appeal.department_id == city["fallback"].pk
