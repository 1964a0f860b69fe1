"""Writes about people: joining a community, granting and revoking roles, departments, verification.

Each function checks its policy, writes in one transaction and leaves an audit event."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

from . import policies
from .models import Department, IdentityLevel, Membership, Role, User, VerifiedIdentity


def subject_hash(provider_subject: str) -> str:
    """Keyed hash of a stable personal identifier (e.g. RNOKPP): equal people, equal hashes; no raw id kept."""
    normalized = "".join(provider_subject.split()).upper()
    return hmac.new(settings.IDENTITY_HASH_KEY.encode(), normalized.encode(), hashlib.sha256).hexdigest()


def resident_join(*, user: User, community) -> Membership:
    """Make the user a resident of the community (idempotent); called on sign-up and first action."""
    membership, created = Membership.objects.get_or_create(
        community=community, user=user, role=Role.RESIDENT, department=None
    )
    if created:
        policies.forget_roles(user)
        audit_record(actor=user, community=community, action="core.membership.joined", target=membership)
    return membership


def membership_grant(*, actor, community, user: User, role: str, department: Department | None = None,
                     position: str = "") -> Membership:
    if not policies.can_administer_community(actor, community):
        raise PermissionDenied()
    if role not in Role.values:
        raise ValidationFailed(fields={"role": [_("Unknown role.")]})
    if role == Role.OFFICIAL and department is None:
        raise ValidationFailed(fields={"department": [_("An official must belong to a department.")]})
    if department is not None and department.community_id != community.pk:
        raise NotFound(fields={"department": [_("No such department in this community.")]})
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                community=community, user=user, role=role, department=department, position=position
            )
            audit_record(
                actor=actor, community=community, action="core.membership.granted", target=membership,
                data={"user": user.pk, "role": role, "department": department.pk if department else None},
            )
    except IntegrityError as exc:
        raise Conflict(_("This person already has this role.")) from exc
    policies.forget_roles(user)
    if role in (Role.MODERATOR, Role.OFFICIAL, Role.ADMIN) and not user.is_staff:
        User.objects.filter(pk=user.pk).update(is_staff=True)
        user.is_staff = True
    return membership


def membership_revoke(*, actor, community, membership: Membership) -> None:
    if not policies.can_administer_community(actor, community):
        raise PermissionDenied()
    if membership.community_id != community.pk:
        raise NotFound()
    with transaction.atomic():
        audit_record(
            actor=actor, community=community, action="core.membership.revoked", target=membership,
            data={"user": membership.user_id, "role": membership.role},
        )
        membership.delete()
    policies.forget_roles(membership.user)


def department_create(*, actor, community, name: str, short_name: str = "", email: str = "",
                      phone: str = "") -> Department:
    if not policies.can_administer_community(actor, community):
        raise PermissionDenied()
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(fields={"name": [_("Enter a name.")]})
    if len(name) > 200:
        raise ValidationFailed(fields={"name": [_("At most 200 characters.")]})
    try:
        with transaction.atomic():
            department = Department.objects.create(
                community=community, name=name, short_name=short_name, email=email, phone=phone
            )
            audit_record(actor=actor, community=community, action="core.department.created", target=department)
    except IntegrityError as exc:
        raise Conflict(fields={"name": [_("A department with this name already exists.")]}) from exc
    return department


def identity_verify(*, user: User, provider: str, subject: str, verified_name: str,
                    birth_date: date | None = None, level: int = IdentityLevel.STRONG) -> VerifiedIdentity:
    """Record what an identity provider vouched for. One person (subject) may back only one account."""
    if not subject or not subject.strip():
        raise ValidationFailed(fields={"subject": [_("The provider returned no identifier.")]})
    if not verified_name or not verified_name.strip():
        raise ValidationFailed(fields={"verified_name": [_("The provider returned no name.")]})
    digest = subject_hash(subject)
    try:
        identity = _identity_store(user=user, provider=provider, digest=digest, verified_name=verified_name,
                                   birth_date=birth_date, level=level)
    except IntegrityError as exc:  # two accounts verifying the same person at the same moment
        raise _identity_taken() from exc
    user.__dict__.pop("_hromada_identity_level", None)
    return identity


def _identity_taken() -> Conflict:
    return Conflict(_("This person is already verified on another account."), code="identity_taken")


def _identity_store(*, user: User, provider: str, digest: str, verified_name: str, birth_date: date | None,
                    level: int) -> VerifiedIdentity:
    with transaction.atomic():
        owner = VerifiedIdentity.objects.select_for_update().filter(subject_hash=digest).first()
        if owner is not None and owner.user_id != user.pk:
            raise _identity_taken()
        identity, _created = VerifiedIdentity.objects.update_or_create(
            user=user,
            defaults={
                "provider": provider, "subject_hash": digest, "verified_name": verified_name.strip(),
                "birth_date": birth_date, "level": int(level),
            },
        )
        if not user.full_name:
            User.objects.filter(pk=user.pk).update(full_name=verified_name.strip())
            user.full_name = verified_name.strip()
        audit_record(actor=user, community=None, action="core.identity.verified", target=identity,
                     data={"provider": provider, "level": int(level)})
    return identity


def user_update_profile(*, user: User, full_name: str, phone: str = "", language: str = "uk") -> User:
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
    User.objects.filter(pk=user.pk).update(full_name=full_name, phone=phone, language=language)
    user.full_name, user.phone, user.language = full_name, phone, language
    audit_record(actor=user, community=None, action="core.user.profile_updated", target=user)
    return user
