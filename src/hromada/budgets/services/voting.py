"""Voting in a cycle: cast one ballot in one fund, by the voter's eligibility and the fund's rule, written so that the
database refuses a second ballot of the same person (ADR 0021). The pieces live in budgets.ballots."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hromada.core.counters import write_gate
from hromada.core.errors import Conflict, NotFound
from hromada.core.identity.guard import consulted, service

from ..ballots import (
    ballot_projects,
    check_ballot,
    code_voter,
    fund_for,
    identity_voter,
    voting_open,
    write_ballot,
)
from ..ballots import random_code as random_code  # noqa: PLC0414 - school codes are drawn the same way (schools.py)
from ..ballots import school_code_hash as school_code_hash  # noqa: PLC0414 - and kept as this hash
from ..models import Ballot, Cycle, Eligibility


@service
def ballot_cast(*, actor, community, cycle: Cycle, scope: str, project_ids: Iterable, code: str = "") -> Ballot:
    """Cast one ballot in one fund of a cycle: the voter's key by eligibility, the fund's rule, then the insert that
    the database refuses a second time. Refusals change nothing."""
    if cycle.community_id != community.pk:
        raise NotFound()
    if not voting_open(cycle):
        consulted()
        raise Conflict(_("Voting in this cycle is not open."), code="voting_closed")
    voter = code_voter(cycle, code) if cycle.eligibility == Eligibility.SCHOOL_CODE else \
        identity_voter(actor, community, cycle)
    fund = fund_for(cycle, scope)
    projects = ballot_projects(cycle, fund, project_ids)
    check_ballot(fund, projects)
    with write_gate(), transaction.atomic():
        return write_ballot(community=community, cycle=cycle, fund=fund, voter=voter, projects=projects)
