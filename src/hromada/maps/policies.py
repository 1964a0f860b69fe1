"""Who may do what on the city map: moderators and admins shape layers, all staff keep features current.

Small pure functions over core identity policies, used by services, selectors and templates."""

from __future__ import annotations

from hromada.core.identity.policies import can_moderate, is_staff_of


def can_manage_layers(user, community) -> bool:
    """Create, rename, re-schema and delete layers: moderators and community admins."""
    return can_moderate(user, community)


def can_edit_features(user, community) -> bool:
    """Add, edit, delete and import features: any staff member (officials keep their facilities current)."""
    return is_staff_of(user, community)


def can_see_layer(user, community, layer) -> bool:
    return layer.is_public or is_staff_of(user, community)
