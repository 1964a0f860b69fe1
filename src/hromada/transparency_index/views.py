"""Web pages of the transparency self-check: the public overview (latest snapshot, trend, fix first) and one
snapshot; the staff page (compute a period, the hand assessments). Thin: parse, call a service or selector, render."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hromada.core.errors import DomainError, NotFound
from hromada.core.web.form_errors import add_domain_error

from . import chart, policies, selectors, services
from .forms import AssessmentForm, PeriodForm
from .periods import last_full_quarter

ASSESSMENTS_PER_PAGE = 20


def _overview_context(request, snapshot) -> dict:
    community = request.community
    trend = selectors.selfcheck_trend(community=community)
    bars = chart.trend_bars(trend)
    return {"view": selectors.selfcheck_view(snapshot) if snapshot else None, "trend": trend, "bars": bars,
            "chart_width": chart.chart_width(bars), "chart_height": chart.HEIGHT,
            "can_manage": policies.can_see_staff_page(request.user, community)}


@require_GET
def selfcheck_overview(request):
    community = request.community
    snapshot = selectors.selfcheck_latest(community=community)
    return render(request, "transparency_index/overview.html", _overview_context(request, snapshot))


@require_GET
def selfcheck_detail(request, selfcheck_id: int):
    community = request.community
    try:
        snapshot = selectors.selfcheck_get(community=community, selfcheck_id=selfcheck_id)
    except NotFound:
        raise Http404 from None
    return render(request, "transparency_index/overview.html", _overview_context(request, snapshot))


def _staff_community(request):
    if not policies.can_see_staff_page(request.user, request.community):
        raise Http404()
    return request.community


def _staff_render(request, *, period_form=None, assessment_form=None, status=200):
    community = request.community
    start, end = last_full_quarter()
    latest = selectors.selfcheck_latest(community=community)
    indicators = selectors.manual_indicator_choices(community=community)
    assessments = Paginator(selectors.manual_assessment_list(community=community), ASSESSMENTS_PER_PAGE)
    return render(request, "transparency_index/staff.html", {
        "period_form": period_form or PeriodForm(initial={"start": start, "end": end}),
        "assessment_form": assessment_form or AssessmentForm(
            indicators=indicators, initial={"period_start": start, "period_end": end,
                                            "code": request.GET.get("code", "")[:100]}),
        "snapshots": selectors.selfcheck_summaries(community=community)[:20],
        "view": selectors.selfcheck_view(latest, fix_first=10) if latest else None,
        "assessments": assessments.get_page(request.GET.get("page")),
        "indicator_titles": dict(indicators),
    }, status=status)


@login_required
@require_GET
def staff_page(request):
    _staff_community(request)
    return _staff_render(request)


@login_required
@require_POST
def selfcheck_compute(request):
    community = _staff_community(request)
    form = PeriodForm(request.POST)
    if form.is_valid():
        try:
            snapshot = services.selfcheck_compute(actor=request.user, community=community,
                                                  start=form.cleaned_data["start"], end=form.cleaned_data["end"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The self-check for %(period)s is computed.") % {"period": str(snapshot)})
            return redirect("transparency_index:staff")
    return _staff_render(request, period_form=form, status=400)


def _delete_and_back(request, delete, done: str):
    """A staff delete button: call the service, say so, back to the staff page (another community's row is 404)."""
    community = _staff_community(request)
    try:
        delete(actor=request.user, community=community)
    except NotFound:
        raise Http404 from None
    messages.success(request, done)
    return redirect("transparency_index:staff")


@login_required
@require_POST
def selfcheck_delete(request, selfcheck_id: int):
    return _delete_and_back(request, functools.partial(services.selfcheck_delete, selfcheck_id=selfcheck_id),
                            _("The self-check is deleted."))


@login_required
@require_POST
def assessment_enter(request):
    community = _staff_community(request)
    form = AssessmentForm(request.POST, indicators=selectors.manual_indicator_choices(community=community))
    if form.is_valid():
        try:
            services.manual_assessment_set(actor=request.user, community=community, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The assessment is saved; compute the period again to count it."))
            return redirect("transparency_index:staff")
    return _staff_render(request, assessment_form=form, status=400)


@login_required
@require_POST
def assessment_delete(request, assessment_id: int):
    return _delete_and_back(request, functools.partial(services.manual_assessment_delete, assessment_id=assessment_id),
                            _("The assessment is deleted."))
