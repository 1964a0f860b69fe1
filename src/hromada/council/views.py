"""Public web pages of the council: deputies with their figures, a deputy, two deputies compared, factions,
commissions, sessions, vote events with the roll-call by faction, draft decisions and search. Parse, select, render."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hromada.core.api.params import bounded_int
from hromada.core.api.schemas import MAX_ID
from hromada.core.errors import NotFound, ValidationFailed

from . import selectors
from .manifest import council_settings
from .models import DraftStatus, OrganizationKind, VoteOption, VoteResult
from .selectors import Period

SORTS = ("name", "attendance", "rebellions")
CHART_WIDTH, CHART_HEIGHT = 600, 120


def bar_chart(rows: list[dict], key: str) -> dict:
    """Geometry of an SVG bar chart of a share (0-1) per period row; SVG attributes, as the CSP refuses inline
    styles. The page shows the same numbers in a table beside it, for screen readers and for copying."""
    step = CHART_WIDTH / max(len(rows), 1)
    bars = []
    for i, row in enumerate(rows):
        value = row.get(key)
        height = round((value or 0) * CHART_HEIGHT, 1)
        bars.append({"x": round(i * step + step * 0.1, 1), "width": round(step * 0.8, 1), "height": height,
                     "y": round(CHART_HEIGHT - height, 1), "label": row["label"],
                     "percent": None if value is None else round(value * 100)})
    return {"width": CHART_WIDTH, "height": CHART_HEIGHT, "bars": bars}


class Query:
    """The GET filters of a page: typed values, the errors of the bad ones (shown on the page with a 400), and
    the query string without `page` for pagination links."""

    def __init__(self, request):
        self.request, self.errors = request, {}
        self.q = request.GET.get("q", "").strip()[:200]
        try:
            self.period = Period.parse(request.GET.get("from"), request.GET.get("to"))
        except ValidationFailed as exc:
            self.errors.update(exc.fields)
            self.period = Period()
        rest = request.GET.copy()
        rest.pop("page", None)
        self.rest = rest.urlencode()

    def id(self, name: str) -> int | None:
        raw = self.request.GET.get(name) or None
        try:
            return bounded_int(raw, name, low=1, high=MAX_ID) if raw else None
        except ValidationFailed as exc:
            self.errors.update(exc.fields)
            return None

    def choice(self, name: str, choices) -> str:
        value = self.request.GET.get(name, "")
        return value if value in choices else ""

    def page(self, qs, size: int | None = None, param: str = "page"):
        size = size or council_settings(self.request.community).page_size
        return Paginator(qs, size).get_page(self.request.GET.get(param))

    @property
    def status(self) -> int:
        return 400 if self.errors else 200


def _found(call, **kwargs):
    try:
        return call(**kwargs)
    except NotFound:
        raise Http404 from None


def _render(request, template: str, query: Query, context: dict):
    context.update({"query": query, "period": query.period, "errors": query.errors})
    return render(request, template, context, status=query.status)


def _organizations(community, kind: str):
    return selectors.organization_choices(community=community, kind=kind)


@require_GET
def deputy_list(request):
    community, query = request.community, Query(request)
    sort = query.choice("sort", SORTS) or "name"
    faction_id, commission_id = query.id("faction"), query.id("commission")
    deputies = selectors.deputy_list(community=community, period=query.period, q=query.q, faction_id=faction_id,
                                     commission_id=commission_id, sort=sort)
    return _render(request, "council/deputy_list.html", query, {
        "page": query.page(deputies), "sort": sort, "faction_id": faction_id, "commission_id": commission_id,
        "factions": _organizations(community, OrganizationKind.FACTION),
        "commissions": _organizations(community, OrganizationKind.COMMISSION),
        "filtered": bool(query.q or faction_id or commission_id)})


@require_GET
def deputy_detail(request, pk: int):
    community, query = request.community, Query(request)
    deputy = _found(selectors.deputy_get, community=community, person_id=pk)
    scope = {"community": community, "person_id": deputy.pk, "period": query.period}
    option = query.choice("option", VoteOption.values)
    timeline = selectors.deputy_timeline(**scope)
    return _render(request, "council/deputy_detail.html", query, {
        "deputy": deputy, "figures": selectors.deputy_figures(**scope), "drafts": selectors.draft_counts(**scope),
        "timeline": timeline, "attendance_chart": bar_chart(timeline, "attendance"),
        "rebellion_chart": bar_chart(timeline, "rebellion_rate"),
        "agreements": selectors.deputy_agreements(**scope),
        "faction_agreements": selectors.deputy_faction_agreements(**scope),
        "memberships": selectors.deputy_memberships(community=community, person_id=deputy.pk),
        "votes": query.page(selectors.deputy_votes(**scope, option=option), 25), "option": option,
        "options": VoteOption.choices, "recent_drafts": selectors.deputy_drafts(**scope)[:10]})


@require_GET
def compare(request):
    community, query = request.community, Query(request)
    ids = [query.id("a"), query.id("b")]
    deputies = [_found(selectors.deputy_get, community=community, person_id=pk) if pk else None for pk in ids]
    columns = [{"deputy": d, "figures": selectors.deputy_figures(community=community, person_id=d.pk,
                                                                  period=query.period),
                "drafts": selectors.draft_counts(community=community, person_id=d.pk, period=query.period)}
               for d in deputies if d is not None]
    agreement = None
    if len(columns) == 2:
        agreement = selectors.pair_agreement(community=community, person_id=columns[0]["deputy"].pk,
                                             other_id=columns[1]["deputy"].pk, period=query.period)
    return _render(request, "council/compare.html", query, {
        "columns": columns, "agreement": agreement, "a": ids[0], "b": ids[1],
        "everyone": selectors.deputy_list(community=community).only("pk", "family_name", "given_name",
                                                                    "additional_name")})


@require_GET
def faction_list(request):
    community, query = request.community, Query(request)
    factions = list(selectors.organization_list(community=community, kind=OrganizationKind.FACTION,
                                                period=query.period))
    for faction in factions:
        faction.figures = selectors.faction_figures(faction)
    names = {f.pk: f for f in factions}
    agreements = [dict(row, faction=names[row["faction_id"]], other=names[row["other_id"]])
                  for row in selectors.faction_agreements(community=community, period=query.period)
                  if row["faction_id"] in names and row["other_id"] in names and row["faction_id"] < row["other_id"]]
    return _render(request, "council/faction_list.html", query, {"factions": factions, "agreements": agreements})


@require_GET
def organization_detail(request, pk: int, kind: str):
    community, query = request.community, Query(request)
    org = _found(selectors.organization_get, community=community, org_id=pk, kind=kind, period=query.period)
    context = {"org": org, "figures": selectors.faction_figures(org), "kind": kind,
               "members": selectors.organization_members(community=community, org_id=org.pk),
               "is_faction": kind == OrganizationKind.FACTION}
    if kind == OrganizationKind.COMMISSION:
        context["drafts"] = query.page(selectors.draft_list(community=community, commission_id=org.pk))
    return _render(request, "council/organization_detail.html", query, context)


@require_GET
def commission_list(request):
    query = Query(request)
    return _render(request, "council/commission_list.html", query, {"commissions": selectors.organization_list(
        community=request.community, kind=OrganizationKind.COMMISSION)})


@require_GET
def session_list(request):
    query = Query(request)
    return _render(request, "council/session_list.html", query, {
        "page": query.page(selectors.session_list(community=request.community))})


@require_GET
def session_detail(request, pk: int):
    community, query = request.community, Query(request)
    session = _found(selectors.session_get, community=community, session_id=pk)
    return _render(request, "council/session_detail.html", query, {
        "session": session, "votes": query.page(selectors.vote_event_list(community=community,
                                                                          session_id=session.pk), 50)})


@require_GET
def vote_list(request):
    query = Query(request)
    result = query.choice("result", VoteResult.values)
    return _render(request, "council/vote_list.html", query, {
        "page": query.page(selectors.vote_event_list(community=request.community, period=query.period, q=query.q,
                                                     result=result)),
        "result": result, "results": VoteResult.choices, "filtered": bool(query.q or result or query.period.query())})


@require_GET
def vote_detail(request, pk: int):
    community, query = request.community, Query(request)
    event = _found(selectors.vote_event_get, community=community, vote_event_id=pk)
    return _render(request, "council/vote_detail.html", query, {
        "event": event, "groups": selectors.roll_call(community=community, vote_event_id=event.pk)})


@require_GET
def draft_list(request):
    community, query = request.community, Query(request)
    status = query.choice("status", DraftStatus.values)
    author_id, commission_id = query.id("author"), query.id("commission")
    drafts = selectors.draft_list(community=community, q=query.q, status=status, author_id=author_id,
                                  commission_id=commission_id)
    return _render(request, "council/draft_list.html", query, {
        "page": query.page(drafts), "status": status, "statuses": DraftStatus.choices,
        "commission_id": commission_id, "commissions": _organizations(community, OrganizationKind.COMMISSION),
        "filtered": bool(query.q or status or author_id or commission_id)})


@require_GET
def draft_detail(request, pk: int):
    community, query = request.community, Query(request)
    draft = _found(selectors.draft_get, community=community, draft_id=pk)
    return _render(request, "council/draft_detail.html", query, {
        "draft": draft, "votes": selectors.vote_event_list(community=community, draft_id=draft.pk)[:50]})


@require_GET
def search(request):
    query = Query(request)
    return _render(request, "council/search.html", query, {
        "results": selectors.search(community=request.community, q=query.q)})
