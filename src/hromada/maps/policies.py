"""Who may do what on the city map: moderators and admins shape layers, all staff keep features current.

Small pure functions over core identity policies, used by services, selectors and templates; the platform
itself (SYSTEM: the demo loader, imports run from the command line) may do both."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.policies import can_moderate, is_staff_of


def can_manage_layers(user, community) -> bool:
    """Create, rename, re-schema and delete layers: moderators and community admins."""
    return is_system(user) or can_moderate(user, community)


def can_edit_features(user, community) -> bool:
    """Add, edit, delete and import features: any staff member (officials keep their facilities current)."""
    return is_system(user) or is_staff_of(user, community)


def can_see_staff_layers(user, community) -> bool:
    """Staff-only layers (and their features) are visible to the community's staff alone."""
    return is_staff_of(user, community)
