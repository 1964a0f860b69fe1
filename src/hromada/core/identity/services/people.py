"""Writes about people: joining a community, roles (memberships), departments, accounts.

Each public function is a @service: it asks its named policy, validates, writes in one transaction, audits."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed

from .. import policies
from ..guard import require, service
from ..models import STAFF_ROLES, Department, IdentityLevel, Membership, Role, User


@service
def resident_join(*, actor: User, community) -> Membership:
    """Make the person a resident of the community (idempotent); called on sign-up and first action."""
    require(policies.can_join(actor, community))
    membership, created = Membership.objects.get_or_create(
        community=community, user=actor, role=Role.RESIDENT, department=None
    )
    if created:
        policies.forget_roles(actor)
        audit_record(actor=actor, community=community, action="core.membership.joined", target=membership)
    return membership


def _checked_department(community, role: str, department: Department | None) -> None:
    if role == Role.OFFICIAL and department is None:
        raise ValidationFailed(fields={"department": [_("An official must belong to a department.")]})
    if department is not None and department.community_id != community.pk:
        raise NotFound(fields={"department": [_("No such department in this community.")]})


def _grant_back_office(user: User, role: str) -> None:
    if role in STAFF_ROLES and not user.is_staff and user.pk is not None:
        User.objects.filter(pk=user.pk).update(is_staff=True)
        user.is_staff = True


@service
def membership_create(*, actor, community, user: User, role: str, department: Department | None = None,
                      position: str = "") -> Membership:
    """Grant a role in the community (an official also names their department)."""
    require(policies.can_manage_people(actor, community))
    if role not in Role.values:
        raise ValidationFailed(fields={"role": [_("Unknown role.")]})
    position = _checked_text(position, "position", 200)
    _checked_department(community, role, department)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                community=community, user=user, role=role, department=department, position=position
            )
            audit_record(
                actor=actor, community=community, action="core.membership.granted", target=membership,
                data={"user": user.pk, "role": role, "department": department.pk if department else None},
            )
            _grant_back_office(user, role)
    except IntegrityError as exc:
        raise Conflict(_("This person already has this role.")) from exc
    policies.forget_roles(user)
    return membership


@service
def membership_update(*, actor, community, membership: Membership, position: str,
                      department: Department | None = None) -> Membership:
    """Change an official's department or anyone's position. The role itself is never edited into another:
    it is revoked and granted, so the audit trail says who held which role when."""
    require(policies.can_manage_people(actor, community))
    if membership.community_id != community.pk:
        raise NotFound()
    position = _checked_text(position, "position", 200)
    if membership.role != Role.OFFICIAL:
        department = membership.department  # only an official's department means something
    _checked_department(community, membership.role, department)
    before = {"position": membership.position, "department": membership.department_id}
    try:
        with transaction.atomic():
            membership = Membership.objects.select_for_update().get(pk=membership.pk)
            membership.position, membership.department = position, department
            membership.save(update_fields=["position", "department"])
            audit_record(actor=actor, community=community, action="core.membership.changed", target=membership,
                         data={"before": before, "after": {"position": position,
                                                           "department": membership.department_id}})
    except IntegrityError as exc:
        raise Conflict(_("This person already has this role.")) from exc
    policies.forget_roles(membership.user)
    return membership


@service
def membership_delete(*, actor, community, membership: Membership) -> None:
    """Revoke a role."""
    require(policies.can_manage_people(actor, community))
    if membership.community_id != community.pk:
        raise NotFound()
    with transaction.atomic():
        audit_record(
            actor=actor, community=community, action="core.membership.revoked", target=membership,
            data={"user": membership.user_id, "role": membership.role},
        )
        membership.delete()
    policies.forget_roles(membership.user)


def _checked_text(value, field: str, limit: int, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(fields={field: [_("Enter a value.")] if field != "name" else [_("Enter a name.")]})
    if len(value) > limit:
        raise ValidationFailed(fields={field: [_("At most %(n)s characters.") % {"n": limit}]})
    return value


def _department_fields(community, *, name, short_name, email, phone, head) -> dict:
    values = {
        "name": _checked_text(name, "name", 200, required=True),
        "short_name": _checked_text(short_name, "short_name", 60),
        "email": _checked_text(email, "email", 254),
        "phone": _checked_text(phone, "phone", 40),
    }
    if values["email"]:
        try:
            validate_email(values["email"])
        except DjangoValidationError as exc:
            raise ValidationFailed(fields={"email": [_("Enter a valid email address.")]}) from exc
    if head is not None and not Membership.objects.filter(community=community, user=head).exists():
        raise ValidationFailed(fields={"head": [_("The head must be a member of this community.")]})
    values["head"] = head
    return values


@service
def department_create(*, actor, community, name: str, short_name: str = "", email: str = "",
                      phone: str = "", head: User | None = None, is_active: bool = True) -> Department:
    require(policies.can_manage_people(actor, community))
    values = _department_fields(community, name=name, short_name=short_name, email=email, phone=phone, head=head)
    try:
        with transaction.atomic():
            department = Department.objects.create(community=community, is_active=bool(is_active), **values)
            audit_record(actor=actor, community=community, action="core.department.created", target=department)
    except IntegrityError as exc:
        raise Conflict(fields={"name": [_("A department with this name already exists.")]}) from exc
    return department


@service
def department_update(*, actor, community, department: Department, name: str, short_name: str = "",
                      email: str = "", phone: str = "", head: User | None = None,
                      is_active: bool = True) -> Department:
    require(policies.can_manage_people(actor, community))
    if department.community_id != community.pk:
        raise NotFound()
    values = {**_department_fields(community, name=name, short_name=short_name, email=email, phone=phone,
                                   head=head), "is_active": bool(is_active)}
    try:
        with transaction.atomic():
            department = Department.objects.select_for_update().get(pk=department.pk)
            changed = sorted(k for k, v in values.items() if getattr(department, k) != v)
            for key, value in values.items():
                setattr(department, key, value)
            department.save()
            audit_record(actor=actor, community=community, action="core.department.changed", target=department,
                         data={"fields": changed})
    except IntegrityError as exc:
        raise Conflict(fields={"name": [_("A department with this name already exists.")]}) from exc
    return department


@service
def department_delete(*, actor, community, department: Department) -> None:
    """Delete a department nothing refers to yet; one with members, routing rules, appeals or publishers is
    deactivated instead, so no appeal loses where it was sent and no official loses their post."""
    require(policies.can_manage_people(actor, community))
    if department.community_id != community.pk:
        raise NotFound()
    with transaction.atomic():
        department = Department.objects.select_for_update().get(pk=department.pk)
        # Capabilities point at departments with related_name="+": hidden relations count too.
        relations = [f for f in Department._meta.get_fields(include_hidden=True)
                     if f.auto_created and not f.concrete and (f.one_to_many or f.one_to_one)]
        for relation in relations:
            relation = cast(Any, relation)  # a reverse relation: it has a related model and a field
            if relation.related_model._base_manager.filter(**{relation.field.name: department}).exists():
                raise Conflict(_("This department is still in use; deactivate it instead."), code="in_use")
        audit_record(actor=actor, community=community, action="core.department.deleted", target=department)
        department.delete()


@service
def user_update_profile(*, actor, user: User, full_name: str, phone: str = "", language: str = "uk") -> User:
    """A person edits their own name, phone and language."""
    require(policies.can_edit_profile(actor, user))
    errors: dict[str, list[str]] = {}
    full_name = (full_name or "").strip()
    if len(full_name) > 200:
        errors["full_name"] = [_("At most 200 characters.")]
    if len(phone or "") > 40:
        errors["phone"] = [_("At most 40 characters.")]
    if language not in ("uk", "en"):
        errors["language"] = [_("Choose Ukrainian or English.")]
    if errors:
        raise ValidationFailed(fields=errors)
    if hasattr(user, "verified_identity") and user.verified_identity.level >= IdentityLevel.STRONG:
        full_name = user.verified_identity.verified_name  # a verified name is not self-editable
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(full_name=full_name, phone=phone, language=language)
        user.full_name, user.phone, user.language = full_name, phone, language
        audit_record(actor=actor, community=None, action="core.user.profile_updated", target=user)
    return user


@service
def user_set_public_name(*, actor, community=None, full_name: str) -> User:
    """A person who has no name yet chooses the one shown with their petitions and appeals (asked by the first
    petition or appeal of someone who signed up before sign-up asked for it)."""
    from ..names import clean_public_name

    require(bool(getattr(actor, "is_authenticated", False)), _("Sign in first."))
    try:
        name = clean_public_name(full_name)
    except ValueError as exc:
        raise ValidationFailed(fields={"full_name": [str(exc)]}) from exc
    if hasattr(actor, "verified_identity") and actor.verified_identity.level >= IdentityLevel.STRONG:
        return actor  # a verified name is not self-editable
    with transaction.atomic():
        User.objects.filter(pk=actor.pk).update(full_name=name)
        actor.full_name = name
        audit_record(actor=actor, community=community, action="core.user.name_chosen", target=actor)
    return actor


@service
def user_update_access(*, actor, user: User, is_active: bool, is_staff: bool, is_superuser: bool) -> User:
    """Block or unblock an account and give or take back-office and platform access: superusers only.
    A superuser cannot lock themselves out."""
    require(policies.can_manage_users(actor))
    if user.pk == actor.pk and not (is_active and is_superuser):
        raise ValidationFailed(fields={"is_superuser": [_("You cannot lock yourself out.")]})
    values = {"is_active": bool(is_active), "is_staff": bool(is_staff), "is_superuser": bool(is_superuser)}
    with transaction.atomic():
        before = {key: getattr(user, key) for key in values}
        User.objects.filter(pk=user.pk).update(**values)
        for key, value in values.items():
            setattr(user, key, value)
        audit_record(actor=actor, community=None, action="core.user.access_changed", target=user,
                     data={"before": before, "after": values})
    policies.forget_roles(user)
    return user
