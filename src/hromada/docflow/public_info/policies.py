"""Who may do what with public information requests: anyone may ask (the law requires no identification); the
office's clerks process them; the requester sees their own (signed in, or with the link of the confirmation)."""

from __future__ import annotations

from hromada.core.identity.actors import is_system

from .. import policies as docflow_policies


def can_submit(actor, community) -> bool:
    """Everyone, signed in or not: only the rate limit holds a flood back."""
    return True


def can_process(actor, community) -> bool:
    """Extend, answer or refuse, and read the requesters' contacts: the office's clerks (and the platform)."""
    return is_system(actor) or docflow_policies.is_clerk(actor, community)


def is_requester(user, info_request) -> bool:
    return getattr(user, "is_authenticated", False) and info_request.requester_id == user.pk
