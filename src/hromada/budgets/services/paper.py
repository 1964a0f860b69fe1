"""Paper ballots and votes at voting points (ЦНАП): one staff member enters the ballot, a second one checks it against
the paper before it counts (four eyes; the database refuses the same person too). The voter is named by the same key
as online: the keyed hash of their tax number (RNOKPP), which equals their strong identity's, so a person who voted
online cannot vote on paper and the other way round. The tax number itself is never kept."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hromada.core.audit.services import audit_record
from hromada.core.counters import write_gate
from hromada.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.identity.hashing import subject_hash

from .. import ballots, voting_policies
from ..models import Ballot, Channel, Cycle, Eligibility, PaperBallot, PaperStatus, SchoolCode


def _paper_voter(cycle: Cycle, *, tax_number: str, code: str) -> ballots.Voter:
    if cycle.eligibility == Eligibility.SCHOOL_CODE:
        return ballots.code_voter(cycle, code)
    tax_number = "".join((tax_number or "").split())
    birth = ballots.rnokpp_birth_date(tax_number)
    if cycle.min_age and ballots.age_on(birth, timezone.localdate()) < cycle.min_age:
        raise ValidationFailed(fields={"tax_number": [_("The voter is younger than %(age)d, the cycle's minimum age.")
                                                      % {"age": cycle.min_age}]})
    return ballots.Voter(ballots.person_key(cycle.pk, subject_hash(tax_number)))


def _ensure_no_ballot(cycle: Cycle, fund, key: str) -> None:
    if Ballot.objects.filter(cycle=cycle, voter_key=key, **ballots.scope_fields(fund)).exists():
        raise Conflict(_("This voter has already voted in this part of the budget."), code="already_voted")


@service
def paper_ballot_enter(*, actor, community, cycle: Cycle, scope: str, project_ids: Iterable, tax_number: str = "",
                       code: str = "", voting_point: str = "") -> PaperBallot:
    """Staff enter a paper ballot (or a vote at a voting point): refused when the voter already has a ballot in the
    fund or the ballot breaks its rule; it waits for a second person's check."""
    require(voting_policies.can_enter_paper_ballots(actor, community), code="staff_only")
    if cycle.community_id != community.pk:
        raise NotFound()
    if not ballots.voting_open(cycle):
        raise Conflict(_("Voting in this cycle is not open."), code="voting_closed")
    voter = _paper_voter(cycle, tax_number=tax_number, code=code)
    fund = ballots.fund_for(cycle, scope)
    projects = ballots.ballot_projects(cycle, fund, project_ids)
    ballots.check_ballot(fund, projects)
    _ensure_no_ballot(cycle, fund, voter.key)
    with transaction.atomic():
        paper = PaperBallot.objects.create(community=community, cycle=cycle, voter_key=voter.key,
                                           projects=[p.pk for p in projects], entered_by=actor,
                                           voting_point=(voting_point or "").strip()[:200], **ballots.scope_fields(fund))
        audit_record(actor=actor, community=community, action="budgets.paper_ballot.entered", target=paper,
                     data={"scope": ballots.scope_key(fund), "voting_point": paper.voting_point})
    return paper


def _pending(community, paper: PaperBallot) -> PaperBallot:
    if paper.community_id != community.pk:
        raise NotFound()
    if paper.status != PaperStatus.ENTERED:
        raise Conflict(_("This paper ballot has already been checked."), code="already_checked")
    return paper


def _fund_of(paper: PaperBallot):
    return paper.district if paper.district_id else paper.category


@service
def paper_ballot_confirm(*, actor, community, paper: PaperBallot) -> Ballot:
    """A second staff member confirms the entry against the paper: the ballot counts from now. A rule or a voter
    that no longer allows it rejects the entry with the reason instead."""
    require(voting_policies.can_check_paper_ballot(actor, community, paper),
            _("A paper ballot is checked by a second person, not by the one who entered it."), code="four_eyes")
    _pending(community, paper)
    cycle, fund = paper.cycle, _fund_of(paper)
    code = None
    if cycle.eligibility == Eligibility.SCHOOL_CODE:
        code = SchoolCode.objects.filter(cycle=cycle, code_hash=paper.voter_key).select_related("batch").first()
    try:
        projects = ballots.ballot_projects(cycle, fund, paper.projects)
        ballots.check_ballot(fund, projects)
        with write_gate(), transaction.atomic():
            checked = PaperBallot.objects.filter(pk=paper.pk, status=PaperStatus.ENTERED).update(
                status=PaperStatus.CONFIRMED, checked_by=actor, checked_at=timezone.now())
            if not checked:
                raise Conflict(_("This paper ballot has already been checked."), code="already_checked")
            ballot = ballots.write_ballot(community=community, cycle=cycle, fund=fund,
                                         voter=ballots.Voter(paper.voter_key, code), projects=projects,
                                         channel=Channel.PAPER)
            PaperBallot.objects.filter(pk=paper.pk).update(ballot=ballot)
            audit_record(actor=actor, community=community, action="budgets.paper_ballot.confirmed", target=paper,
                         data={"scope": ballots.scope_key(fund)})
    except DomainError as refusal:
        if refusal.code == "already_checked":
            raise
        _reject(actor, community, paper, str(refusal.fields.get("projects", [refusal.message])[0]))
        raise
    paper.refresh_from_db()
    return ballot


def _reject(actor, community, paper: PaperBallot, reason: str) -> None:
    with transaction.atomic():
        rejected = PaperBallot.objects.filter(pk=paper.pk, status=PaperStatus.ENTERED).update(
            status=PaperStatus.REJECTED, reason=reason[:500], checked_by=actor, checked_at=timezone.now())
        if rejected:
            audit_record(actor=actor, community=community, action="budgets.paper_ballot.rejected", target=paper,
                         data={"reason": reason[:500]})


@service
def paper_ballot_reject(*, actor, community, paper: PaperBallot, reason: str) -> PaperBallot:
    """The second person finds the entry does not match the paper (or the paper is spoiled): it never counts."""
    require(voting_policies.can_check_paper_ballot(actor, community, paper),
            _("A paper ballot is checked by a second person, not by the one who entered it."), code="four_eyes")
    _pending(community, paper)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(fields={"reason": [_("Say why the entry is rejected.")]})
    _reject(actor, community, paper, reason)
    paper.refresh_from_db()
    return paper
