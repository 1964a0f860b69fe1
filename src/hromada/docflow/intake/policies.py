"""Who may do what with the email intake: the platform takes mail in; the community's admins set up mailboxes
(hromada.docflow.policies.can_manage_journals); clerks complete and register the drafts as any other card."""

from __future__ import annotations

from hromada.core.identity.actors import is_system


def can_take_in_mail(actor, community) -> bool:
    """Only the platform's gateway (SYSTEM): mail arrives from outside, no person submits it in anyone's name."""
    return is_system(actor)
