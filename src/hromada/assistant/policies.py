"""Who may do what in the assistant: small pure functions over the kernel's roles, asked by every service
through require() (and by views and templates to hide what a person may not do)."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.policies import can_administer_community


def can_configure(actor, community) -> bool:
    """Bot tokens, webhooks and the channels' switches: the community's administrators (and the platform)."""
    return is_system(actor) or can_administer_community(actor, community)


def can_use_chat(actor, community) -> bool:
    """The assistant answers anybody who writes to it; what a dialog may do is its capability's policy."""
    return community.is_active and community.capability_enabled("assistant")
