"""Back office: staff see their community's petitions only, and the publish action goes through the service."""

from __future__ import annotations

import pytest
from conftest import make_member
from django.test import Client

from hromada.core.audit.models import AuditEvent
from hromada.core.identity.models import Role
from hromada.petitions.models import Petition, Status

from . import factories as f

pytestmark = pytest.mark.django_db


def test_admin_scoped_and_publish_action_uses_service(community, other_community, resident, moderator):
    mine = f.submitted(community, resident)
    theirs = f.submitted(other_community, make_member(other_community))
    client = Client()
    client.force_login(moderator)
    page = client.get("/admin/petitions/petition/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f"/admin/petitions/petition/{mine.pk}/change/" in body
    assert f"/admin/petitions/petition/{theirs.pk}/change/" not in body
    assert client.get("/admin/petitions/petition/add/").status_code == 403
    client.post("/admin/petitions/petition/", {"action": "publish", "_selected_action": [mine.pk, theirs.pk]})
    assert Petition.objects.get(pk=mine.pk).status == Status.COLLECTING
    assert Petition.objects.get(pk=theirs.pk).status == Status.SUBMITTED
    assert AuditEvent.objects.filter(action="petitions.petition.published", actor=moderator).count() == 1


def test_residents_have_no_back_office(community, resident):
    client = Client()
    client.force_login(make_member(community, Role.RESIDENT))
    assert client.get("/admin/petitions/petition/").status_code in (302, 403)


def test_categories_are_kept_by_community_admins_through_the_services(community, other_community):
    from hromada.petitions.models import Category

    admin_user = make_member(community, Role.ADMIN)
    client = Client()
    client.force_login(admin_user)
    response = client.post("/admin/petitions/category/add/", {"community": community.pk, "name": " Екологія ",
                                                               "is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:1500]
    category = Category.objects.get(community=community, name="Екологія")
    assert AuditEvent.objects.filter(action="petitions.category.saved", target_id=str(category.pk)).exists()
    duplicate = client.post("/admin/petitions/category/add/", {"community": community.pk, "name": "Екологія"})
    assert duplicate.status_code == 200 and "errorlist" in duplicate.content.decode()
    assert Category.objects.filter(community=community, name="Екологія").count() == 1
    moderator = make_member(community, Role.MODERATOR)
    client.force_login(moderator)
    client.post("/admin/petitions/category/add/", {"community": community.pk, "name": "Інше"})
    assert not Category.objects.filter(name="Інше").exists()
