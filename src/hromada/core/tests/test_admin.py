"""The back office: staff see and change only their own community; audit events cannot be edited."""

from __future__ import annotations

import pytest
from conftest import make_member, make_user

from hromada.core.audit.models import AuditEvent
from hromada.core.audit.services import audit_record
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign_department(other_community):
    return Department.objects.create(community=other_community, name="Чужий відділ")


def test_staff_see_only_their_community(client, community, other_community, moderator, department,
                                        foreign_department):
    client.force_login(moderator)
    page = client.get("/admin/identity/department/").content.decode()
    assert department.name in page and foreign_department.name not in page
    assert client.get(f"/admin/identity/department/{department.pk}/change/").status_code == 200
    response = client.get(f"/admin/identity/department/{foreign_department.pk}/change/")
    assert response.status_code == 302  # "does not exist", back to the index
    assert foreign_department.name not in client.get(response["Location"], follow=True).content.decode()


def test_community_admin_cannot_pick_another_communitys_rows(client, community, other_community, community_admin,
                                                              foreign_department):
    client.force_login(community_admin)
    response = client.post("/admin/identity/department/add/", {
        "community": other_community.pk, "name": "Підкинутий", "is_active": "on",
    })
    assert response.status_code == 200  # the form refuses the choice
    assert not Department.objects.filter(name="Підкинутий").exists()


def test_moderator_cannot_manage_roles(client, community, moderator):
    client.force_login(moderator)
    assert client.get("/admin/identity/membership/add/").status_code == 403


def test_role_granted_in_admin_goes_through_the_service(client, community, community_admin):
    newcomer = make_user()
    client.force_login(community_admin)
    response = client.post("/admin/identity/membership/add/", {
        "community": community.pk, "user": newcomer.pk, "role": Role.MODERATOR, "position": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.filter(user=newcomer, role=Role.MODERATOR).exists()
    newcomer.refresh_from_db()
    assert newcomer.is_staff
    assert AuditEvent.objects.filter(action="core.membership.granted").exists()


def test_users_and_identities_are_for_superusers_only(client, community, community_admin):
    client.force_login(community_admin)
    assert client.get("/admin/identity/user/").status_code == 403
    assert client.get("/admin/identity/verifiedidentity/").status_code == 403


def test_audit_is_browsable_but_not_editable(client, community, other_community, moderator):
    mine = audit_record(actor=moderator, community=community, action="core.test.mine")
    theirs = audit_record(actor=SYSTEM, community=other_community, action="core.test.theirs")
    client.force_login(moderator)
    page = client.get("/admin/audit/auditevent/").content.decode()
    assert "core.test.mine" in page and "core.test.theirs" not in page
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{mine.pk}/change/", {"action": "x"}).status_code in (302, 403)
    assert client.post(f"/admin/audit/auditevent/{mine.pk}/delete/", {"post": "yes"}).status_code in (302, 403)
    assert AuditEvent.objects.get(pk=mine.pk).action == "core.test.mine"
    assert client.get(f"/admin/audit/auditevent/{theirs.pk}/change/").status_code == 302


def test_audit_list_survives_a_deleted_actor(client, community, moderator):
    gone = make_user()
    audit_record(actor=gone, community=community, action="core.test.gone")
    gone.delete()
    client.force_login(moderator)
    assert client.get("/admin/audit/auditevent/").status_code == 200


def test_community_admin_edits_contacts_of_own_community_only(client, community, other_community, community_admin):
    client.force_login(community_admin)
    page = client.get("/admin/tenancy/community/").content.decode()
    assert "Громада alpha" in page and "Громада beta" not in page
    assert client.get(f"/admin/tenancy/community/{other_community.pk}/change/").status_code == 302
    assert client.get(f"/admin/tenancy/community/{community.pk}/delete/").status_code == 403


def test_resident_has_no_back_office(client, community, resident):
    client.force_login(resident)
    assert client.get("/admin/").status_code == 302  # not staff: the admin login page


def test_staff_of_two_communities_see_both(client, community, other_community, department, foreign_department):
    person = make_member(community, Role.MODERATOR)
    Membership.objects.create(community=other_community, user=person, role=Role.MODERATOR)
    client.force_login(person)
    page = client.get("/admin/identity/department/").content.decode()
    assert department.name in page and foreign_department.name in page


def test_people_drop_downs_list_only_people_of_the_staff_communities(client, community, other_community,
                                                                      community_admin, official):
    stranger = make_member(other_community, Role.RESIDENT, email="stranger@elsewhere.example")
    client.force_login(community_admin)
    page = client.get("/admin/identity/department/add/").content.decode()
    assert official.email in page or str(official) in page
    assert stranger.email not in page and str(stranger) not in page


def test_departments_are_managed_by_community_admins_through_the_service(client, community, moderator,
                                                                         community_admin, department):
    client.force_login(moderator)
    assert client.get("/admin/identity/department/add/").status_code == 403
    client.force_login(community_admin)
    response = client.post("/admin/identity/department/add/", {"community": community.pk, "name": "Відділ спорту",
                                                               "is_active": "on"})
    assert response.status_code == 302
    created = Department.objects.get(name="Відділ спорту")
    assert AuditEvent.objects.filter(action="core.department.created", target_id=str(created.pk)).exists()


@pytest.mark.django_db
def test_community_admin_switches_services_and_edits_settings_through_services(client, community, community_admin):
    from hromada.core.audit.models import AuditEvent
    from hromada.core.tenancy.models import Community

    client.force_login(community_admin)
    url = f"/admin/tenancy/community/{community.pk}/services/"
    page = client.get(url)
    assert page.status_code == 200
    assert "enabled__petitions" in page.content.decode()
    form = {f"enabled__{slug}": "on" for slug in community.enabled_capabilities if slug != "maps"}
    form.update({"petitions__threshold": "300", "petitions__identity_level": "email"})
    response = client.post(url, form)
    assert response.status_code == 302
    community = Community.objects.get(pk=community.pk)
    assert not community.capability_enabled("maps")
    assert community.setting("petitions", "threshold") == 300
    assert community.setting("petitions", "identity_level") == "email"
    assert AuditEvent.objects.filter(community=community, action="core.community.settings_changed").exists()


@pytest.mark.django_db
def test_services_page_refuses_a_value_outside_the_choices_and_changes_nothing(client, community, community_admin):
    from hromada.core.tenancy.models import Community

    client.force_login(community_admin)
    url = f"/admin/tenancy/community/{community.pk}/services/"
    form = {f"enabled__{slug}": "on" for slug in community.enabled_capabilities}
    form["petitions__identity_level"] = "none"
    response = client.post(url, form)
    assert response.status_code == 200  # the form again, with the error
    assert Community.objects.get(pk=community.pk).setting("petitions", "identity_level") == "strong"


@pytest.mark.django_db
def test_staff_who_are_not_admins_cannot_open_the_services_page(client, community, moderator, other_community):
    client.force_login(moderator)
    assert client.get(f"/admin/tenancy/community/{community.pk}/services/").status_code in (302, 403, 404)


@pytest.mark.django_db
def test_superuser_blocks_an_account_through_the_service(client, community, resident):
    root = make_user()
    root.is_superuser = root.is_staff = True
    root.save()
    client.force_login(root)
    response = client.post(f"/admin/identity/user/{resident.pk}/change/", {"is_staff": "", "is_superuser": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    resident.refresh_from_db()
    assert not resident.is_active
    assert AuditEvent.objects.filter(action="core.user.access_changed", target_id=str(resident.pk)).exists()
    assert client.get("/admin/identity/user/add/").status_code == 403  # accounts sign up or come from a command
