"""The kernel's services for the back office: community_update, departments, memberships, calendar days and
account access, each with its happy path, its policy and bad input; the demo provider on a real install; the
"members with role" selector; and the audit that every public service of the kernel is a @service."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import make_community, make_member, make_user

from hromada.core.audit.models import AuditEvent
from hromada.core.calendar import working_days
from hromada.core.calendar.models import CalendarDay
from hromada.core.calendar.services import calendar_day_delete, calendar_day_set
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, IdentityLevel, Membership, Role, User, VerifiedIdentity
from hromada.core.identity.policies import DEMO_PROVIDER, identity_level
from hromada.core.identity.selectors import member_ids_with_role, members_with_role
from hromada.core.identity.services import (
    department_create,
    department_delete,
    department_update,
    identity_verify,
    membership_create,
    membership_delete,
    membership_update,
    user_update_access,
)
from hromada.core.tenancy.models import Community
from hromada.core.tenancy.selectors import invalidate_community_cache
from hromada.core.tenancy.services import community_update

pytestmark = pytest.mark.django_db


# --- community_update ----------------------------------------------------------------------------------------

def test_community_admin_updates_contacts(community, community_admin):
    updated = community_update(actor=community_admin, community=community, email="rada@alpha.example",
                               phone="+380 44 000 00 00")
    assert (updated.email, Community.objects.get(pk=community.pk).phone) == ("rada@alpha.example", "+380 44 000 00 00")
    event = AuditEvent.objects.get(action="core.community.changed")
    assert event.data == {"fields": ["email", "phone"]} and event.actor_id == community_admin.pk


def test_identity_fields_are_for_superusers(community, community_admin):
    with pytest.raises(PermissionDenied):
        community_update(actor=community_admin, community=community, slug="renamed")
    root = User.objects.create_superuser("root@example.org", "x" * 12)
    assert community_update(actor=root, community=community, slug="renamed").slug == "renamed"


@pytest.mark.parametrize("actor", ["moderator", "resident", "other_admin"])
def test_community_update_refused(community, other_community, moderator, resident, actor):
    who = {"moderator": moderator, "resident": resident, "other_admin": make_member(other_community, Role.ADMIN)}
    with pytest.raises(PermissionDenied):
        community_update(actor=who[actor], community=community, email="x@example.org")
    assert not AuditEvent.objects.filter(action="core.community.changed").exists()


@pytest.mark.parametrize("changes, field", [({"email": "not an email"}, "email"), ({"website": "nope"}, "website"),
                                            ({"enabled_capabilities": []}, "enabled_capabilities")])
def test_community_update_bad_input_writes_nothing(community, community_admin, changes, field):
    with pytest.raises(ValidationFailed) as exc:
        community_update(actor=community_admin, community=community, **changes)
    assert field in exc.value.fields
    assert Community.objects.get(pk=community.pk).email == community.email


# --- departments ---------------------------------------------------------------------------------------------

def test_department_update_and_delete(community, community_admin, department):
    head = make_member(community, Role.OFFICIAL, department=department)
    changed = department_update(actor=community_admin, community=community, department=department, name="ЖКГ",
                                email="zhkg@example.org", head=head, is_active=False)
    assert (changed.name, changed.head, changed.is_active) == ("ЖКГ", head, False)
    assert AuditEvent.objects.get(action="core.department.changed").data["fields"] == [
        "email", "head", "is_active", "name"]
    spare = department_create(actor=community_admin, community=community, name="Запасний")
    department_delete(actor=community_admin, community=community, department=spare)
    assert not Department.objects.filter(pk=spare.pk).exists()
    assert AuditEvent.objects.filter(action="core.department.deleted", target_id=str(spare.pk)).exists()


def test_department_in_use_is_not_deleted(community, community_admin, department):
    make_member(community, Role.OFFICIAL, department=department)
    with pytest.raises(Conflict):
        department_delete(actor=community_admin, community=community, department=department)
    assert Department.objects.filter(pk=department.pk).exists()


def test_department_writes_refused(community, other_community, moderator, department):
    with pytest.raises(PermissionDenied):
        department_update(actor=moderator, community=community, department=department, name="Інше")
    with pytest.raises(PermissionDenied):
        department_delete(actor=moderator, community=community, department=department)
    other_admin = make_member(other_community, Role.ADMIN)
    with pytest.raises(NotFound):  # "not yours" looks like "not found"
        department_update(actor=other_admin, community=other_community, department=department, name="Інше")
    assert Department.objects.get(pk=department.pk).name == "Відділ благоустрою"


@pytest.mark.parametrize("kwargs, field", [({"name": ""}, "name"), ({"email": "nope"}, "email"),
                                           ({"phone": "1" * 41}, "phone"), ({"short_name": "я" * 61}, "short_name")])
def test_department_update_bad_input(community, community_admin, department, kwargs, field):
    with pytest.raises(ValidationFailed) as exc:
        department_update(actor=community_admin, community=community, department=department,
                          **{"name": "Нова назва", **kwargs})
    assert field in exc.value.fields
    assert Department.objects.get(pk=department.pk).name == "Відділ благоустрою"


def test_department_head_must_belong_to_the_community(community, other_community, community_admin, department):
    stranger = make_member(other_community, Role.RESIDENT)
    with pytest.raises(ValidationFailed) as exc:
        department_update(actor=community_admin, community=community, department=department, name="X", head=stranger)
    assert "head" in exc.value.fields


def test_department_name_taken_is_a_conflict(community, community_admin, department):
    other = department_create(actor=community_admin, community=community, name="Освіта")
    with pytest.raises(Conflict):
        department_update(actor=community_admin, community=community, department=other, name=department.name)


# --- memberships ---------------------------------------------------------------------------------------------

def test_membership_update_moves_an_official(community, community_admin, department):
    official = make_member(community, Role.OFFICIAL, department=department)
    membership = Membership.objects.get(user=official, community=community)
    second = department_create(actor=community_admin, community=community, name="Освіта")
    updated = membership_update(actor=community_admin, community=community, membership=membership,
                                position="Головний спеціаліст", department=second)
    assert (updated.department, updated.position) == (second, "Головний спеціаліст")
    event = AuditEvent.objects.get(action="core.membership.changed")
    assert event.data["before"]["department"] == department.pk and event.data["after"]["department"] == second.pk


def test_membership_update_refusals(community, other_community, community_admin, moderator, department):
    official = make_member(community, Role.OFFICIAL, department=department)
    membership = Membership.objects.get(user=official, community=community)
    with pytest.raises(PermissionDenied):
        membership_update(actor=moderator, community=community, membership=membership, position="x",
                          department=department)
    with pytest.raises(ValidationFailed):  # an official needs a department
        membership_update(actor=community_admin, community=community, membership=membership, position="x",
                          department=None)
    foreign = Department.objects.create(community=other_community, name="Чужий")
    with pytest.raises(NotFound):
        membership_update(actor=community_admin, community=community, membership=membership, position="x",
                          department=foreign)
    with pytest.raises(ValidationFailed):
        membership_update(actor=community_admin, community=community, membership=membership, position="я" * 201,
                          department=department)
    assert Membership.objects.get(pk=membership.pk).department == department


def test_membership_create_and_delete_by_system(community):
    user = make_user()
    membership = membership_create(actor=SYSTEM, community=community, user=user, role=Role.MODERATOR)
    assert User.objects.get(pk=user.pk).is_staff
    assert AuditEvent.objects.get(action="core.membership.granted").actor_id is None  # the platform
    membership_delete(actor=SYSTEM, community=community, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()


# --- calendar days -------------------------------------------------------------------------------------------

def test_calendar_day_set_moves_deadlines_and_is_audited(community, community_admin):
    friday = date(2026, 3, 6)
    before = working_days.add_working_days(community, friday, 1)
    assert before == date(2026, 3, 9)
    calendar_day_set(actor=community_admin, community=community, date=date(2026, 3, 9), is_working_day=False,
                     note="Вихідний")
    assert working_days.add_working_days(community, friday, 1) == date(2026, 3, 10)
    row = calendar_day_set(actor=community_admin, community=community, date=date(2026, 3, 9), is_working_day=True)
    assert CalendarDay.objects.filter(community=community).count() == 1 and row.is_working_day
    events = list(AuditEvent.objects.filter(action="core.calendar_day.set").order_by("pk"))
    assert len(events) == 2 and events[1].data["before"] == {"date": "2026-03-09", "is_working_day": False}
    calendar_day_delete(actor=community_admin, community=community, calendar_day=row)
    assert not CalendarDay.objects.exists()
    assert AuditEvent.objects.filter(action="core.calendar_day.deleted").count() == 1


def test_calendar_day_set_refused(community, other_community, moderator, community_admin):
    with pytest.raises(PermissionDenied):
        calendar_day_set(actor=moderator, community=community, date=date(2026, 3, 9), is_working_day=False)
    theirs = CalendarDay.objects.create(community=other_community, date=date(2026, 3, 9), is_working_day=False)
    with pytest.raises(NotFound):
        calendar_day_set(actor=community_admin, community=community, calendar_day=theirs, date=date(2026, 3, 10),
                         is_working_day=True)
    with pytest.raises(NotFound):
        calendar_day_delete(actor=community_admin, community=community, calendar_day=theirs)
    assert CalendarDay.objects.get(pk=theirs.pk).date == date(2026, 3, 9)
    assert not AuditEvent.objects.filter(action__startswith="core.calendar_day").exists()


@pytest.mark.parametrize("day, note, field", [("2026-03-09", "", "date"), (None, "", "date"),
                                              (date(2026, 3, 9), "я" * 201, "note")])
def test_calendar_day_set_bad_input(community, community_admin, day, note, field):
    with pytest.raises(ValidationFailed) as exc:
        calendar_day_set(actor=community_admin, community=community, date=day, is_working_day=False, note=note)
    assert field in exc.value.fields
    assert not CalendarDay.objects.exists()


# --- accounts ------------------------------------------------------------------------------------------------

def test_user_update_access_is_for_superusers(community, community_admin, resident):
    with pytest.raises(PermissionDenied):
        user_update_access(actor=community_admin, user=resident, is_active=False, is_staff=False, is_superuser=False)
    root = User.objects.create_superuser("root@example.org", "x" * 12)
    user_update_access(actor=root, user=resident, is_active=False, is_staff=False, is_superuser=False)
    assert not User.objects.get(pk=resident.pk).is_active
    assert AuditEvent.objects.get(action="core.user.access_changed").data["after"]["is_active"] is False
    with pytest.raises(ValidationFailed):  # nobody locks themselves out
        user_update_access(actor=root, user=root, is_active=True, is_staff=True, is_superuser=False)


# --- the demo provider (regression: it was accepted on any install) -----------------------------------------

def test_demo_provider_is_refused_when_a_real_community_exists(community):
    assert not community.is_demo
    user = make_user()
    with pytest.raises(PermissionDenied):
        identity_verify(actor=user, user=user, provider=DEMO_PROVIDER, subject="1234567890", verified_name="Демо")
    assert not VerifiedIdentity.objects.filter(user=user).exists()


def test_demo_provider_works_for_the_demo_loader_and_on_demo_only_installs(community):
    user = make_user()
    identity_verify(actor=SYSTEM, user=user, provider=DEMO_PROVIDER, subject="1234567890", verified_name="Демо")
    assert VerifiedIdentity.objects.get(user=user).provider == DEMO_PROVIDER
    Community.objects.update(is_demo=True)
    invalidate_community_cache()
    other = make_user()
    identity_verify(actor=other, user=other, provider=DEMO_PROVIDER, subject="0987654321", verified_name="Демо")
    assert identity_level(User.objects.get(pk=other.pk)) == IdentityLevel.STRONG


def test_nobody_verifies_someone_else(community):
    first, second = make_user(), make_user()
    with pytest.raises(PermissionDenied):
        identity_verify(actor=first, user=second, provider="bankid", subject="1234567890", verified_name="Х")


# --- members with a role -------------------------------------------------------------------------------------

def test_members_with_role(community, other_community, department, moderator, community_admin):
    official = make_member(community, Role.OFFICIAL, department=department)
    make_member(other_community, Role.MODERATOR)
    blocked = make_member(community, Role.MODERATOR)
    User.objects.filter(pk=blocked.pk).update(is_active=False)
    assert set(members_with_role(community=community, roles=Role.MODERATOR)) == {moderator}
    assert set(members_with_role(community=community, roles=[Role.MODERATOR, Role.ADMIN])) == {moderator,
                                                                                               community_admin}
    assert list(members_with_role(community=community, roles=Role.OFFICIAL, department=department)) == [official]
    assert member_ids_with_role(community=community, roles=Role.OFFICIAL, department=department.pk + 1000) == set()
    assert member_ids_with_role(community=make_community("gamma"), roles=Role.ADMIN) == set()

