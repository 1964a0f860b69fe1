"""Residency: whether a person lives in a community, decided by the community's rule from an identity
provider's address claims or from the person's declaration. Only the decision is stored, never the address."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import NotFound, ValidationFailed
from hromada.core.tenancy.models import ResidencyRule

from .. import policies
from ..actors import is_system
from ..guard import require, service
from ..models import Residency, ResidencyBasis, User
from ..residence import address_names_community


def _forget(user: User) -> None:
    user.__dict__.pop("_hromada_residency", None)


@service
def residency_from_claims(*, actor, community, user: User, residence: Iterable[str]) -> Residency | None:
    """Decide residency from a provider's address claims where the community's rule uses them (called by the
    verification). A match records (or upgrades) the decision; a non-matching address withdraws an earlier
    decision made from claims. The address itself is not kept."""
    require(is_system(actor) or policies.can_edit_profile(actor, user))
    if community.residency_rule not in (ResidencyRule.CLAIMS, ResidencyRule.CLAIMS_OR_DECLARATION):
        return None
    matches = address_names_community(community, residence)
    with transaction.atomic():
        current = Residency.objects.select_for_update().filter(community=community, user=user).first()
        _forget(user)
        if not matches:
            if current is not None and current.basis == ResidencyBasis.CLAIMS:
                audit_record(actor=actor, community=community, action="core.residency.withdrawn", target=current,
                             data={"basis": current.basis})
                current.delete()
            return None
        residency = current or Residency(community=community, user=user)
        residency.basis, residency.decided_at = ResidencyBasis.CLAIMS, timezone.now()
        residency.save()
        audit_record(actor=actor, community=community, action="core.residency.decided", target=residency,
                     data={"basis": residency.basis})
    return residency


@service
def residency_declare(*, actor, community) -> Residency:
    """The person declares that they live in the community, where its rule accepts a declaration. Only a
    person with a verified identity declares; a decision from claims is not replaced by a declaration."""
    require(bool(getattr(actor, "is_authenticated", False)), _("Sign in first."))
    if community.residency_rule not in (ResidencyRule.DECLARATION, ResidencyRule.CLAIMS_OR_DECLARATION):
        raise ValidationFailed(fields={"residency": [_("This community does not accept a declaration of "
                                                       "residence.")]})
    if not policies.has_verified_identity(actor):
        raise ValidationFailed(fields={"residency": [_("Verify your identity before declaring residence.")]})
    with transaction.atomic():
        residency, created = Residency.objects.select_for_update().get_or_create(
            community=community, user=actor, defaults={"basis": ResidencyBasis.DECLARATION})
        if created:
            audit_record(actor=actor, community=community, action="core.residency.declared", target=residency,
                         data={"basis": residency.basis})
    _forget(actor)
    return residency


@service
def residency_forget(*, actor, community) -> None:
    """The person withdraws their declaration of residence (a decision from claims goes only with the identity)."""
    require(bool(getattr(actor, "is_authenticated", False)), _("Sign in first."))
    with transaction.atomic():
        residency = Residency.objects.select_for_update().filter(
            community=community, user=actor, basis=ResidencyBasis.DECLARATION).first()
        if residency is None:
            raise NotFound(_("You have not declared residence here."))
        audit_record(actor=actor, community=community, action="core.residency.withdrawn", target=residency,
                     data={"basis": residency.basis})
        residency.delete()
    _forget(actor)
