"""Residents' pages of Participatory budget: cycles with their phases, the project catalogue (filters, a map), a
project with its review and works, the proposal form, the project's actions (support, submit, follow, reply), and a
cycle's published results with their Pabulib files."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hromada.core.errors import DomainError, NotFound
from hromada.core.geo.geojson import feature, feature_collection
from hromada.core.storage import private_file_response
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .forms import ProposalForm, ReplyForm
from .manifest import budgets_settings
from .models import Status, TallyRule


def _or_404(call, **kwargs):
    try:
        return call(**kwargs)
    except NotFound:
        raise Http404 from None


@require_GET
def cycle_list(request):
    cycles = selectors.cycle_list(actor=request.user, community=request.community)
    return render(request, "budgets/cycles.html", {
        "cycles": [(c, selectors.current_phase_key(c)) for c in cycles],
        "can_manage": policies.can_manage_cycles(request.user, request.community)})


@require_GET
def cycle_detail(request, cycle_id: int):
    cycle = _or_404(selectors.cycle_get, actor=request.user, community=request.community, cycle_id=cycle_id)
    phase = selectors.current_phase_key(cycle)
    return render(request, "budgets/cycle.html", {
        "cycle": cycle, "phases": selectors.cycle_phases(cycle), "phase": phase,
        "can_propose": phase == "proposal" and policies.can_propose(request.user, request.community),
        "can_manage": policies.can_manage_cycles(request.user, request.community),
        "can_issue_codes": cycle.eligibility == "school_code" and policies.can_see_unpublished(request.user,
                                                                                                request.community),
        "funds": [*cycle.categories.all(), *cycle.districts.all()]})


def _filters(request) -> dict:
    get = request.GET
    return {"cycle_id": get.get("cycle", ""), "status": get.get("status", ""), "category_id": get.get("category", ""),
            "district_id": get.get("district", ""), "q": get.get("q", "")[:100]}


@require_GET
def project_list(request):
    community, filters = request.community, _filters(request)
    projects = selectors.project_list(actor=request.user, community=community, **filters)
    page = Paginator(projects, budgets_settings(community).page_size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "budgets/list.html", {
        "page": page, "filters": filters, "query": query.urlencode(), "statuses": Status.choices,
        "cycles": selectors.cycle_list(actor=request.user, community=community)})


@require_GET
def project_geojson(request):
    projects = selectors.project_list(actor=request.user, community=request.community, **_filters(request))
    features = [feature({"type": "Point", "coordinates": [p.lon, p.lat]},
                        {"title": p.title, "status": p.get_status_display(),
                         "url": reverse("budgets:project", args=[p.pk])}, p.pk)
                for p in projects.exclude(lat=None)[:2000]]
    return JsonResponse(feature_collection(features))


@require_GET
def project_detail(request, project_id: int):
    community, user = request.community, request.user
    project = _or_404(selectors.project_get, actor=user, community=community, project_id=project_id)
    return render(request, "budgets/project.html", {
        "project": project, "phase": selectors.current_phase_key(project.cycle),
        "can_edit": policies.can_edit_project(user, community, project),
        "can_support": policies.can_support(user, community) and project.status in (Status.SUBMITTED, Status.FEASIBLE),
        "can_reply": policies.can_reply_to_review(user, community, project),
        "can_review": policies.can_review(user, community, project),
        "following": selectors.is_following(user, project), "reply_form": ReplyForm()})


_ACTIONS = {
    "support": lambda r, pid, post: services.project_support(actor=r.user, community=r.community, project_id=pid),
    "submit": lambda r, pid, post: services.project_submit(actor=r.user, community=r.community, project_id=pid),
    "withdraw": lambda r, pid, post: services.project_withdraw(actor=r.user, community=r.community, project_id=pid),
    "follow": lambda r, pid, post: services.project_follow(actor=r.user, community=r.community, project_id=pid),
    "unfollow": lambda r, pid, post: services.project_follow(actor=r.user, community=r.community, project_id=pid,
                                                             follow=False),
    "reply": lambda r, pid, post: services.review_reply(actor=r.user, community=r.community,
                                                        review_id=post.get("review_id"), text=post.get("text", "")),
}
_DONE = {"support": _("Thank you for your support."), "submit": _("The project is sent for review."),
         "withdraw": _("The project is withdrawn."), "follow": _("You will be told of this project's news."),
         "unfollow": _("You no longer follow this project."), "reply": _("Your reply is published.")}


@require_POST
def project_act(request, project_id: int):
    action = request.POST.get("action", "")
    if action not in _ACTIONS:
        return JsonResponse({"error": {"code": "validation_failed", "fields": {"action": ["Unknown action."]}}},
                            status=400)
    try:
        _ACTIONS[action](request, project_id, request.POST)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, " ".join([str(exc.message), *(str(p) for ps in exc.fields.values() for p in ps)]))
        return redirect("budgets:project", project_id)
    messages.success(request, str(_DONE[action]))
    return redirect("budgets:project", project_id)


@require_http_methods(["GET", "POST"])
def propose(request, cycle_id: int):
    community = request.community
    cycle = _or_404(selectors.cycle_get, actor=request.user, community=community, cycle_id=cycle_id)
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    form = ProposalForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=request.user, community=community, cycle_id=cycle.pk,
                                              **form.values())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your draft is saved. Check it and submit it for review."))
            return redirect("budgets:project", project.pk)
    return render(request, "budgets/propose.html", {"cycle": cycle, "form": form},
                  status=400 if form.errors else 200)


@require_GET
def project_photo(request, project_id: int, photo_id: int):
    project = _or_404(selectors.project_get, actor=request.user, community=request.community, project_id=project_id)
    photo = next((p for p in project.all_photos if p.pk == photo_id), None)
    if photo is None:
        raise Http404
    return private_file_response(photo.file, content_type="image/jpeg", cache_control="public, max-age=3600")


@require_GET
def project_file(request, project_id: int, file_id: int):
    project = _or_404(selectors.project_get, actor=request.user, community=request.community, project_id=project_id)
    item = next((f for f in project.files.all() if f.pk == file_id), None)
    if item is None:
        raise Http404
    return private_file_response(item.file, content_type=item.content_type, download_name=item.name,
                                 attachment=True)


@require_GET
def implementation(request):
    projects = selectors.implementation_list(community=request.community)
    page = Paginator(projects, budgets_settings(request.community).page_size).get_page(request.GET.get("page"))
    return render(request, "budgets/implementation.html", {"page": page})


@require_GET
def results(request, cycle_id: int):
    """The published result for residents: per fund, projects by votes as bars (the table is the chart), what was
    funded and what the fund spent, the rule and tie-breaking named, ballots per district; counts only."""
    cycle = _or_404(selectors.cycle_get, actor=request.user, community=request.community, cycle_id=cycle_id)
    funds = selectors.cycle_results(cycle)
    districts = [fund for fund in funds if fund.is_district]
    district_ballots = sum(fund.ballots for fund in districts)
    return render(request, "budgets/results.html", {
        "cycle": cycle, "funds": funds, "rule_label": TallyRule(cycle.tally_rule).label,
        "turnout": [(fund, round(100 * fund.ballots / district_ballots, 1) if district_ballots else 0.0)
                    for fund in districts],
        "can_manage": policies.can_manage_cycles(request.user, request.community)})


@require_GET
def results_pabulib(request, cycle_id: int, scope: str):
    cycle = _or_404(selectors.cycle_get, actor=request.user, community=request.community, cycle_id=cycle_id)
    text = _or_404(selectors.cycle_pabulib, cycle=cycle, scope=scope)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{request.community.slug}-{cycle.year}-{scope}.pb"'
    return response
