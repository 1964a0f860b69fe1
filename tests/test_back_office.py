"""The back office across capabilities: a delete the service refuses is rolled back (no row gone, no log entry,
no audit event) and shown; bulk delete of appeal areas goes through area_delete (audit, fresh routing index),
so the next appeal in that place is routed, not a 500."""

from __future__ import annotations

import pytest
from conftest import make_member
from django.contrib.admin.models import LogEntry
from django.contrib.messages import constants
from django.test import Client

from hromada.appeals import routing, services
from hromada.appeals.models import Area, RoutingRule
from hromada.appeals.tests.factories import make_area, make_category
from hromada.core.audit.models import AuditEvent
from hromada.core.identity.models import Role

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_delete_the_service_refuses_is_rolled_back_and_shown(community, community_admin, department):
    category = make_category(community, "light", fallback=department)
    RoutingRule.objects.create(community=community, category=category, area=None, department=department)
    response = _client(community_admin).post(f"/admin/identity/department/{department.pk}/delete/",
                                             {"post": "yes"}, follow=True)
    assert response.status_code == 200
    errors = [m for m in response.context["messages"] if m.level == constants.ERROR]
    assert len(errors) == 1 and department.name in str(errors[0])
    assert department.__class__.objects.filter(pk=department.pk).exists()
    assert RoutingRule.objects.filter(department=department).exists()
    assert not AuditEvent.objects.filter(action="core.department.deleted").exists()
    assert not LogEntry.objects.filter(object_id=str(department.pk)).exists()


def test_bulk_delete_of_areas_goes_through_area_delete(community, community_admin, department, resident):
    category = make_category(community, "light", fallback=department)
    centre = make_area(community, "Центр", 34.55, 49.59)
    north = make_area(community, "Північ", 34.70, 49.70)
    RoutingRule.objects.create(community=community, category=category, area=centre, department=department)
    assert routing.area_index(community).first_containing(49.595, 34.555) == centre.pk  # index built and cached
    client = _client(community_admin)
    ids = [str(centre.pk), str(north.pk)]
    client.post("/admin/appeals/area/", {"action": "delete_selected", "_selected_action": ids})
    client.post("/admin/appeals/area/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert not Area.objects.filter(community=community).exists()
    assert AuditEvent.objects.filter(action="appeals.area.deleted").count() == 2
    assert routing.area_index(community).first_containing(49.595, 34.555) is None  # no stale index
    appeal = services.appeal_create(actor=resident, community=community, category_code="light",
                                    description="Не світить ліхтар біля школи", lat=49.595, lon=34.555,
                                    address="вул. Шкільна, 1")
    assert appeal.department_id == department.pk  # the category's fallback, no 500


def test_staff_of_another_community_cannot_bulk_delete_areas(community, other_community, community_admin):
    theirs = make_area(other_community, "Чужий", 34.55, 49.59)
    outsider = make_member(community, Role.ADMIN)
    _client(outsider).post("/admin/appeals/area/", {"action": "delete_selected", "_selected_action": [str(theirs.pk)],
                                                    "post": "yes"})
    assert Area.objects.filter(pk=theirs.pk).exists()

