"""Web pages of grant competitions for everyone and for applicants: calls, a call's page, the application form
(drafts, files, submit before the deadline), my applications, an application, its private files, results, reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hromada.core.errors import DomainError, NotFound
from hromada.core.storage import private_file_response
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .eligibility import uah
from .forms import (
    ApplicationForm,
    AttachmentForm,
    BudgetFormSet,
    ReportForm,
    ReportReviewForm,
    kopiyky,
    service_data,
)
from .manifest import PHASES, competitions_settings
from .models import Status


def refuse(request, exc: DomainError) -> None:
    """A refused button press (no form to show it on): the service's message and its field reasons."""
    messages.error(request, " ".join([str(exc.message), *(m for ms in exc.fields.values() for m in ms)]))


def call_or_404(request, call_id):
    try:
        return selectors.call_get(actor=request.user, community=request.community, call_id=call_id)
    except NotFound:
        raise Http404 from None


def application_or_404(request, application_id):
    try:
        return selectors.application_get(actor=request.user, community=request.community,
                                         application_id=application_id)
    except NotFound:
        raise Http404 from None


@require_GET
def call_list(request):
    community = request.community
    calls = selectors.call_list(actor=request.user, community=community)
    page = Paginator(calls, competitions_settings(community).page_size).get_page(request.GET.get("page"))
    labels = {p.key: p.label for p in PHASES}
    for call in page.object_list:
        call.current = selectors.phase_of(call)
        call.current_label = labels.get(call.current.key, call.current.key) if call.current else ""
    return render(request, "competitions/list.html", {
        "page": page, "can_manage": policies.can_manage(request.user, community)})


@require_GET
def call_detail(request, call_id: int):
    call = call_or_404(request, call_id)

    labels = {p.key: p.label for p in PHASES}
    schedule = [(labels.get(w["key"], w["key"]), w["starts_at"], w["ends_at"]) for w in call.schedule]
    current = selectors.phase_of(call)
    return render(request, "competitions/detail.html", {
        "call": call, "schedule": schedule, "current": current, "totals": selectors.call_totals(call),
        "rules": [(r, uah(r.cap)) for r in call.rules.all()], "criteria": list(call.criteria.all()),
        "fund": uah(call.fund), "can_manage": policies.can_manage(request.user, request.community),
        "is_juror": policies.is_juror(request.user, selectors.juror_ids(call.pk)),
        "checks": call.checks,
        "applying": current is not None and current.key == "applications"})


def _application_form(request, call, application=None):
    initial, lines = {}, []
    if application is not None:
        initial = {name: getattr(application, name) for name in ("applicant_type", "organisation", "tax_id",
                   "partner_name", "partner_tax_id", "title", "summary", "description")}
        initial["cofinancing"] = application.cofinancing / 100
        lines = [{"item": b.item, "quantity": b.quantity, "unit_cost": b.unit_cost / 100}
                 for b in application.budget_lines.all()]
    form = ApplicationForm(request.POST or None, call=call, initial=initial)
    formset = BudgetFormSet(request.POST or None, initial=lines, prefix="lines")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = service_data(form, formset)
        try:
            if application is None:
                application = services.application_create(actor=request.user, community=request.community,
                                                          call_id=call.pk, **data)
            else:
                services.application_update(actor=request.user, community=request.community,
                                            application_id=application.pk, **data)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("The draft is saved. Check it and submit it before the deadline."))
            return redirect("competitions:application", application.pk)
    return render(request, "competitions/apply.html", {"call": call, "form": form, "formset": formset,
                                                       "application": application},
                  status=400 if form.errors or formset.total_error_count() else 200)


@login_required
def apply(request, call_id: int):
    return _application_form(request, call_or_404(request, call_id))


@login_required
def application_edit(request, application_id: int):
    application = application_or_404(request, application_id)
    if not policies.is_applicant(request.user, application) or application.status != Status.DRAFT:
        raise Http404
    return _application_form(request, application.call, application)


@require_GET
def application_detail(request, application_id: int):
    application = application_or_404(request, application_id)
    community, user = request.community, request.user
    mine = policies.is_applicant(user, application)
    staff = policies.can_manage(user, community)
    return render(request, "competitions/application.html", {
        "application": application, "call": application.call, "mine": mine, "staff": staff,
        "lines": [(b, uah(b.unit_cost), uah(b.amount)) for b in selectors.application_budget(application)],
        "money": {"total": uah(application.total_cost), "own": uah(application.cofinancing),
                  "requested": uah(application.requested), "grant": uah(application.grant or 0)},
        "files": selectors.application_attachments(application) if mine or staff or application.status != Status.DRAFT
        and policies.is_juror(user, selectors.juror_ids(application.call_id)) else [],
        "reports": [(r, uah(r.spent)) for r in selectors.application_reports(application, everything=mine or staff)],
        "attachment_form": AttachmentForm() if mine and application.status == Status.DRAFT else None,
        "report_form": ReportForm() if mine and application.status == Status.AWARDED else None,
        "report_review_form": ReportReviewForm() if staff else None,
        "public_name": application.public_name if not (mine or staff) else application.organisation})


@login_required
@require_POST
def application_submit(request, application_id: int):
    try:
        services.application_submit(actor=request.user, community=request.community, application_id=application_id)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, _("Your application is submitted."))
    return redirect("competitions:application", application_id)


def posted(request, form, write, *, done, invalid) -> None:
    """A small form posted from a page: the service's refusal or its success becomes a message."""
    if not form.is_valid():
        messages.error(request, invalid)
        return
    try:
        write(form.cleaned_data)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, done)


@login_required
@require_POST
def attachment_add(request, application_id: int):
    posted(request, AttachmentForm(request.POST, request.FILES),
           lambda data: services.attachment_add(actor=request.user, community=request.community,
                                                application_id=application_id, upload=data["file"]),
           done=_("The file is attached."), invalid=_("Choose a file to attach."))
    return redirect("competitions:application", application_id)


@login_required
@require_GET
def attachment_file(request, attachment_id: int):
    try:
        attachment = selectors.attachment_get(actor=request.user, community=request.community,
                                              attachment_id=attachment_id)
    except NotFound:
        raise Http404 from None
    extension = attachment.file.name.rsplit(".", 1)[-1] if "." in attachment.file.name else "bin"
    return private_file_response(attachment.file, content_type=attachment.content_type, attachment=True,
                                 download_name=f"application-{attachment.application_id}-{attachment.pk}.{extension}")


@login_required
@require_POST
def report_add(request, application_id: int):
    posted(request, ReportForm(request.POST, request.FILES),
           lambda data: services.report_add(actor=request.user, community=request.community,
                                            application_id=application_id, progress=data["progress"],
                                            spent=kopiyky(data["spent"]), uploads=[data["file"]] if data.get("file")
                                            else []),
           done=_("The report is added."), invalid=_("Say what has been done and how much is spent."))
    return redirect("competitions:application", application_id)


@login_required
@require_GET
def my_applications(request):
    rows = selectors.my_applications(actor=request.user, community=request.community)
    page = Paginator(rows, competitions_settings(request.community).page_size).get_page(request.GET.get("page"))
    return render(request, "competitions/mine.html", {"page": page})


@require_GET
def results(request, call_id: int):
    call = call_or_404(request, call_id)
    try:
        ranking = selectors.results(actor=request.user, community=request.community, call=call)
    except NotFound:
        raise Http404 from None
    page = Paginator(ranking, competitions_settings(request.community).page_size).get_page(request.GET.get("page"))
    rows = selectors.with_criterion_means(page.object_list)
    criteria = list(call.criteria.all())
    table = [(row, [(c.name, row.criterion_means.get(c.pk)) for c in criteria], uah(row.requested),
              uah(row.grant) if row.grant is not None else "") for row in rows]
    totals = selectors.call_totals(call)
    reports = selectors.accepted_reports(call)
    grantees = [(reports[key][0].application, [(r, uah(r.spent)) for r in reports[key]]) for key in reports]
    return render(request, "competitions/results.html", {
        "call": call, "criteria": criteria, "table": table, "page": page, "fund": uah(call.fund),
        "grantees": grantees, "awarded": uah(totals["awarded"]), "left": uah(totals["left"]),
        "tie_break": call.get_tie_break_display()})
