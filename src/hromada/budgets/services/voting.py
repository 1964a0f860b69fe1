"""Voting in a cycle: cast one ballot in one fund, by the voter's eligibility and the fund's rule, written so that the
database refuses a second ballot of the same person (ADR 0021). The pieces live in budgets.ballots."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hromada.core.api.ratelimit import RateKey, check_caller_rate
from hromada.core.counters import write_gate
from hromada.core.errors import Conflict, NotFound, RateLimited
from hromada.core.identity.guard import consulted, service

from ..ballots import (
    ballot_projects,
    check_ballot,
    code_voter,
    fund_ballot,
    identity_voter,
    voting_open,
    write_ballot,
)
from ..ballots import random_code as random_code  # noqa: PLC0414 - school codes are drawn the same way (schools.py)
from ..ballots import school_code_hash as school_code_hash  # noqa: PLC0414 - and kept as this hash
from ..models import Ballot, Cycle, Eligibility

# A person casts a handful of ballots in a cycle (one per fund), with a few refusals on the way; an address is
# looser, because a school's class or a ЦНАП's voting point votes from one address. Every attempt counts, the
# refused ones too, so a code cannot be guessed faster than this. Settings can override them.
VOTE_RATE_USER = "10/m"
VOTE_RATE_IP = "120/m"


def _check_vote_rate(caller: RateKey | None, community) -> None:
    """The voting limit, per person and per address in a community; the same for the booth and the API."""
    try:
        check_caller_rate(caller, f"budgets.vote:{community.pk}",
                          per_user=getattr(settings, "HROMADA_RATE_BUDGETS_VOTE_USER", VOTE_RATE_USER),
                          per_ip=getattr(settings, "HROMADA_RATE_BUDGETS_VOTE_IP", VOTE_RATE_IP))
    except RateLimited as refusal:
        raise RateLimited(_("Too many voting attempts in a short time. Wait a minute and try again; your ballot "
                            "has not been cast yet."), retry_after=refusal.retry_after) from None


@service
def ballot_cast(*, actor, community, cycle: Cycle, scope: str, project_ids: Iterable, code: str = "",
                caller: RateKey | None = None) -> Ballot:
    """Cast one ballot in one fund of a cycle: the voter's key by eligibility, the fund's rule, then the insert that
    the database refuses a second time. Refusals change nothing. `caller` (the web booth's and the API's request)
    is rate-limited; staff's paper ballots, the demo and tasks pass None."""
    if cycle.community_id != community.pk:
        raise NotFound()
    _check_vote_rate(caller, community)
    if not voting_open(cycle):
        consulted()
        raise Conflict(_("Voting in this cycle is not open."), code="voting_closed")
    voter = code_voter(cycle, code) if cycle.eligibility == Eligibility.SCHOOL_CODE else \
        identity_voter(actor, community, cycle)
    fund, options = fund_ballot(cycle, scope)
    projects = ballot_projects(cycle, fund, project_ids, options)
    check_ballot(fund, projects)
    with write_gate(), transaction.atomic():
        return write_ballot(community=community, cycle=cycle, fund=fund, voter=voter, projects=projects)
