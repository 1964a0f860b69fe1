"""Who may do what in Assistant: small pure functions over the kernel's roles, asked by every service
through require() (and by selectors and templates to hide what a person may not do)."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.policies import is_staff_of


def can_write(actor, community) -> bool:
    """Add, change and delete entries: the community's staff, and the platform itself (demo data, imports)."""
    return is_system(actor) or is_staff_of(actor, community)


def can_see_hidden(user, community) -> bool:
    """Entries that are not public: staff only."""
    return is_staff_of(user, community)


def can_see(user, community, chat_bot) -> bool:
    return chat_bot.is_public or can_see_hidden(user, community)
