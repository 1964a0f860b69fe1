"""Writes of communities: creating one and changing its settings or enabled capabilities."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core import capabilities
from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, PermissionDenied, validation_error_from_django

from .models import Community
from .selectors import invalidate_community_cache


def community_create(
    *,
    actor,
    slug: str,
    name_uk: str,
    name_en: str = "",
    katottg: str = "",
    edrpou: str = "",
    domain: str = "",
    email: str = "",
    is_demo: bool = False,
    enabled_capabilities: list[str] | None = None,
    center: tuple[float, float] | None = None,
    boundary: dict | None = None,
) -> Community:
    """Create a community; only platform superusers (or management commands, actor=None) may."""
    if actor is not None and not actor.is_superuser:
        raise PermissionDenied()
    if Community.objects.filter(slug=slug).exists():
        raise Conflict(fields={"slug": [_("A community with this slug already exists.")]})
    if enabled_capabilities is None:
        enabled_capabilities = [m.slug for m in capabilities.manifests() if m.enabled_by_default]
    community = Community(
        slug=slug,
        name_uk=name_uk,
        name_en=name_en,
        katottg=katottg,
        edrpou=edrpou,
        domain=domain.lower(),
        email=email,
        is_demo=is_demo,
        enabled_capabilities=list(enabled_capabilities),
        center_lat=center[0] if center else None,
        center_lon=center[1] if center else None,
        boundary=boundary,
    )
    if boundary is not None:
        from hromada.core.geo.geojson import validate_geometry

        validate_geometry(boundary, field="boundary", allowed=("Polygon", "MultiPolygon"))
    try:
        community.full_clean()
    except ValidationError as exc:
        raise validation_error_from_django(exc) from exc
    with transaction.atomic():
        community.save()
        audit_record(actor=actor, community=community, action="core.community.created", target=community)
    transaction.on_commit(invalidate_community_cache)
    return community


def community_update_settings(*, actor, community: Community, capability: str, values: dict[str, Any]) -> Community:
    """Change a capability's per-community settings; community admins only."""
    from hromada.core.identity.policies import can_administer_community

    if not can_administer_community(actor, community):
        raise PermissionDenied()
    try:
        manifest = capabilities.manifest(capability)
    except KeyError as exc:
        raise Conflict(fields={"capability": [_("Unknown capability.")]}) from exc
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for key, raw in values.items():
        try:
            declared = manifest.setting(key)
            clean[key] = declared.coerce(raw)
            if declared.choices and clean[key] not in {value for value, _label in declared.choices}:
                errors[key] = [_("Choose one of the offered values.")]
            elif declared.kind is int and clean[key] < 0:
                errors[key] = [_("Must not be negative.")]
        except KeyError:
            errors[key] = [_("Unknown setting.")]
        except (TypeError, ValueError):
            errors[key] = [_("Not a valid value.")]
    if errors:
        from hromada.core.errors import ValidationFailed

        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        community = Community.objects.select_for_update().get(pk=community.pk)
        merged = dict(community.capability_settings.get(capability) or {})
        merged.update(clean)
        community.capability_settings = {**community.capability_settings, capability: merged}
        community.save(update_fields=["capability_settings"])
        audit_record(
            actor=actor, community=community, action="core.community.settings_changed",
            target=community, data={"capability": capability, "values": clean},
        )
    transaction.on_commit(invalidate_community_cache)
    return community


def community_set_capabilities(*, actor, community: Community, enabled: list[str]) -> Community:
    from hromada.core.identity.policies import can_administer_community

    if not can_administer_community(actor, community):
        raise PermissionDenied()
    known = {m.slug for m in capabilities.manifests()}
    unknown = sorted(set(enabled) - known)
    if unknown:
        from hromada.core.errors import ValidationFailed

        raise ValidationFailed(fields={"enabled": [_("Unknown capability: %(slugs)s") % {"slugs": ", ".join(unknown)}]})
    with transaction.atomic():
        community.enabled_capabilities = [slug for slug in enabled if slug in known]
        community.save(update_fields=["enabled_capabilities"])
        audit_record(
            actor=actor, community=community, action="core.community.capabilities_changed",
            target=community, data={"enabled": community.enabled_capabilities},
        )
    transaction.on_commit(invalidate_community_cache)
    return community
