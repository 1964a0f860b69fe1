"""People and roles: policies over memberships, role services, verified identities, profiles."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import make_member, make_user
from django.contrib.auth.models import AnonymousUser

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity import policies
from hromada.core.identity.models import Department, IdentityLevel, Membership, Role, User, VerifiedIdentity
from hromada.core.identity.services import (
    department_create,
    identity_verify,
    membership_create,
    membership_delete,
    resident_join,
    subject_hash,
    user_update_profile,
)

pytestmark = pytest.mark.django_db


# --- policies ------------------------------------------------------------------------------------------------

def test_roles_are_per_community(community, other_community, moderator, official, community_admin, resident,
                                 department):
    assert policies.can_moderate(moderator, community) and not policies.can_moderate(moderator, other_community)
    assert policies.can_moderate(community_admin, community)
    assert not policies.can_moderate(official, community) and not policies.can_moderate(resident, community)
    assert policies.is_staff_of(official, community) and not policies.is_staff_of(resident, community)
    assert policies.can_administer_community(community_admin, community)
    assert not policies.can_administer_community(moderator, community)
    assert policies.is_member(resident, community) and not policies.is_member(resident, other_community)


def test_department_policies(community, official, community_admin, department, resident):
    other = Department.objects.create(community=community, name="Інший")
    assert policies.department_ids_of(official, community) == {department.pk}
    assert policies.works_in_department(official, community, department.pk)
    assert not policies.works_in_department(official, community, other.pk)
    assert not policies.works_in_department(official, community, None)
    assert policies.works_in_department(community_admin, community, other.pk)
    assert not policies.works_in_department(resident, community, department.pk)


def test_anonymous_and_none_have_no_roles(community):
    for nobody in (None, AnonymousUser()):
        assert not policies.has_role(nobody, community, Role.RESIDENT)
        assert not policies.is_staff_of(nobody, community)
        assert policies.identity_level(nobody) == IdentityLevel.NONE
    assert not policies.has_role(make_user(), None, Role.RESIDENT)


def test_superuser_has_every_role_unless_inactive(community):
    root = make_user()
    root.is_superuser = True
    assert policies.can_administer_community(root, community)
    root.is_active = False
    assert not policies.has_role(root, community, Role.ADMIN)


def test_identity_levels(community):
    unverified = make_user(verified=False)
    email_only = make_user()
    strong = make_user(strong=True)
    assert policies.identity_level(unverified) == IdentityLevel.NONE
    assert policies.identity_level(email_only) == IdentityLevel.EMAIL
    assert policies.identity_level(strong) == IdentityLevel.STRONG
    assert policies.has_identity_level(strong, IdentityLevel.STRONG)
    assert not policies.has_identity_level(email_only, IdentityLevel.STRONG)


def test_roles_are_read_once_per_user_object(community, moderator, django_assert_num_queries):
    with django_assert_num_queries(1):
        for _ in range(5):
            policies.is_staff_of(moderator, community)
            policies.can_moderate(moderator, community)


# --- memberships --------------------------------------------------------------------------------------------

def test_resident_join_is_idempotent_and_audited(community):
    user = make_user()
    resident_join(actor=user, community=community)
    resident_join(actor=user, community=community)
    assert Membership.objects.filter(user=user, community=community).count() == 1
    assert AuditEvent.objects.filter(action="core.membership.joined").count() == 1
    assert policies.is_member(user, community)


def test_grant_official_makes_staff(community, community_admin, department):
    user = make_user()
    membership = membership_create(actor=community_admin, community=community, user=user, role=Role.OFFICIAL,
                                  department=department, position="Інспектор")
    user.refresh_from_db()
    assert user.is_staff and membership.department == department
    assert policies.works_in_department(user, community, department.pk)
    assert AuditEvent.objects.filter(action="core.membership.granted", target_id=str(membership.pk)).exists()


@pytest.mark.parametrize("case", ["not_admin", "other_community_admin", "unknown_role", "official_no_department",
                                  "department_of_other_community", "duplicate"])
def test_grant_refusals_write_nothing(community, other_community, community_admin, moderator, department, case):
    user = make_user()
    kwargs = {"actor": community_admin, "community": community, "user": user, "role": Role.MODERATOR}
    expected = ValidationFailed
    if case == "not_admin":
        kwargs["actor"], expected = moderator, PermissionDenied
    elif case == "other_community_admin":
        kwargs["actor"], expected = make_member(other_community, Role.ADMIN), PermissionDenied
    elif case == "unknown_role":
        kwargs["role"] = "mayor"
    elif case == "official_no_department":
        kwargs["role"] = Role.OFFICIAL
    elif case == "department_of_other_community":
        kwargs.update(role=Role.OFFICIAL, department=Department.objects.create(community=other_community, name="B"))
        expected = NotFound
    elif case == "duplicate":
        membership_create(**kwargs)
        expected = Conflict
    before = (Membership.objects.count(), AuditEvent.objects.count())
    with pytest.raises(expected):
        membership_create(**kwargs)
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before


def test_revoke(community, other_community, community_admin, moderator):
    membership = Membership.objects.get(user=moderator, community=community)
    with pytest.raises(PermissionDenied):
        membership_delete(actor=moderator, community=community, membership=membership)
    other_admin = make_member(other_community, Role.ADMIN)
    with pytest.raises(PermissionDenied):
        membership_delete(actor=other_admin, community=community, membership=membership)
    membership_delete(actor=community_admin, community=community, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not policies.can_moderate(User.objects.get(pk=moderator.pk), community)
    assert AuditEvent.objects.filter(action="core.membership.revoked").count() == 1


def test_revoke_membership_of_another_community_is_not_found(community, other_community, community_admin):
    foreign = Membership.objects.get(user=make_member(other_community, Role.MODERATOR))
    with pytest.raises((NotFound, PermissionDenied)):
        membership_delete(actor=community_admin, community=community, membership=foreign)
    assert Membership.objects.filter(pk=foreign.pk).exists()


# --- departments ---------------------------------------------------------------------------------------------

def test_department_create(community, community_admin):
    department = department_create(actor=community_admin, community=community, name="  Відділ культури ")
    assert department.name == "Відділ культури"
    assert AuditEvent.objects.filter(action="core.department.created").count() == 1


@pytest.mark.parametrize("name, error", [("", ValidationFailed), ("   ", ValidationFailed), ("я" * 201, ValidationFailed),
                                         ("Відділ благоустрою", Conflict)])
def test_department_create_bad_input(community, community_admin, department, name, error):
    with pytest.raises(error):
        department_create(actor=community_admin, community=community, name=name)
    assert Department.objects.count() == 1


def test_department_create_refused_to_non_admin(community, moderator):
    with pytest.raises(PermissionDenied):
        department_create(actor=moderator, community=community, name="X")
    assert not Department.objects.exists()


# --- verified identity ---------------------------------------------------------------------------------------

def test_identity_verify_keeps_only_a_keyed_hash(community):
    user = User.objects.create_user("nameless@example.org", "x" * 12)
    identity = identity_verify(actor=user, user=user, provider="bankid", subject="1234567890", verified_name="Ірина Мельник",
                               birth_date=date(1990, 5, 1))
    assert identity.subject_hash == subject_hash(" 12345 67890 ")
    assert "1234567890" not in identity.subject_hash
    assert len(identity.subject_hash) == 64
    user.refresh_from_db()
    assert user.full_name == "Ірина Мельник"
    assert policies.identity_level(user) == IdentityLevel.STRONG
    event = AuditEvent.objects.get(action="core.identity.verified")
    assert "1234567890" not in str(event.data)


def test_one_person_backs_one_account(community):
    first, second = make_user(), make_user()
    identity_verify(actor=first, user=first, provider="bankid", subject="1234567890", verified_name="А")
    with pytest.raises(Conflict) as exc:
        identity_verify(actor=second, user=second, provider="diia", subject="1234567890", verified_name="А")
    assert exc.value.code == "identity_taken"
    assert not VerifiedIdentity.objects.filter(user=second).exists()
    # re-verifying the same account is fine
    identity_verify(actor=first, user=first, provider="diia", subject="1234567890", verified_name="А")
    assert VerifiedIdentity.objects.get(user=first).provider == "diia"


@pytest.mark.parametrize("subject, name, field", [("", "А", "subject"), ("  ", "А", "subject"),
                                                  ("123", "", "verified_name")])
def test_identity_verify_bad_input(community, subject, name, field):
    user = make_user()
    with pytest.raises(ValidationFailed) as exc:
        identity_verify(actor=user, user=user, provider="x", subject=subject, verified_name=name)
    assert field in exc.value.fields
    assert not VerifiedIdentity.objects.exists()


def test_hash_depends_on_the_identity_key(settings):
    before = subject_hash("1234567890")
    settings.IDENTITY_HASH_KEY = "another key"
    assert subject_hash("1234567890") != before


# --- profile -------------------------------------------------------------------------------------------------

def test_profile_update(community):
    user = make_user()
    user_update_profile(actor=user, user=user, full_name=" Петро ", phone="+380", language="en")
    user.refresh_from_db()
    assert (user.full_name, user.phone, user.language) == ("Петро", "+380", "en")


@pytest.mark.parametrize("kwargs, field", [({"full_name": "я" * 201}, "full_name"), ({"phone": "1" * 41}, "phone"),
                                           ({"language": "ru"}, "language")])
def test_profile_update_bad_input(community, kwargs, field):
    user = make_user(name="Старе ім'я")
    with pytest.raises(ValidationFailed) as exc:
        user_update_profile(actor=user, user=user, **{"full_name": "Нове", **kwargs})
    assert field in exc.value.fields
    user.refresh_from_db()
    assert user.full_name == "Старе ім'я"


def test_verified_name_is_not_self_editable(community):
    user = make_user(strong=True)
    verified = user.verified_identity.verified_name
    user_update_profile(actor=user, user=user, full_name="Хтось інший")
    assert User.objects.get(pk=user.pk).full_name == verified


def test_user_manager_normalises_email(db):
    user = User.objects.create_user("Person@Example.ORG", "x" * 12)
    assert user.email == "person@example.org"
    with pytest.raises(ValueError):
        User.objects.create_user("", "x")
    root = User.objects.create_superuser("root@example.org", "x" * 12)
    assert root.is_staff and root.is_superuser
    assert root.display_name == "Мешканець громади"  # never a part of the email address


def test_simultaneous_verification_of_one_person_is_a_conflict_not_a_500(community):
    """The row lock cannot see a row another transaction is inserting; the unique hash is the last guard."""
    from unittest import mock

    first, second = make_user(), make_user()
    identity_verify(actor=first, user=first, provider="bankid", subject="1234567890", verified_name="А")
    with mock.patch.object(VerifiedIdentity.objects, "select_for_update",
                           return_value=VerifiedIdentity.objects.none()), pytest.raises(Conflict) as exc:
        identity_verify(actor=second, user=second, provider="bankid", subject="1234567890", verified_name="А")
    assert exc.value.code == "identity_taken"
    assert not VerifiedIdentity.objects.filter(user=second).exists()
