"""Staff pages of Participatory budget: the review queue and the review form, implementation updates of winners, the
printable list of a school's voting codes, and (community admins) a cycle's settings, phases and funds and publishing
its results. Refusals come from the services' policies; these pages only hide what a person may not do."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hromada.core.errors import DomainError
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .forms import CycleForm, FundForm, ImplementationForm, ReviewForm, SchoolCodesForm
from .manifest import budgets_settings
from .views import _or_404


def _kopiyky(value: Decimal | None) -> int | None:
    return None if value is None else int(value * 100)


@require_GET
def review_queue(request):
    if not policies.can_see_unpublished(request.user, request.community):
        raise DjangoPermissionDenied
    projects = selectors.review_queue(actor=request.user, community=request.community)
    page = Paginator(projects, budgets_settings(request.community).page_size).get_page(request.GET.get("page"))
    return render(request, "budgets/review_queue.html", {"page": page})


@require_http_methods(["GET", "POST"])
def review(request, project_id: int):
    community = request.community
    project = _or_404(selectors.project_get, actor=request.user, community=community, project_id=project_id)
    if not policies.can_review(request.user, community, project):
        raise DjangoPermissionDenied
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_record(actor=request.user, community=community, project_id=project.pk,
                                   decision=data["decision"], reason=data["reason"],
                                   corrected_cost=_kopiyky(data["corrected_cost"]))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The conclusion is published."))
            return redirect("budgets:review_queue")
    return render(request, "budgets/review.html", {"project": project, "form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def progress(request, project_id: int):
    community = request.community
    project = _or_404(selectors.project_get, actor=request.user, community=community, project_id=project_id)
    if not policies.can_update_implementation(request.user, community, project):
        raise DjangoPermissionDenied
    initial = {"status": project.implementation_status or "in_progress", "progress": project.progress,
               "spent": Decimal(project.spent) / 100}
    form = ImplementationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update = services.implementation_update(actor=request.user, community=community, project_id=project.pk,
                                                    text=data["text"], status=data["status"],
                                                    progress=data["progress"], spent=_kopiyky(data["spent"]))
            if data.get("photo"):
                services.project_photo_add(actor=request.user, community=community, project_id=project.pk,
                                           upload=data["photo"], update=update)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The update is published; followers are told."))
            return redirect("budgets:project", project.pk)
    return render(request, "budgets/progress.html", {"project": project, "form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def school_codes(request, cycle_id: int):
    community = request.community
    cycle = _or_404(selectors.cycle_get, actor=request.user, community=community, cycle_id=cycle_id)
    if not policies.can_see_unpublished(request.user, community):
        raise DjangoPermissionDenied
    form = SchoolCodesForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            batch, codes = services.school_codes_issue(actor=request.user, community=community, cycle_id=cycle.pk,
                                                       **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            # The only plain copy of the codes: printed now, never stored.
            response = render(request, "budgets/school_codes_print.html", {"cycle": cycle, "batch": batch,
                                                                            "codes": codes})
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "budgets/school_codes.html", {"cycle": cycle, "form": form},
                  status=400 if form.errors else 200)


# ---- cycles, funds and results (community admins) -----------------------------------------------------------------

def _manager(request) -> None:
    if not policies.can_manage_cycles(request.user, request.community):
        raise DjangoPermissionDenied


@require_http_methods(["GET", "POST"])
def cycle_new(request):
    _manager(request)
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_create(actor=request.user, community=request.community, **form.values())
        except DomainError as exc:
            add_domain_error(form, exc, CycleForm.aliases())
        else:
            messages.success(request, _("The cycle is created. Add its categories and districts."))
            return redirect("budgets:manage_cycle", cycle.pk)
    return render(request, "budgets/manage_cycle.html", {"form": form, "cycle": None},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def cycle_edit(request, cycle_id: int):
    """The cycle's settings and phases, its funds, and publishing its results: the staff's page of one cycle."""
    _manager(request)
    community = request.community
    cycle = _or_404(selectors.cycle_get, actor=request.user, community=community, cycle_id=cycle_id)
    form = CycleForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        try:
            services.cycle_update(actor=request.user, community=community, cycle_id=cycle.pk, **form.values())
        except DomainError as exc:
            add_domain_error(form, exc, CycleForm.aliases())
        else:
            messages.success(request, _("The cycle is saved."))
            return redirect("budgets:manage_cycle", cycle.pk)
    return render(request, "budgets/manage_cycle.html", {
        "form": form, "cycle": cycle, "categories": cycle.categories.all(), "districts": cycle.districts.all(),
        "voting_over": selectors.voting_over(cycle)}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def fund_edit(request, cycle_id: int, kind: str, fund_id: int | None = None):
    """Add (no fund_id) or change a category ("category") or a district or school ("district") of a cycle."""
    _manager(request)
    community = request.community
    cycle = _or_404(selectors.cycle_get, actor=request.user, community=community, cycle_id=cycle_id)
    if kind not in ("category", "district"):
        raise Http404
    fund = None
    if fund_id is not None:
        fund = next((f for f in (cycle.districts if kind == "district" else cycle.categories).all()
                     if f.pk == fund_id), None)
        if fund is None:
            raise Http404
    form = FundForm(request.POST or None, kind=kind, fund=fund)
    if request.method == "POST" and form.is_valid():
        try:
            services.fund_save(actor=request.user, community=community, cycle_id=cycle.pk, kind=kind,
                               fund_id=fund_id, **form.values())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The fund is saved."))
            return redirect("budgets:manage_cycle", cycle.pk)
    return render(request, "budgets/manage_fund.html", {"form": form, "cycle": cycle, "kind": kind, "fund": fund},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def results_publish(request, cycle_id: int):
    """Before publishing: the tally as it would come out now (nothing written); the button publishes it."""
    _manager(request)
    community = request.community
    cycle = _or_404(selectors.cycle_get, actor=request.user, community=community, cycle_id=cycle_id)
    if request.method == "POST":
        try:
            services.results_publish(actor=request.user, community=community, cycle_id=cycle.pk)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("budgets:manage_cycle", cycle.pk)
        messages.success(request, _("The results are published; the winners are now being implemented."))
        return redirect("budgets:results", cycle.pk)
    preview = None
    if selectors.voting_over(cycle):
        try:
            preview = selectors.cycle_results(cycle, selectors.results_summary(cycle))
        except DomainError as exc:
            messages.error(request, str(exc.message))
    return render(request, "budgets/manage_results.html", {"cycle": cycle, "preview": preview,
                                                           "voting_over": selectors.voting_over(cycle)})
