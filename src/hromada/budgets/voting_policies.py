"""Who may handle ballots in Participatory budget: the staff who enter paper ballots and the second person who checks
them (never the one who entered the same ballot). Voters themselves are decided by the cycle's eligibility rule
(services.voting), not by a role."""

from __future__ import annotations

from hromada.core.identity.actors import is_system
from hromada.core.identity.policies import is_staff_of


def can_enter_paper_ballots(actor, community) -> bool:
    return is_staff_of(actor, community)


def can_check_paper_ballot(actor, community, paper) -> bool:
    """Four eyes: staff, and not the person who entered this ballot."""
    return is_staff_of(actor, community) and getattr(actor, "pk", None) != paper.entered_by_id


def can_issue_school_codes(actor, community) -> bool:
    """Staff, and the platform itself (the demo loader)."""
    return is_system(actor) or is_staff_of(actor, community)
