"""Staff pages of e-consultations: write a consultation, change it while it is a draft, and open one from a council
draft decision. They parse, call the service and render; refusals land on the form with their status."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hromada.core.errors import DomainError, NotFound
from hromada.core.identity.policies import department_ids_of
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .forms import ConsultationForm, CouncilDraftForm
from .models import Status

# A period staff start from and then confirm: opening in an hour, three weeks for proposals.
DEFAULT_PERIOD = timedelta(days=21)


def _staff_only(request) -> None:
    """Not found for anyone who may not open consultations: the page offers nothing to them."""
    if not policies.can_create_somewhere(request.user, request.community):
        raise Http404


def _suggested(request) -> dict:
    opens = timezone.localtime().replace(second=0, microsecond=0) + timedelta(hours=1)
    mine = sorted(department_ids_of(request.user, request.community))
    return {"opens_at": opens, "closes_at": opens + DEFAULT_PERIOD, "department_id": mine[0] if mine else None}


def _form_page(request, form, call, done: str, template: str, context: dict):
    """GET shows the form; a valid POST calls the service and goes to the consultation; a refusal (or bad input)
    comes back on the form with its status and nothing written."""
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            consultation = call(form.cleaned_data)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, done)
            return redirect("consultations:detail", consultation.pk)
    if form.errors:
        status = max(status, 400)
    return render(request, template, {**context, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def consultation_new(request):
    _staff_only(request)
    community = request.community
    form = ConsultationForm(request.POST or None, community=community, initial=_suggested(request))
    return _form_page(request, form, lambda data: services.consultation_create(
        actor=request.user, community=community, **data),
        _("The draft is saved: check it, then publish it."), "consultations/edit.html", {"consultation": None})


@login_required
@require_http_methods(["GET", "POST"])
def consultation_edit(request, consultation_id: int):
    community = request.community
    try:
        consultation = selectors.consultation_get(actor=request.user, community=community,
                                                  consultation_id=consultation_id)
    except NotFound:
        raise Http404 from None
    if not policies.can_manage(request.user, community, consultation):
        raise Http404
    if consultation.status != Status.DRAFT:
        messages.error(request, _("Only a draft is changed here; an open consultation keeps its text."))
        return redirect("consultations:detail", consultation.pk)
    form = ConsultationForm(request.POST or None, community=community,
                            initial=ConsultationForm.initial_for(consultation))
    return _form_page(request, form, lambda data: services.consultation_update(
        actor=request.user, community=community, consultation_id=consultation.pk, **data),
        _("The draft is saved."), "consultations/edit.html", {"consultation": consultation})


@login_required
@require_http_methods(["GET", "POST"])
def consultation_from_council(request, draft_id: int):
    """The council draft decision's title and text shown as they will be taken; staff choose the department and
    confirm the period. The new consultation is a draft they can still edit before publishing."""
    _staff_only(request)
    community = request.community
    try:
        draft = selectors.council_draft_get(community=community, draft_id=draft_id)
    except NotFound:
        raise Http404 from None
    existing = selectors.council_draft_consultation(actor=request.user, community=community, draft_id=draft.pk)
    if existing is not None:
        messages.info(request, _("A consultation on this draft decision already exists."))
        return redirect("consultations:detail", existing.pk)
    form = CouncilDraftForm(request.POST or None, community=community, initial=_suggested(request))
    return _form_page(request, form, lambda data: services.consultation_open_from_council_draft(
        actor=request.user, community=community, draft_id=draft.pk, **data),
        _("The draft consultation is made from the draft decision: check it, then publish it."),
        "consultations/from_council.html", {"draft": draft})
