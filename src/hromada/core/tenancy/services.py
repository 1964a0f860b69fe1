"""Writes of communities: creating one, editing its details, and changing its settings or enabled capabilities.

Each is a @service asking its named policy (core.identity.policies), validated, audited, in one transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hromada.core import capabilities
from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed, validation_error_from_django
from hromada.core.identity import policies
from hromada.core.identity.guard import require, service

from .models import Community
from .selectors import invalidate_community_cache


@service
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
    """Create a community; only platform superusers, or the platform itself (SYSTEM: commands, demo), may."""
    require(policies.can_create_community(actor))
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


# What a community's own admins may edit; the rest (slug, codes, host name, demo flag, activity, boundary)
# identifies the community to the platform and belongs to the operator (a superuser).
CONTACT_FIELDS = ("name_en", "email", "phone", "address", "website", "center_lat", "center_lon", "coat_of_arms",
                  "brand_colour")
ARMS_MAX_BYTES = 2 * 2**20
IDENTITY_FIELDS = ("slug", "name_uk", "katottg", "edrpou", "domain", "time_zone", "boundary", "is_demo", "is_active",
                   "residency_rule", "localities")


@service
def community_update(*, actor, community: Community, **changes: Any) -> Community:
    """Edit a community's details: its admins the contacts (CONTACT_FIELDS), superusers also its identity."""
    unknown = sorted(set(changes) - set(CONTACT_FIELDS) - set(IDENTITY_FIELDS))
    if unknown:
        raise ValidationFailed(fields={name: [_("This field cannot be changed.")] for name in unknown})
    current = Community.objects.filter(pk=community.pk).first()
    if current is None:
        raise NotFound()
    if changes.get("coat_of_arms"):  # an upload: re-encoded (no metadata, PNG transparency kept), or refused
        from hromada.core.uploads import clean_image, read_upload

        data = read_upload(changes["coat_of_arms"], field="coat_of_arms", max_bytes=ARMS_MAX_BYTES)
        changes["coat_of_arms"] = clean_image(data, field="coat_of_arms", max_side=512, keep_png=True).content
    changed = {k: v for k, v in changes.items() if getattr(current, k) != v}
    require(policies.can_update_community(actor, current, identity_fields=bool(set(changed) & set(IDENTITY_FIELDS))))
    if "domain" in changed:
        changed["domain"] = (changed["domain"] or "").lower()
    if changed.get("boundary") is not None:
        from hromada.core.geo.geojson import validate_geometry

        validate_geometry(changed["boundary"], field="boundary", allowed=("Polygon", "MultiPolygon"))
    for key, value in changed.items():
        setattr(current, key, value)
    try:
        current.full_clean()
    except ValidationError as exc:
        raise validation_error_from_django(exc) from exc
    if "slug" in changed and Community.objects.filter(slug=current.slug).exclude(pk=current.pk).exists():
        raise Conflict(fields={"slug": [_("A community with this slug already exists.")]})
    with transaction.atomic():
        if changed:
            current.save(update_fields=sorted(changed))
        audit_record(actor=actor, community=current, action="core.community.changed", target=current,
                     data={"fields": sorted(changed)})
    transaction.on_commit(invalidate_community_cache)
    return current


@service
def community_update_settings(*, actor, community: Community, capability: str, values: dict[str, Any]) -> Community:
    """Change a capability's per-community settings; community admins only."""
    require(policies.can_update_community(actor, community))
    try:
        manifest = capabilities.manifest(capability)
    except KeyError as exc:
        raise Conflict(fields={"capability": [_("Unknown capability.")]}) from exc
    errors: dict[str, list[str]] = {}
    clean: dict[str, Any] = {}
    for key, raw in values.items():
        try:
            clean[key] = manifest.setting(key).clean(raw)  # type, choices and bounds, as the manifest declares
        except KeyError:
            errors[key] = [_("Unknown setting.")]
        except capabilities.SettingInvalid as exc:
            errors[key] = [str(exc)]
    if errors:
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


@service
def community_set_capabilities(*, actor, community: Community, enabled: list[str]) -> Community:
    """Switch capabilities on and off for a community; community admins only."""
    require(policies.can_update_community(actor, community))
    known = {m.slug for m in capabilities.manifests()}
    unknown = sorted(set(enabled) - known)
    if unknown:
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
