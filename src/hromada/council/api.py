"""The council's JSON API at /c/<community>/api/v1/council/: deputies with their figures, a deputy's timeline,
agreements and votes, factions with cohesion, commissions, sessions, vote events with the roll-call, draft
decisions, comparisons and search. Read-only; handlers parse, call a selector and render (docs/api.md, council)."""


from ninja import Query, Router
from ninja.pagination import paginate

from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.public_cache import cached_for_anonymous
from hromada.core.api.schemas import ERROR_RESPONSES

from . import selectors
from .api_schemas import (
    AgreementOut,
    CommissionOut,
    CompareIn,
    CompareOut,
    DeputyDetailOut,
    DeputyFilters,
    DeputyOut,
    DraftDetailOut,
    DraftFilters,
    DraftOut,
    FactionAgreementOut,
    FactionOut,
    OrganizationDetailOut,
    PeriodIn,
    SearchOut,
    SessionOut,
    TimelineOut,
    VoteEventDetailOut,
    VoteEventOut,
    VoteFilters,
    VoteOptionFilter,
    VoteOut,
)
from .models import PRESENT_OPTIONS, OrganizationKind
from .selectors import Period

router = Router()


def _faction(org) -> dict:
    return {"id": org.pk, "name": org.name, "short_name": org.short_name, "party": org.party, "members": org.members,
            **selectors.faction_figures(org)}


@router.get("/deputies", response={200: list[DeputyOut], **ERROR_RESPONSES},
            summary="Deputies with their figures over a period")
@cached_for_anonymous(seconds=30)
@paginate(PageNumber)
def deputy_list(request, filters: Query[DeputyFilters]):
    return selectors.deputy_list(community=require_community(request), period=filters.period(), q=filters.q,
                                 faction_id=filters.faction, commission_id=filters.commission,
                                 sort=filters.sort).select_related("community")


def _deputy(request, deputy_id: int, period: Period):
    community = require_community(request)
    deputy = selectors.deputy_get(community=community, person_id=deputy_id)
    deputy.figures = selectors.deputy_figures(community=community, person_id=deputy.pk, period=period)
    return community, deputy


@router.get("/deputies/{int:deputy_id}", response={200: DeputyDetailOut, **ERROR_RESPONSES},
            summary="A deputy with figures, drafts and memberships")
def deputy_detail(request, deputy_id: int, filters: Query[PeriodIn]):
    period = filters.period()
    community, deputy = _deputy(request, deputy_id, period)
    drafts = selectors.draft_counts(community=community, person_id=deputy.pk, period=period)
    deputy.drafts_authored, deputy.drafts_adopted = drafts["authored"], drafts["adopted"]
    deputy.membership_rows = list(selectors.deputy_memberships(community=community, person_id=deputy.pk))
    return deputy


@router.get("/deputies/{int:deputy_id}/timeline", response={200: list[TimelineOut], **ERROR_RESPONSES},
            summary="A deputy's attendance and rebellions by month (by year beyond two years)")
def deputy_timeline(request, deputy_id: int, filters: Query[PeriodIn]):
    community, deputy = _deputy(request, deputy_id, filters.period())
    return selectors.deputy_timeline(community=community, person_id=deputy.pk, period=filters.period())


@router.get("/deputies/{int:deputy_id}/agreements", response={200: list[AgreementOut], **ERROR_RESPONSES},
            summary="Agreement with every other deputy, highest first")
def deputy_agreements(request, deputy_id: int, filters: Query[PeriodIn]):
    community, deputy = _deputy(request, deputy_id, filters.period())
    return [{"id": r["deputy"].pk, "name": r["deputy"].name, "both": r["both"], "same": r["same"],
             "share": r["share"]} for r in selectors.deputy_agreements(community=community, person_id=deputy.pk,
                                                                        period=filters.period())]


@router.get("/deputies/{int:deputy_id}/faction-agreements", response={200: list[AgreementOut], **ERROR_RESPONSES},
            summary="Agreement with each faction's line")
def deputy_faction_agreements(request, deputy_id: int, filters: Query[PeriodIn]):
    community, deputy = _deputy(request, deputy_id, filters.period())
    return [{"id": r["faction"].pk, "name": r["faction"].name, "both": r["both"], "same": r["same"],
             "share": r["share"]} for r in selectors.deputy_faction_agreements(
                community=community, person_id=deputy.pk, period=filters.period())]


def _vote_row(vote) -> dict:
    event = vote.vote_event
    line = vote.line or ""
    return {"vote_event_id": event.pk, "date": event.date, "question": event.question, "option": vote.option,
            "faction_id": vote.faction_id, "faction_line": line, "free_vote": event.free_vote,
            "rebellion": bool(line and not event.free_vote and vote.option in PRESENT_OPTIONS
                          and vote.option != line)}


@router.get("/deputies/{int:deputy_id}/votes", response={200: list[VoteOut], **ERROR_RESPONSES},
            summary="A deputy's votes, newest first")
@paginate(PageNumber)
def deputy_votes(request, deputy_id: int, filters: Query[VoteOptionFilter]):
    community, deputy = _deputy(request, deputy_id, Period())
    votes = selectors.deputy_votes(community=community, person_id=deputy.pk, period=filters.period(),
                                   option=filters.option or "")
    return _Mapped(votes, _vote_row)


class _Mapped:
    """A queryset that the paginator counts and slices, with each row of the page turned into a dict."""

    def __init__(self, qs, row):
        self.qs, self.row = qs, row

    def count(self) -> int:
        return self.qs.count()

    def __getitem__(self, items: slice) -> list:
        return [self.row(obj) for obj in self.qs[items]]


@router.get("/compare", response={200: CompareOut, **ERROR_RESPONSES}, summary="Two deputies side by side")
def compare(request, filters: Query[CompareIn]):
    period = filters.period()
    community, first = _deputy(request, filters.a, period)
    _community, second = _deputy(request, filters.b, period)
    return {"a": first, "b": second, **selectors.pair_agreement(community=community, person_id=first.pk,
                                                                 other_id=second.pk, period=period)}


@router.get("/factions", response={200: list[FactionOut], **ERROR_RESPONSES},
            summary="Factions with cohesion, attendance and rebellions over a period")
@paginate(PageNumber)
def faction_list(request, filters: Query[PeriodIn]):
    orgs = selectors.organization_list(community=require_community(request), kind=OrganizationKind.FACTION,
                                       period=filters.period())
    return _Mapped(orgs, _faction)


@router.get("/factions/agreements", response={200: list[FactionAgreementOut], **ERROR_RESPONSES},
            summary="Agreement between factions' lines, every ordered pair")
def faction_agreements(request, filters: Query[PeriodIn]):
    return selectors.faction_agreements(community=require_community(request), period=filters.period())


def _organization(request, org_id: int, kind: str) -> dict:
    community = require_community(request)
    org = selectors.organization_get(community=community, org_id=org_id, kind=kind)
    members = [{"id": m.person_id, "name": m.person.name, "role": m.role, "start_date": m.start_date}
               for m in selectors.organization_members(community=community, org_id=org.pk)]
    return {"id": org.pk, "name": org.name, "kind": org.kind, "members": members}


@router.get("/factions/{int:faction_id}", response={200: OrganizationDetailOut, **ERROR_RESPONSES},
            summary="A faction and its current members")
def faction_detail(request, faction_id: int):
    return _organization(request, faction_id, OrganizationKind.FACTION)


@router.get("/commissions", response={200: list[CommissionOut], **ERROR_RESPONSES}, summary="Standing commissions")
@paginate(PageNumber)
def commission_list(request):
    return selectors.organization_list(community=require_community(request), kind=OrganizationKind.COMMISSION)


@router.get("/commissions/{int:commission_id}", response={200: OrganizationDetailOut, **ERROR_RESPONSES},
            summary="A commission and its current members")
def commission_detail(request, commission_id: int):
    return _organization(request, commission_id, OrganizationKind.COMMISSION)


@router.get("/sessions", response={200: list[SessionOut], **ERROR_RESPONSES}, summary="Sessions, newest first")
@paginate(PageNumber)
def session_list(request):
    return selectors.session_list(community=require_community(request))


@router.get("/votes", response={200: list[VoteEventOut], **ERROR_RESPONSES}, summary="Roll-call votes, newest first")
@cached_for_anonymous(seconds=30)
@paginate(PageNumber)
def vote_list(request, filters: Query[VoteFilters]):
    return selectors.vote_event_list(community=require_community(request), period=filters.period(), q=filters.q,
                                     result=filters.result or "", session_id=filters.session,
                                     draft_id=filters.draft)


@router.get("/votes/{int:vote_event_id}", response={200: VoteEventDetailOut, **ERROR_RESPONSES},
            summary="A roll-call vote with its roll-call grouped by faction, the lines and the rebellions")
def vote_detail(request, vote_event_id: int):
    community = require_community(request)
    event = selectors.vote_event_get(community=community, vote_event_id=vote_event_id)
    groups = []
    for group in selectors.roll_call(community=community, vote_event_id=event.pk):
        line = group["line"]
        groups.append({
            "faction": {"id": group["faction"].pk, "name": group["faction"].name} if group["faction"] else None,
            "line": line.line if line else "",
            "counts": {o: getattr(line, o) for o in ("yes", "no", "abstain", "not_voting", "absent")} if line else {},
            "votes": [{"deputy_id": v.person_id, "name": v.person.name, "option": v.option, "rebellion": v.rebel}
                      for v in group["votes"]]})
    event.roll_call = groups
    return event


@router.get("/drafts", response={200: list[DraftOut], **ERROR_RESPONSES}, summary="Draft decisions, newest first")
@paginate(PageNumber)
def draft_list(request, filters: Query[DraftFilters]):
    return selectors.draft_list(community=require_community(request), q=filters.q, status=filters.status or "",
                                author_id=filters.author, commission_id=filters.commission)


@router.get("/drafts/{int:draft_id}", response={200: DraftDetailOut, **ERROR_RESPONSES},
            summary="A draft decision with its authors and status path")
def draft_detail(request, draft_id: int):
    return selectors.draft_get(community=require_community(request), draft_id=draft_id)


@router.get("/search", response={200: SearchOut, **ERROR_RESPONSES},
            summary="Deputies, draft decisions and votes matching every word")
def search(request, q: str = Query(..., min_length=1, max_length=200)):
    found = selectors.search(community=require_community(request), q=q)
    return {"deputies": [{"id": d.pk, "name": d.name} for d in found["deputies"]], "drafts": found["drafts"],
            "vote_events": found["vote_events"]}
