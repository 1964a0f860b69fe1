"""Web pages of grant competitions for the call's staff (announce and change a call, the eligibility queue, award,
publish, grantees' reports) and its jury (my assignments, the declaration and score form). As thin as the API:
parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hromada.core.errors import DomainError, NotFound
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .eligibility import uah
from .forms import (
    CallForm,
    CriterionFormSet,
    DeclarationForm,
    EligibilityForm,
    ReportReviewForm,
    ScoresForm,
    call_data,
)
from .manifest import PHASES, competitions_settings
from .models import Status
from .views import application_or_404, call_or_404, posted, refuse

# The services' names of the schedule's fields, as the call form's fields.
_SCHEDULE_FIELDS = {f"schedule.{d.key}.{end}_at": f"{d.key}_{end}" for d in PHASES for end in ("starts", "ends")}


@login_required
def call_new(request):
    if not policies.can_manage(request.user, request.community):
        raise Http404
    return _call_form(request, None)


@login_required
def call_edit(request, call_id: int):
    call = call_or_404(request, call_id)
    if not policies.can_manage(request.user, request.community):
        raise Http404
    return _call_form(request, call)


def _call_form(request, call):
    """Announce (call is None) or change a call; once people have applied its terms are shown but not editable."""
    locked = call is not None and selectors.terms_locked(call)
    initial, criteria = {"is_public": True, "tie_break": "earlier_submission", "attachments_required": 0}, []
    if call is not None:
        terms = selectors.call_terms(call)
        initial = {**CallForm.initial_for(terms, selectors.juror_emails(call)), "is_public": call.is_public}
        criteria = terms["criteria"]
    data = request.POST if request.method == "POST" else None
    form = CallForm(data, initial=initial, locked=locked)
    formset = CriterionFormSet(data, initial=criteria, prefix="criteria")
    if locked:
        for row in formset.forms:
            for field in row.fields.values():
                field.disabled = True
    status = 200
    if data is not None and form.is_valid() and formset.is_valid():
        juror_ids, unknown = selectors.users_by_email(form.cleaned_data["jurors"].splitlines())
        if unknown:
            form.add_error("jurors", _("No account has these addresses: %(emails)s.") % {"emails": ", ".join(unknown)})
        else:
            changes = call_data(form, formset, juror_ids)
            try:
                if call is None:
                    call = services.call_create(actor=request.user, community=request.community, **changes)
                else:
                    services.call_update(actor=request.user, community=request.community, call_id=call.pk,
                                         **changes)
            except NotFound:
                raise Http404 from None
            except DomainError as exc:
                add_domain_error(form, exc, aliases={**_SCHEDULE_FIELDS, "juror_ids": "jurors"})
                status = exc.status
            else:
                messages.success(request, _("The call is saved."))
                return redirect("competitions:detail", call.pk)
    if data is not None and status == 200:
        status = 400
    return render(request, "competitions/call_form.html", {
        "call": call, "form": form, "formset": formset, "locked": locked}, status=status)


@login_required
@require_GET
def staff_queue(request, call_id: int):
    call = call_or_404(request, call_id)
    status = request.GET.get("status", "")
    try:
        queue = selectors.call_applications(actor=request.user, community=request.community, call=call, status=status)
    except NotFound:
        raise Http404 from None
    page = Paginator(queue, competitions_settings(request.community).page_size).get_page(request.GET.get("page"))
    rules = selectors.call_rules(call)
    for row in page.object_list:
        row.findings = selectors.eligibility_findings(row, rules)
        row.requested_uah = uah(row.requested)
    totals = selectors.call_totals(call)
    return render(request, "competitions/staff.html", {
        "call": call, "rows": page.object_list, "page": page, "status": status, "Status": Status, "form": EligibilityForm(),
        "fund": uah(call.fund), "awarded": uah(totals["awarded"]), "statuses": Status.choices})


@login_required
@require_POST
def eligibility(request, application_id: int):
    application = application_or_404(request, application_id)
    if not policies.can_manage(request.user, request.community):
        raise Http404
    posted(request, EligibilityForm(request.POST),
           lambda data: services.application_review(actor=request.user, community=request.community,
                                                    application_id=application_id, **data),
           done=_("The eligibility decision is recorded."), invalid=_("Choose eligible or not eligible."))
    return redirect("competitions:staff", application.call_id)


@login_required
@require_POST
def award(request, call_id: int):
    return _staff_action(request, call_id, services.call_award, _("The grants are awarded by rank within the fund."))


@login_required
@require_POST
def publish(request, call_id: int):
    return _staff_action(request, call_id, services.call_publish_results, _("The results are published."))


def _staff_action(request, call_id, action, done):
    call = call_or_404(request, call_id)
    try:
        action(actor=request.user, community=request.community, call_id=call.pk)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        refuse(request, exc)
    else:
        messages.success(request, done)
    return redirect("competitions:staff", call.pk)


@login_required
@require_POST
def report_review(request, report_id: int):
    if not policies.can_manage(request.user, request.community):
        raise Http404
    application_id = selectors.report_application_id(community=request.community, report_id=report_id)
    if application_id is None:
        raise Http404
    posted(request, ReportReviewForm(request.POST),
           lambda data: services.report_review(actor=request.user, community=request.community, report_id=report_id,
                                               **data),
           done=_("The decision on the report is recorded."), invalid=_("Choose accept or return."))
    return redirect("competitions:application", application_id)


@login_required
@require_GET
def jury(request):
    rows = selectors.jury_assignments(actor=request.user, community=request.community)
    return render(request, "competitions/jury.html", {"rows": rows})


@login_required
def score(request, application_id: int):
    application = application_or_404(request, application_id)
    user, community = request.user, request.community
    if not policies.is_juror(user, selectors.juror_ids(application.call_id)) or application.status == Status.DRAFT:
        raise Http404
    mine = application.reviews.filter(juror=user).first()
    criteria = list(application.call.criteria.all())
    declaration = DeclarationForm(request.POST if request.method == "POST" and mine is None else None)
    scores = ScoresForm(request.POST if request.method == "POST" and mine is not None else None, criteria=criteria)
    if request.method == "POST":
        form: DeclarationForm | ScoresForm = declaration if mine is None else scores
        if form.is_valid():
            try:
                if mine is None:
                    services.review_declare(actor=user, community=community, application_id=application.pk,
                                            **form.cleaned_data)
                else:
                    services.review_submit(actor=user, community=community, application_id=application.pk,
                                           scores=scores.scores(), comment=scores.cleaned_data["comment"])
            except NotFound:
                raise Http404 from None
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("competitions:score", application.pk)
    reviews = selectors.reviews_visible(actor=user, community=community, application=application)
    return render(request, "competitions/score.html", {
        "application": application, "mine": mine, "declaration": declaration, "scores": scores,
        "reviews": reviews, "criteria": criteria, "requested": uah(application.requested)},
        status=400 if declaration.errors or scores.errors else 200)
