"""Enrolment back office: admins keep institutions, groups and categories through the services (audited, refused
input on the form), officials only look, applications are read-only, and staff see only their community's rows."""

from __future__ import annotations

from django.test import Client

from hromada.core.audit.models import AuditEvent
from hromada.enrollment.models import Application, Group, PriorityCategory

from .factories import file, institution, parent

ADMIN = "/admin/enrollment/"


def test_admins_keep_categories_and_groups_through_the_services(community, other_community, community_admin):
    client = Client()
    client.force_login(community_admin)
    added = client.post(f"{ADMIN}prioritycategory/add/", {"community": community.pk, "name": "Діти ВПО", "rank": 1,
                                                          "proof": "Довідка", "is_active": "on"})
    assert added.status_code == 302, added.content.decode()[:2000]
    refused = client.post(f"{ADMIN}prioritycategory/add/", {"community": community.pk, "name": "Нуль", "rank": 0,
                                                            "is_active": "on"})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    assert list(PriorityCategory.objects.values_list("name", flat=True)) == ["Діти ВПО"]
    made, (group,) = institution(community, capacity=3)
    changed = client.post(f"{ADMIN}group/{group.pk}/change/", {"name": group.name, "start_year": group.start_year,
                                                                "age_from_months": 24, "age_to_months": 72,
                                                                "capacity": 5, "is_open": "on"})
    assert changed.status_code == 302, changed.content.decode()[:2000]
    assert Group.objects.get(pk=group.pk).capacity == 5
    _theirs, (their_group,) = institution(other_community, name="Чужий садок")
    assert "Чужий садок" not in client.get(f"{ADMIN}group/").content.decode()
    assert client.get(f"{ADMIN}group/{their_group.pk}/change/").status_code in (302, 404)
    assert set(AuditEvent.objects.filter(community=community, action__startswith="enrollment.category")
               .values_list("action", flat=True)) == {"enrollment.category.created"}


def test_applications_are_read_only_and_officials_cannot_configure(community, community_admin, official):
    _made, (group,) = institution(community)
    application = file(community, parent(community), [group])
    client = Client()
    client.force_login(community_admin)
    page = client.get(f"{ADMIN}application/{application.pk}/change/")
    assert page.status_code == 200 and application.code in page.content.decode()
    assert "child_name" not in page.content.decode() and 'name="status"' not in page.content.decode()
    assert client.post(f"{ADMIN}application/{application.pk}/change/", {"status": "enrolled"}).status_code == 403
    assert client.post(f"{ADMIN}application/{application.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Application.objects.get(pk=application.pk).status == "waiting"
    client.force_login(official)
    assert client.post(f"{ADMIN}prioritycategory/add/", {"community": community.pk, "name": "X", "rank": 1}
                       ).status_code == 403
