"""Web pages of grant competitions for the call's staff (the eligibility queue, award, publish) and its jury (my
assignments, the declaration and score form). As thin as the API: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hromada.core.errors import DomainError, NotFound
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .eligibility import uah
from .forms import DeclarationForm, EligibilityForm, ScoresForm
from .models import Status
from .views import application_or_404, call_or_404, posted, refuse


@login_required
@require_GET
def staff_queue(request, call_id: int):
    call = call_or_404(request, call_id)
    status = request.GET.get("status", "")
    try:
        queue = selectors.call_applications(actor=request.user, community=request.community, call=call, status=status)
    except NotFound:
        raise Http404 from None
    rows: list = list(queue.select_related("call"))
    for row in rows:
        row.findings = selectors.eligibility_findings(row)
        row.requested_uah = uah(row.requested)
    totals = selectors.call_totals(call)
    return render(request, "competitions/staff.html", {
        "call": call, "rows": rows, "status": status, "Status": Status, "form": EligibilityForm(),
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
