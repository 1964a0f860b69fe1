"""Demo ballots, cast through the same services as the booth: demo residents vote in the cycle in its voting phase
(each fund's rule respected), a paper ballot from a voting point waits for a second person's check, and a school
issues codes of which some students have voted. Called at the end of budgets' demo loader."""

from __future__ import annotations

from hromada.core.errors import DomainError
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.core.identity.selectors import members_with_role

from . import ballots
from . import voting_selectors as selectors
from .ballot_rules import ballot_errors
from .models import BallotRule, Cycle
from .services import paper as paper_services
from .services import school_codes_issue, voting

DEMO_TAX_NUMBER = "3000000014"  # a synthetic RNOKPP with a valid check digit, kept only as its keyed hash


def _choice(fund, options, shift: int) -> list:
    """A ballot that keeps the fund's rule: options in a rotated order, added while they fit."""
    order = options[shift % len(options):] + options[:shift % len(options)] if options else []
    chosen: list = []
    spent = 0
    for project in order:
        if fund.max_projects and len(chosen) >= fund.max_projects:
            break
        if fund.ballot_rule != BallotRule.APPROVAL and spent + project.ballot_cost > fund.fund:
            continue
        chosen.append(project)
        spent += project.ballot_cost
        if fund.ballot_rule == BallotRule.APPROVAL and len(chosen) >= 2 + shift % 2:
            break
    return chosen if not ballot_errors(fund, [p.ballot_cost for p in chosen]) else []


def _vote(community, cycle: Cycle, fund, chosen, **who) -> None:
    if not chosen:
        return
    try:
        voting.ballot_cast(community=community, cycle=cycle, scope=ballots.scope_key(fund),
                           project_ids=[p.pk for p in chosen], **who)
    except DomainError:  # a demo person the cycle does not admit (no strong identity, too young): skipped
        pass


def load_ballots(community, *, voting_cycle: Cycle, school_cycle: Cycle, voters: int) -> None:
    residents = list(members_with_role(community=community, roles=Role.RESIDENT).order_by("pk")[:voters])
    moderator = members_with_role(community=community, roles=Role.MODERATOR).order_by("pk").first()
    for fund in selectors.funds(voting_cycle):
        options = selectors.ballot_options(voting_cycle, fund)
        for n, person in enumerate(residents):
            _vote(community, voting_cycle, fund, _choice(fund, options, n), actor=person)
    funds = selectors.funds(voting_cycle)
    if moderator is not None and funds and selectors.ballot_options(voting_cycle, funds[0]):
        chosen = _choice(funds[0], selectors.ballot_options(voting_cycle, funds[0]), 0)
        try:
            paper_services.paper_ballot_enter(actor=moderator, community=community, cycle=voting_cycle,
                                              scope=ballots.scope_key(funds[0]), project_ids=[p.pk for p in chosen],
                                              tax_number=DEMO_TAX_NUMBER, voting_point="ЦНАП, центральний офіс")
        except DomainError:
            pass
    for n, school in enumerate(selectors.funds(school_cycle)):
        _batch, codes = school_codes_issue(actor=SYSTEM, community=community, cycle_id=school_cycle.pk,
                                           district_id=school.pk, size=30, label=f"{5 + n}-А")
        options = selectors.ballot_options(school_cycle, school)
        for k, code in enumerate(codes[: 10 + 5 * n]):
            _vote(community, school_cycle, school, _choice(school, options, k), actor=None, code=code)
