"""The voting API at /api/v1/budgets/cycles/{id}/...: the funds and their ballots, the booth's totals for a choice,
casting a ballot (a person with a token or session; a student with their school's code), the public anonymised
ballot list, and staff's paper ballots with the second person's check. Handlers parse, call and render."""

from datetime import date
from typing import Annotated

from ninja import Field, Query, Router, Schema
from ninja.errors import AuthenticationError
from ninja.pagination import paginate
from ninja.responses import Status as HttpStatus

from hromada.core.api.access import SignedIn
from hromada.core.api.auth import require_community, require_user
from hromada.core.api.pagination import PageNumber
from hromada.core.api.ratelimit import RateKey
from hromada.core.api.schemas import ERROR_RESPONSES, MAX_ID, StrictSchema

from . import ballots, voting_policies
from . import voting_selectors as selectors
from .models import Eligibility
from .services import paper as paper_services
from .services import voting

router = Router()
ProjectIds = Annotated[list[Annotated[int, Field(ge=1, le=MAX_ID)]], Field(max_length=ballots.MAX_CHOICES)]


class BallotOptionOut(Schema):
    id: int
    title: str
    cost: int  # kopiyky, as on the ballot (corrected by the review when it was)


class BallotFundOut(Schema):
    scope: str
    name: str
    fund: int
    ballot_rule: str
    min_projects: int
    max_projects: int
    threshold_percent: int
    projects: list[BallotOptionOut]


class BallotTotalsOut(Schema):
    scope: str
    chosen: list[int]
    spent: int
    remaining: int
    min_spend: int
    errors: list[str]


class BallotCastIn(StrictSchema):
    scope: str = Field(max_length=24, description='The fund: "c<id>" for a category, "d<id>" for a district or school.')
    projects: ProjectIds
    code: str = Field("", max_length=40, description="A student's code in a school budget.")


class BallotReceiptOut(Schema):
    receipt: str
    scope: str
    cast_on: date
    projects: list[int] | None = Field(None, description="The projects chosen: shown once voting has closed.")


class BallotRowOut(BallotReceiptOut):
    """A row of the public list, read from the ballot itself (the choices were fetched only when public)."""

    @staticmethod
    def resolve_scope(obj) -> str:
        return selectors.row_scope(obj)

    @staticmethod
    def resolve_cast_on(obj) -> date:
        return obj.cast_at.date()

    @staticmethod
    def resolve_projects(obj) -> list[int] | None:
        if "project_ids" in obj.get_deferred_fields():
            return None
        return list(obj.project_ids)


class PaperBallotIn(StrictSchema):
    scope: str = Field(max_length=24)
    projects: ProjectIds
    tax_number: str = Field("", max_length=20, description="The voter's RNOKPP: hashed at once, never stored.")
    code: str = Field("", max_length=40)
    voting_point: str = Field("", max_length=200)


class PaperBallotOut(Schema):
    id: int
    scope: str
    status: str
    projects: list[int]
    voting_point: str
    reason: str


class PaperRejectIn(StrictSchema):
    reason: str = Field(max_length=500)


def _paper(entry) -> dict:
    return {"id": entry.pk, "scope": selectors.row_scope(entry), "status": entry.status, "projects": list(entry.projects),
            "voting_point": entry.voting_point, "reason": entry.reason}


def _cycle(request, cycle_id: int):
    return selectors.cycle_get(require_community(request), cycle_id)


@router.get("/cycles/{int:cycle_id}/funds", response={200: list[BallotFundOut], **ERROR_RESPONSES},
            summary="The funds of a cycle with the projects on each ballot and its rule")
def cycle_funds(request, cycle_id: int):
    cycle = _cycle(request, cycle_id)
    options = selectors.options_by_scope(cycle)
    return [{"scope": ballots.scope_key(fund), "name": fund.name, "fund": fund.fund, "ballot_rule": fund.ballot_rule,
             "min_projects": fund.min_projects, "max_projects": fund.max_projects,
             "threshold_percent": fund.threshold_percent,
             "projects": [{"id": p.pk, "title": p.title, "cost": p.ballot_cost}
                          for p in options.get(ballots.scope_key(fund), [])]}
            for fund in selectors.funds(cycle)]


@router.get("/cycles/{int:cycle_id}/funds/{scope}/totals", response={200: BallotTotalsOut, **ERROR_RESPONSES},
            summary="What a choice spends of the fund, what remains and which rule it breaks so far")
def fund_totals(request, cycle_id: int, scope: str,
                projects: Annotated[list[Annotated[int, Field(ge=1, le=MAX_ID)]], Query(max_length=200)] = []):  # noqa: B006 - ninja's query list
    cycle = _cycle(request, cycle_id)
    booth = selectors.booth(cycle, selectors.fund_get(cycle, scope), projects)
    return {"scope": scope, "chosen": booth.chosen, "spent": booth.totals.spent, "remaining": booth.totals.remaining,
            "min_spend": booth.totals.min_spend, "errors": booth.errors}


@router.post("/cycles/{int:cycle_id}/ballots", response={201: BallotReceiptOut, **ERROR_RESPONSES},
             summary="Cast a ballot in one fund (one per person per fund)")
def ballot_cast(request, cycle_id: int, payload: BallotCastIn):
    community = require_community(request)
    cycle = selectors.cycle_get(community, cycle_id)
    if cycle.eligibility != Eligibility.SCHOOL_CODE and not request.user.is_authenticated:
        raise AuthenticationError()
    ballot = voting.ballot_cast(actor=request.user, community=community, cycle=cycle, scope=payload.scope,
                                project_ids=payload.projects, code=payload.code,
                                caller=RateKey.from_request(request))
    return HttpStatus(201, {"receipt": ballot.receipt, "scope": payload.scope, "cast_on": ballot.cast_at.date(),
                            "projects": payload.projects})


@router.get("/cycles/{int:cycle_id}/ballots", response={200: list[BallotRowOut], **ERROR_RESPONSES},
            summary="The public anonymised ballots, by receipt (the choices once voting has closed)")
@paginate(PageNumber)
def ballot_list(request, cycle_id: int, receipt: Annotated[str, Query(max_length=20)] = ""):
    return selectors.public_ballots(_cycle(request, cycle_id), receipt=receipt)


_staff = SignedIn(voting_policies.can_enter_paper_ballots)


@router.get("/cycles/{int:cycle_id}/paper-ballots", response={200: list[PaperBallotOut], **ERROR_RESPONSES},
            summary="Staff: paper ballots awaiting a second person's check", auth=_staff)
def paper_pending(request, cycle_id: int):
    return [_paper(e) for e in selectors.pending_paper_ballots(_cycle(request, cycle_id))]


@router.post("/cycles/{int:cycle_id}/paper-ballots", response={201: PaperBallotOut, **ERROR_RESPONSES},
             summary="Staff: enter a paper ballot or a vote at a voting point", auth=_staff)
def paper_enter(request, cycle_id: int, payload: PaperBallotIn):
    user, community = require_user(request), require_community(request)
    entry = paper_services.paper_ballot_enter(
        actor=user, community=community, cycle=selectors.cycle_get(community, cycle_id), scope=payload.scope,
        project_ids=payload.projects, tax_number=payload.tax_number, code=payload.code,
        voting_point=payload.voting_point)
    return HttpStatus(201, _paper(entry))


@router.post("/paper-ballots/{int:paper_id}/confirm", response={200: PaperBallotOut, **ERROR_RESPONSES},
             summary="Staff: a second person confirms a paper ballot; it counts from now", auth=_staff)
def paper_confirm(request, paper_id: int):
    user, community = require_user(request), require_community(request)
    entry = selectors.paper_ballot_get(community, paper_id)
    paper_services.paper_ballot_confirm(actor=user, community=community, paper=entry)
    entry.refresh_from_db()
    return _paper(entry)


@router.post("/paper-ballots/{int:paper_id}/reject", response={200: PaperBallotOut, **ERROR_RESPONSES},
             summary="Staff: a second person rejects a paper ballot, with the reason", auth=_staff)
def paper_reject(request, paper_id: int, payload: PaperRejectIn):
    user, community = require_user(request), require_community(request)
    entry = selectors.paper_ballot_get(community, paper_id)
    return _paper(paper_services.paper_ballot_reject(actor=user, community=community, paper=entry,
                                                     reason=payload.reason))
