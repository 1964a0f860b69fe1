"""Staff pages of Commitments where the admins keep plans: a plan, its commitments and their milestones, added and
changed through the same services as the API. Parse, call, render; refusals land on the form with their status."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hromada.core.errors import DomainError, NotFound
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .forms import CommitmentChangeForm, CommitmentForm, MilestoneForm, PlanForm
from .manifest import commitments_settings

TEMPLATE = "commitments/keep_form.html"


def _keeper(request) -> None:
    """The pages offer nothing to anyone but the community's admins: not found for them."""
    if not policies.can_manage(request.user, request.community):
        raise Http404


def _found(call, **kwargs):
    try:
        return call(**kwargs)
    except NotFound:
        raise Http404 from None


def _kept_commitment(request, commitment_id: int):
    _keeper(request)
    return _found(selectors.commitment_get, actor=request.user, community=request.community,
                  commitment_id=commitment_id)


def _about(commitment, heading: str) -> dict:
    return {"heading": heading, "subject": commitment.title,
            "back": reverse("commitments:commitment", args=[commitment.pk])}


def _keep(request, form, call: Callable[[dict], object], then: Callable[[object], object], done: str,
          context: dict):
    """A valid POST calls the service and goes on; bad input or a refusal comes back on the form with its status
    (400 for input, the service's own for a refusal) and nothing written."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            made = call(form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, done)
            return then(made)
    return render(request, TEMPLATE, {**context, "form": form}, status=max(status, 400 if form.errors else 200))


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request):
    _keeper(request)
    community = request.community
    form = PlanForm(request.POST or None,
                    initial={"monitoring_months": commitments_settings(community).monitoring_months})
    return _keep(request, form, lambda data: services.plan_create(actor=request.user, community=community, **data),
                 lambda plan: redirect("commitments:detail", plan.pk), _("The plan is saved."),
                 {"heading": _("New plan"), "back": reverse("commitments:list")})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, plan_id: int):
    _keeper(request)
    community = request.community
    plan = _found(selectors.plan_get, actor=request.user, community=community, plan_id=plan_id)
    form = PlanForm(request.POST or None, initial=PlanForm.initial_for(plan))
    return _keep(request, form, lambda data: services.plan_update(actor=request.user, community=community,
                                                                  plan_id=plan.pk, **data),
                 lambda saved: redirect("commitments:detail", saved.pk), _("The plan is saved."),
                 {"heading": _("Change the plan"), "subject": plan.title, "back": reverse("commitments:detail", args=[plan.pk])})


@login_required
@require_http_methods(["GET", "POST"])
def commitment_new(request, plan_id: int):
    _keeper(request)
    community = request.community
    plan = _found(selectors.plan_get, actor=request.user, community=community, plan_id=plan_id)
    form = CommitmentForm(request.POST or None, community=community)
    return _keep(request, form, lambda data: services.commitment_create(
        actor=request.user, community=community, plan_id=plan.pk, order=plan.commitment_count + 1, **data),
        lambda made: redirect("commitments:commitment", made.pk), _("The commitment is saved."),
        {"heading": _("New commitment"), "subject": plan.title, "back": reverse("commitments:detail", args=[plan.pk])})


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request, commitment_id: int):
    community, commitment = request.community, _kept_commitment(request, commitment_id)
    initial = CommitmentChangeForm.initial_for(commitment, selectors.body_department_ids(commitment))
    form = CommitmentChangeForm(request.POST or None, community=community, initial=initial)
    return _keep(request, form, lambda data: services.commitment_update(
        actor=request.user, community=community, commitment_id=commitment.pk, **data),
        lambda saved: redirect("commitments:commitment", commitment.pk), _("The commitment is saved."),
        _about(commitment, _("Change the commitment")))


@login_required
@require_http_methods(["GET", "POST"])
def milestone_new(request, commitment_id: int):
    community, commitment = request.community, _kept_commitment(request, commitment_id)
    form = MilestoneForm(request.POST or None)
    return _keep(request, form, lambda data: services.milestone_create(
        actor=request.user, community=community, commitment_id=commitment.pk, **data),
        lambda made: redirect("commitments:commitment", commitment.pk), _("The milestone is saved."),
        _about(commitment, _("New milestone")))


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request, milestone_id: int):
    _keeper(request)
    community = request.community
    milestone = _found(selectors.milestone_get, actor=request.user, community=community, milestone_id=milestone_id)
    form = MilestoneForm(request.POST or None, initial=MilestoneForm.initial_for(milestone))
    commitment = milestone.commitment
    return _keep(request, form, lambda data: services.milestone_update(
        actor=request.user, community=community, milestone_id=milestone.pk, **data),
        lambda saved: redirect("commitments:commitment", commitment.pk), _("The milestone is saved."),
        _about(commitment, _("Change the milestone")))
