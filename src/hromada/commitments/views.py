"""Web pages of Commitments: plans, a plan with its commitments, a commitment's public timeline and follow button,
evidence files, and the staff pages (a body's report, the monitoring body's assessment, evidence, late reports).

As thin as the API: parse, call a service or selector, render; refusals come from the services' policies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hromada.core.errors import DomainError, NotFound
from hromada.core.storage import private_file_response
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .forms import AssessmentForm, EvidenceForm, ReportForm
from .manifest import commitments_settings


def _or_404(call, **kwargs):
    try:
        return call(**kwargs)
    except NotFound:
        raise Http404 from None


@require_GET
def plan_list(request):
    community = request.community
    plans = selectors.plan_list(actor=request.user, community=community)
    page = Paginator(plans, commitments_settings(community).page_size).get_page(request.GET.get("page"))
    return render(request, "commitments/list.html", {
        "page": page, "can_manage": policies.can_manage(request.user, community)})


@require_GET
def plan_detail(request, plan_id: int):
    community = request.community
    plan = _or_404(selectors.plan_get, actor=request.user, community=community, plan_id=plan_id)
    commitments = selectors.commitment_list(plan=plan)
    page = Paginator(commitments, commitments_settings(community).page_size).get_page(request.GET.get("page"))
    return render(request, "commitments/detail.html", {
        "plan": plan, "page": page, "rounds": selectors.round_list(plan=plan),
        "can_manage": policies.can_manage(request.user, community)})


@require_GET
def commitment_detail(request, commitment_id: int):
    community, user = request.community, request.user
    commitment = _or_404(selectors.commitment_get, actor=user, community=community, commitment_id=commitment_id)
    bodies = selectors.body_department_ids(commitment)
    can_report = policies.can_report(user, community, bodies) and user.is_authenticated
    can_assess = user.is_authenticated and policies.can_assess(user, community, selectors.monitor_ids(community))
    return render(request, "commitments/commitment.html", {
        "commitment": commitment, "plan": commitment.plan, "timeline": selectors.commitment_timeline(commitment),
        "following": selectors.is_following(user, commitment), "can_report": can_report, "can_assess": can_assess,
        "can_manage": policies.can_manage(user, community),
        "report_rounds": selectors.reporting_choices(actor=user, community=community, commitment=commitment)
        if can_report else [],
        "assess_rounds": selectors.assessment_choices(commitment=commitment) if can_assess else []})


@require_POST
def commitment_follow(request, commitment_id: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    follow = request.POST.get("follow") != "0"
    call = services.commitment_follow if follow else services.commitment_unfollow
    try:
        call(actor=request.user, community=request.community, commitment_id=commitment_id)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("You will be told of every report and assessment.") if follow
                         else _("You no longer follow this commitment."))
    return redirect("commitments:commitment", commitment_id)


@require_GET
def evidence_file(request, evidence_id: int):
    item = _or_404(selectors.evidence_get, actor=request.user, community=request.community, evidence_id=evidence_id)
    if not item.file:
        raise Http404
    return private_file_response(item.file, content_type=item.content_type, download_name=item.name,
                                 attachment=True, cache_control="public, max-age=3600")


def _staff_page(request, commitment_id: int, allowed) -> object:
    if not request.user.is_authenticated:
        raise DjangoPermissionDenied
    commitment = _or_404(selectors.commitment_get, actor=request.user, community=request.community,
                         commitment_id=commitment_id)
    if not allowed(commitment):
        raise DjangoPermissionDenied
    return commitment


@require_http_methods(["GET", "POST"])
def report_file(request, round_id: int, commitment_id: int):
    community = request.community
    commitment = _staff_page(request, commitment_id, lambda c: policies.can_report(
        request.user, community, selectors.body_department_ids(c)))
    found = _or_404(selectors.round_get, community=community, round_id=round_id)
    form = ReportForm(request.POST or None, initial={"progress": commitment.progress, "status": commitment.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.report_file(actor=request.user, community=community, round_id=found.pk,
                                 commitment_id=commitment.pk, **form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The report is published."))
            return redirect("commitments:commitment", commitment.pk)
    return render(request, "commitments/report_form.html",
                  {"commitment": commitment, "round": found, "form": form, "kind": "report"},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def assessment_file(request, round_id: int, commitment_id: int):
    community = request.community
    commitment = _staff_page(request, commitment_id, lambda c: policies.can_assess(
        request.user, community, selectors.monitor_ids(community)))
    found = _or_404(selectors.round_get, community=community, round_id=round_id)
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_file(actor=request.user, community=community, round_id=found.pk,
                                     commitment_id=commitment.pk, **form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The assessment is published."))
            return redirect("commitments:commitment", commitment.pk)
    return render(request, "commitments/report_form.html",
                  {"commitment": commitment, "round": found, "form": form, "kind": "assessment"},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def evidence_add(request, commitment_id: int):
    community = request.community
    commitment = _staff_page(request, commitment_id, lambda c: policies.can_report(
        request.user, community, selectors.body_department_ids(c)))
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.evidence_add(actor=request.user, community=community, commitment_id=commitment.pk,
                                  title=data["title"], url=data["url"], upload=data["file"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The evidence is published."))
            return redirect("commitments:commitment", commitment.pk)
    return render(request, "commitments/evidence_form.html", {"commitment": commitment, "form": form},
                  status=400 if form.errors else 200)


@require_GET
def late_reports(request):
    community = request.community
    if not policies.can_see_late_queue(request.user, community):
        raise DjangoPermissionDenied
    rows = selectors.late_reports(actor=request.user, community=community)
    page = Paginator(rows, commitments_settings(community).page_size).get_page(request.GET.get("page"))
    return render(request, "commitments/late.html", {"page": page})
