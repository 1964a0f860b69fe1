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
