"""Back office: scoped lists, areas saved through the service, the close action through the service."""

import json

import pytest
from conftest import make_member
from django.test import Client

from hromada.appeals import routing, services
from hromada.appeals.models import Area, AreaSetVersion, Status
from hromada.appeals.tests.factories import square
from hromada.core.audit.models import AuditEvent
from hromada.core.identity.models import Role

pytestmark = pytest.mark.django_db


def test_admin_pages_render_for_community_staff(community, other_community, public_appeal, community_admin):
    make_member(other_community, Role.ADMIN)
    client = Client()
    client.force_login(community_admin)
    for model in ("appeal", "category", "area", "responsetemplate"):
        assert client.get(f"/admin/appeals/{model}/").status_code == 200, model
    page = client.get(f"/admin/appeals/appeal/{public_appeal.pk}/change/")
    assert page.status_code == 200


def test_an_area_saved_in_admin_goes_through_the_service(community, community_admin, category):
    client = Client()
    client.force_login(community_admin)
    response = client.post("/admin/appeals/area/add/", {
        "community": community.pk, "name": "Новий район", "kind": "district", "priority": 0,
        "geometry": json.dumps(square(34.70, 49.70)),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    area = Area.objects.get(name="Новий район")
    assert AreaSetVersion.objects.filter(community=community).exists()
    assert routing.area_index(community).first_containing(49.705, 34.705) == area.pk
    assert AuditEvent.objects.filter(action="appeals.area.saved", target_id=str(area.pk)).exists()


def test_close_action_uses_the_service(community, public_appeal, community_admin, official):
    services.appeal_reject(actor=community_admin, community=community, appeal_id=public_appeal.pk, reason="Дубль")
    client = Client()
    client.force_login(community_admin)
    client.post("/admin/appeals/appeal/", {"action": "close_selected", "_selected_action": [public_appeal.pk]})
    public_appeal.refresh_from_db()
    assert public_appeal.status == Status.CLOSED
    assert AuditEvent.objects.filter(action="appeals.appeal.closed", target_id=str(public_appeal.pk)).exists()


def test_staff_of_another_community_see_nothing(community, other_community, public_appeal):
    foreign = make_member(other_community, Role.ADMIN)
    client = Client()
    client.force_login(foreign)
    assert client.get(f"/admin/appeals/appeal/{public_appeal.pk}/change/").status_code in (302, 404)
    assert public_appeal.registration_index not in client.get("/admin/appeals/appeal/").content.decode()


def test_response_templates_are_written_through_their_services(community, community_admin, category):
    from hromada.appeals.models import ResponseTemplate

    client = Client()
    client.force_login(community_admin)
    response = client.post("/admin/appeals/responsetemplate/add/", {
        "community": community.pk, "title": "Ремонт заплановано", "text": "Роботи внесено до плану.",
        "category": category.pk,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    template = ResponseTemplate.objects.get(title="Ремонт заплановано")
    assert AuditEvent.objects.filter(action__startswith="appeals.response_template.", target_id=str(template.pk))
    refused = client.post(f"/admin/appeals/responsetemplate/{template.pk}/change/", {
        "community": community.pk, "title": " ", "text": "Роботи внесено до плану.", "category": category.pk})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    template.refresh_from_db()
    assert template.title == "Ремонт заплановано"
