"""The voting booth and the ballots' pages: the funds a person may vote in, the booth of one fund (choose, see what
remains of the fund as the server computes it, review, confirm), the receipt, the public anonymised ballot list, and
staff's paper ballots (enter, then a second person checks). Works without JavaScript; booth.js only recomputes the
totals in the page as the voter ticks."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hromada.core.api.ratelimit import RateKey
from hromada.core.errors import DomainError, NotFound, RateLimited

from . import ballots as parts
from . import voting_policies
from . import voting_selectors as selectors
from .models import Eligibility
from .services import paper as paper_services
from .services import voting

SESSION_RECEIPT = "budgets_receipt"


def _or_404(call, *args):
    try:
        return call(*args)
    except NotFound:
        raise Http404 from None


def _voter_status(request, cycle) -> tuple[str, set[str]]:
    """Why this person may not vote ("" when they may), and the funds they have voted in already."""
    if cycle.eligibility == Eligibility.SCHOOL_CODE:
        return "", set()
    try:
        voter = parts.identity_voter(request.user, request.community, cycle)
    except DomainError as refusal:
        return str(refusal.message), set()
    return "", selectors.voted_scopes(cycle, voter.key)


@require_GET
def vote(request, cycle_id: int):
    cycle = _or_404(selectors.cycle_get, request.community, cycle_id)
    refusal, voted = _voter_status(request, cycle)
    funds = [(fund, parts.scope_key(fund), parts.scope_key(fund) in voted) for fund in selectors.funds(cycle)]
    return render(request, "budgets/booth_index.html", {
        "cycle": cycle, "open": parts.voting_open(cycle), "refusal": refusal, "funds": funds,
        "can_enter_paper": voting_policies.can_enter_paper_ballots(request.user, request.community)})


def _render_booth(request, booth, *, step: str, errors: list[str], code: str = "", status: int = 200):
    return render(request, "budgets/booth.html", {
        "cycle": booth.cycle, "fund": booth.fund, "booth": booth, "scope": parts.scope_key(booth.fund),
        "step": step, "errors": errors, "code": code, "school": booth.cycle.eligibility == Eligibility.SCHOOL_CODE,
        "open": parts.voting_open(booth.cycle)}, status=status)


@require_http_methods(["GET", "POST"])
def booth(request, cycle_id: int, scope: str):
    cycle = _or_404(selectors.cycle_get, request.community, cycle_id)
    fund = _or_404(selectors.fund_get, cycle, scope)
    chosen = request.POST.getlist("projects") if request.method == "POST" else request.GET.getlist("projects")
    current = selectors.booth(cycle, fund, chosen)
    action = request.POST.get("action", "update")
    if request.method == "GET" or action == "update":
        return _render_booth(request, current, step="choose", errors=[])
    if action == "review":
        if current.errors:
            return _render_booth(request, current, step="choose", errors=current.errors, status=400)
        return _render_booth(request, current, step="confirm", errors=[])
    code = request.POST.get("code", "")[:40]
    try:
        ballot = voting.ballot_cast(actor=request.user, community=request.community, cycle=cycle, scope=scope,
                                    project_ids=current.chosen, code=code, caller=RateKey.from_request(request))
    except NotFound:
        raise Http404 from None
    except DomainError as refusal:
        errors = selectors.refusal_messages(refusal)
        # Too many attempts: the voter stays on the confirmation, the choice kept, to send it again later.
        step = "confirm" if "code" in refusal.fields or isinstance(refusal, RateLimited) else "choose"
        response = _render_booth(request, current, step=step, errors=errors, code=code, status=refusal.status)
        if isinstance(refusal, RateLimited):
            response["Retry-After"] = str(refusal.retry_after)
        return response
    request.session[SESSION_RECEIPT] = {"receipt": ballot.receipt, "titles": [p.title for p in current.chosen_projects]}
    return redirect("budgets:receipt", cycle.pk, ballot.receipt)


@require_GET
def receipt(request, cycle_id: int, code: str):
    cycle = _or_404(selectors.cycle_get, request.community, cycle_id)
    ballot = selectors.public_ballots(cycle, receipt=code).first()
    if ballot is None:
        raise Http404
    own = request.session.get(SESSION_RECEIPT) or {}
    fund = next((f for f in selectors.funds(cycle) if parts.scope_key(f) == selectors.row_scope(ballot)), None)
    return render(request, "budgets/receipt.html", {
        "cycle": cycle, "ballot": ballot, "fund": fund,
        "own_titles": own.get("titles") if own.get("receipt") == ballot.receipt else None})


@require_GET
def ballots(request, cycle_id: int):
    cycle = _or_404(selectors.cycle_get, request.community, cycle_id)
    wanted = request.GET.get("receipt", "")[:20]
    page = Paginator(selectors.public_ballots(cycle, receipt=wanted), selectors.BALLOTS_PAGE) \
        .get_page(request.GET.get("page"))
    names = {parts.scope_key(f): f.name for f in selectors.funds(cycle)}
    rows = [(b, names.get(selectors.row_scope(b), ""), b.project_ids
             if selectors.choices_public(cycle) else None) for b in page]
    return render(request, "budgets/ballots.html", {
        "cycle": cycle, "page": page, "rows": rows, "receipt": wanted, "choices_public": selectors.choices_public(cycle)})


# ---- staff: paper ballots ---------------------------------------------------------------------------------------

def _staff_only(request):
    if not voting_policies.can_enter_paper_ballots(request.user, request.community):
        raise Http404


@require_http_methods(["GET", "POST"])
def paper(request, cycle_id: int):
    _staff_only(request)
    cycle = _or_404(selectors.cycle_get, request.community, cycle_id)
    funds = selectors.funds(cycle)
    scope = request.POST.get("scope") or request.GET.get("scope") or (parts.scope_key(funds[0]) if funds else "")
    fund = next((f for f in funds if parts.scope_key(f) == scope), None)
    errors: list[str] = []
    status = 200
    if request.method == "POST" and request.POST.get("action") == "enter":
        try:
            paper_services.paper_ballot_enter(
                actor=request.user, community=request.community, cycle=cycle, scope=scope,
                project_ids=request.POST.getlist("projects"), tax_number=request.POST.get("tax_number", "")[:20],
                code=request.POST.get("code", "")[:40], voting_point=request.POST.get("voting_point", "")[:200])
        except DomainError as refusal:
            errors = selectors.refusal_messages(refusal)
            status = refusal.status
        else:
            messages.success(request, _("The paper ballot is entered. A second person checks it before it counts."))
            return redirect(f"{request.path}?scope={scope}")
    return render(request, "budgets/paper.html", {
        "cycle": cycle, "funds": [(f, parts.scope_key(f)) for f in funds], "scope": scope, "fund": fund,
        "options": selectors.ballot_options(cycle, fund) if fund else [], "errors": errors,
        "pending": selectors.pending_paper_ballots(cycle), "school": cycle.eligibility == Eligibility.SCHOOL_CODE,
        "voting_point": request.POST.get("voting_point", "")}, status=status)


@require_http_methods(["GET", "POST"])
def paper_check(request, paper_id: int):
    _staff_only(request)
    entry = _or_404(selectors.paper_ballot_get, request.community, paper_id)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "confirm":
                paper_services.paper_ballot_confirm(actor=request.user, community=request.community, paper=entry)
                messages.success(request, _("The paper ballot is confirmed and counts."))
            else:
                paper_services.paper_ballot_reject(actor=request.user, community=request.community, paper=entry,
                                                   reason=request.POST.get("reason", "")[:500])
                messages.success(request, _("The paper ballot is rejected."))
        except DomainError as refusal:
            errors = selectors.refusal_messages(refusal)
            status = refusal.status
        else:
            return redirect("budgets:paper", entry.cycle_id)
    fund = entry.district or entry.category
    options = {p.pk: p for p in selectors.ballot_options(entry.cycle, fund)}
    return render(request, "budgets/paper_check.html", {
        "entry": entry, "fund": fund, "chosen": [options.get(pk) for pk in entry.projects], "errors": errors,
        "own": entry.entered_by_id == request.user.pk}, status=status)
