"""Who may do what on the community's site: staff write its branding, menu, pages, news and officials; what is
published (and due) is public to everyone, drafts and scheduled news to nobody outside the back office."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.policies import is_staff_of


def can_write(actor, community) -> bool:
    """Branding, menu, pages, news and officials: the community's staff, and the platform itself (demo data)."""
    return is_system(actor) or is_staff_of(actor, community)
