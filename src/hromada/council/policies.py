"""Who may do what in Council: small pure functions over the kernel's roles, asked by every service
through require() (and by selectors and templates to hide what a person may not do).

The council's secretariat keeps this data: in Hromada's roles that is an official or a community admin
(a moderator moderates residents' content, not the council's records)."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.models import Role
from hromada.core.identity.policies import has_role


def can_write(actor, community) -> bool:
    """Enter, correct and import council data: the platform itself (imports, demo) and the secretariat."""
    return is_system(actor) or has_role(actor, community, Role.OFFICIAL, Role.ADMIN)


def can_mark_free_vote(actor, community) -> bool:
    """A free vote leaves a vote event out of rebellions: the same people who keep the roll-call data."""
    return can_write(actor, community)
