"""Verified identities: recording what a provider vouched for (level, method, time, audited), re-verification,
and unlinking. Only the keyed hash of the stable identifier is stored or audited, never the identifier."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed

from .. import policies
from ..guard import require, service
from ..hashing import subject_hash
from ..models import IdentityLevel, IdentityProvider, User, VerifiedIdentity
from ..providers.base import ProviderClaims
from .residency import residency_from_claims


def _identity_taken() -> Conflict:
    return Conflict(_("This person is already verified on another account."), code="identity_taken")


def _other_person() -> Conflict:
    return Conflict(_("This account is already verified as another person. Remove that verification first."),
                    code="identity_other_person")


@service
def identity_verify(*, actor, user: User, provider: str = "", subject: str, verified_name: str,
                    birth_date: date | None = None, level: int | None = None, method: str = "",
                    provider_config: IdentityProvider | None = None) -> VerifiedIdentity:
    """Record what an identity provider vouched for. One person (subject) may back only one account on the
    whole install; an account verified as one person is not re-verified as another until it is unlinked.

    With `provider_config` the provider is its slug and the level comes from its `levels` by `method`. The actor
    is the person themselves (back from their provider) or SYSTEM (the demo loader); the demo provider is
    refused on an install that serves a real community."""
    if provider_config is not None:
        provider = provider_config.slug
        level = provider_config.level_for(method or "oidc")
    require(policies.can_verify_identity(actor, user, provider)
            and (provider_config is None or provider_config.is_enabled),
            _("This identity provider is not available here."))
    if not subject or not subject.strip():
        raise ValidationFailed(fields={"subject": [_("The provider returned no identifier.")]})
    if not verified_name or not verified_name.strip():
        raise ValidationFailed(fields={"verified_name": [_("The provider returned no name.")]})
    values = {"provider": provider[:40], "subject_hash": subject_hash(subject),
              "verified_name": " ".join(verified_name.split())[:200], "birth_date": birth_date,
              "level": int(IdentityLevel.STRONG if level is None else level), "method": (method or "")[:40]}
    try:
        identity = _identity_store(actor=actor, user=user, values=values)
    except IntegrityError as exc:  # two accounts verifying the same person at the same moment
        raise _identity_taken() from exc
    user.__dict__.pop("_hromada_identity_level", None)
    return identity


def _identity_store(*, actor, user: User, values: dict) -> VerifiedIdentity:
    with transaction.atomic():
        owner = VerifiedIdentity.objects.select_for_update().filter(subject_hash=values["subject_hash"]).first()
        if owner is not None and owner.user_id != user.pk:
            raise _identity_taken()
        current = VerifiedIdentity.objects.select_for_update().filter(user=user).first()
        if current is not None and current.subject_hash != values["subject_hash"]:
            raise _other_person()
        previous_name = current.verified_name if current is not None else None
        identity = current or VerifiedIdentity(user=user)
        for key, value in values.items():
            setattr(identity, key, value)
        identity.verified_at = timezone.now()
        identity.save()
        # The account's name follows the verified one unless the person had chosen another before verifying.
        if not user.full_name or user.full_name == previous_name:
            User.objects.filter(pk=user.pk).update(full_name=identity.verified_name)
            user.full_name = identity.verified_name
        audit_record(actor=actor, community=None,
                     action="core.identity.reverified" if current is not None else "core.identity.verified",
                     target=identity, data={"provider": identity.provider, "method": identity.method,
                                            "level": identity.level, "verified_at": identity.verified_at})
    return identity


@service
def identity_verify_claims(*, actor, community, user: User, provider_config: IdentityProvider,
                           claims: ProviderClaims) -> VerifiedIdentity:
    """The end of a provider's flow: the identity from its claims, then residency in the provider's community
    when the community decides residency by claims. The raw identifier and address are not kept."""
    if provider_config.community_id != community.pk:
        raise NotFound()
    require(policies.can_verify_identity(actor, user, provider_config.slug) and provider_config.is_enabled,
            _("This identity provider is not available here."))
    with transaction.atomic():
        identity = identity_verify(actor=actor, user=user, subject=claims.subject, verified_name=claims.full_name,
                                   birth_date=claims.birth_date, method=claims.method,
                                   provider_config=provider_config)
        residency_from_claims(actor=actor, community=community, user=user, residence=claims.residence)
    return identity


@service
def identity_unlink(*, actor, user: User) -> None:
    """Remove the person's verified identity. Signatures and votes already given stay valid: each keeps its own
    snapshot (e.g. a petition signature's identity hash), so the same person still cannot sign twice. Residency
    decided from the provider's claims goes with it; a declaration stays."""
    require(policies.can_edit_profile(actor, user), _("You can only remove your own verification."))
    from ..models import Residency, ResidencyBasis

    with transaction.atomic():
        identity = VerifiedIdentity.objects.select_for_update().filter(user=user).first()
        if identity is None:
            raise NotFound(_("This account has no verified identity."))
        audit_record(actor=actor, community=None, action="core.identity.unlinked", target=user,
                     data={"provider": identity.provider, "method": identity.method, "level": identity.level})
        identity.delete()
        Residency.objects.filter(user=user, basis=ResidencyBasis.CLAIMS).delete()
    user.__dict__.pop("_hromada_identity_level", None)
    user.__dict__.pop("_hromada_residency", None)
