"""Who may do what in the transparency self-check: small pure functions over the kernel's roles, asked by every
service through require() and by the views to hide the staff page. The computed snapshots are public."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.policies import is_staff_of


def can_compute(actor, community) -> bool:
    """Compute (or recompute) a period's snapshot and delete one: the community's staff, and the platform's schedule."""
    return is_system(actor) or is_staff_of(actor, community)


def can_assess(actor, community) -> bool:
    """Enter or remove the score of an indicator the platform cannot evidence: staff (and SYSTEM for the demo)."""
    return is_system(actor) or is_staff_of(actor, community)


def can_see_staff_page(user, community) -> bool:
    return is_staff_of(user, community)
