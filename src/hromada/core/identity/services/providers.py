"""Identity providers of a community, set up by the platform operator (superusers): the client secret stays
in the environment, only the variable's name is saved."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed, validation_error_from_django

from .. import policies
from ..guard import require, service
from ..models import IdentityProvider, IdentityProviderKind

FIELDS = ("slug", "kind", "label", "is_enabled", "issuer", "authorization_endpoint", "token_endpoint",
          "userinfo_endpoint", "jwks_uri", "client_id", "client_secret_env", "scopes", "subject_claim",
          "name_claims", "birth_date_claim", "options", "levels", "residency_claims")


def _checked(provider: IdentityProvider) -> None:
    errors: dict[str, list[str]] = {}
    if provider.kind == IdentityProviderKind.OIDC and not provider.issuer:
        errors["issuer"] = [_("An OpenID Connect provider needs its issuer.")]
    if not isinstance(provider.levels, dict) or not all(
            isinstance(v, int) and 0 <= v <= 2 for v in provider.levels.values()):
        errors["levels"] = [_('A mapping of method to level 0, 1 or 2, e.g. {"bank_id": 2, "*": 2}.')]
    for name, kind in (("name_claims", dict), ("options", dict), ("residency_claims", list)):
        if not isinstance(getattr(provider, name), kind):
            errors[name] = [_("Not the expected JSON shape.")]
    try:
        provider.full_clean(exclude=["community"])
    except DjangoValidationError as exc:
        for field, messages in validation_error_from_django(exc).fields.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationFailed(fields=errors)


def _save(actor, community, provider: IdentityProvider, values: dict[str, Any], action: str) -> IdentityProvider:
    for key, value in values.items():
        if key in FIELDS:
            setattr(provider, key, value)
    _checked(provider)
    try:
        with transaction.atomic():
            provider.save()
            audit_record(actor=actor, community=community, action=action, target=provider,
                         data={"kind": provider.kind, "slug": provider.slug, "enabled": provider.is_enabled})
    except IntegrityError as exc:
        raise Conflict(fields={"slug": [_("This community already has a provider with this slug.")]}) from exc
    return provider


@service
def identity_provider_create(*, actor, community, **values) -> IdentityProvider:
    require(policies.can_manage_users(actor), _("Only the platform operator sets up identity providers."))
    return _save(actor, community, IdentityProvider(community=community), values, "core.identity_provider.created")


@service
def identity_provider_update(*, actor, community, provider: IdentityProvider, **values) -> IdentityProvider:
    require(policies.can_manage_users(actor), _("Only the platform operator sets up identity providers."))
    if provider.community_id != community.pk:
        raise NotFound()
    return _save(actor, community, provider, values, "core.identity_provider.changed")


@service
def identity_provider_delete(*, actor, community, provider: IdentityProvider) -> None:
    """Remove a provider; the identities it verified stay (they keep the provider's slug)."""
    require(policies.can_manage_users(actor), _("Only the platform operator sets up identity providers."))
    if provider.community_id != community.pk:
        raise NotFound()
    with transaction.atomic():
        audit_record(actor=actor, community=community, action="core.identity_provider.deleted", target=provider,
                     data={"kind": provider.kind, "slug": provider.slug})
        provider.delete()
