"""Staff pages of Enrolment: the documents to check (verify or refuse a claimed priority), allocation rounds with
their offers, and confirming an enrolment. The services check who may act (staff of a chosen institution's
department, admins); these pages list only what the person handles. Nothing here can move an application."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hromada.core.errors import DomainError

from . import policies, selectors, selectors_web, services
from .forms import ReasonForm, RoundForm
from .manifest import enrollment_settings
from .views import _or_404, _page, _submit


def _staff(request) -> None:
    """People who are not staff of the community get "not found", as for anything else they may not see."""
    if not policies.can_use_staff_queue(request.user, request.community):
        raise Http404


@login_required
@require_GET
def claim_queue(request):
    _staff(request)
    return _claims_page(request)


def _claims_page(request, status: int = 200):
    claims = selectors.claim_review_list(actor=request.user, community=request.community)
    return render(request, "enrollment/staff/claims.html", {"page": _page(request, claims)}, status=status)


def _staff_write(request, call, done: str, back: str, *back_args, on_error=None):
    _staff(request)
    try:
        call()
    except DomainError as exc:
        if exc.status in (403, 404):
            raise Http404 from exc
        messages.error(request, str(exc.message))
        if on_error is not None:
            return on_error(exc)
        return redirect(back, *back_args)
    messages.success(request, done)
    return redirect(back, *back_args)


@login_required
@require_POST
def claim_verify(request, claim_id: int):
    return _staff_write(request, lambda: services.claim_verify(
        actor=request.user, community=request.community, claim_id=claim_id),
        _("The category is verified: it counts in the queue from now on."), "enrollment:staff_claims")


@login_required
@require_POST
def claim_refuse(request, claim_id: int):
    _staff(request)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason for refusing: the parent reads it."))
        return _claims_page(request, status=400)
    return _staff_write(request, lambda: services.claim_refuse(
        actor=request.user, community=request.community, claim_id=claim_id, reason=form.cleaned_data["reason"]),
        _("The documents are refused; the parent is told why."), "enrollment:staff_claims",
        on_error=lambda exc: _claims_page(request, status=exc.status))


@login_required
@require_http_methods(["GET", "POST"])
def round_list(request):
    _staff(request)
    community = request.community
    form = RoundForm(request.POST or None, community=community,
                     initial={"accept_days": enrollment_settings(community).accept_working_days})
    status = 200
    if request.method == "POST":
        done, status = _submit(request, form, lambda data: services.round_open(
            actor=request.user, community=community, group_id=data["group"], accept_days=data["accept_days"]),
            aliases={"group_id": "group"}, then="enrollment:staff_round",
            done=_("The round is open: its offers went to the first eligible applications in the queue."))
        if done:
            return done
    rounds = selectors_web.rounds_for_staff(community=community, user=request.user)
    return render(request, "enrollment/staff/rounds.html", {"form": form, "page": _page(request, rounds)},
                  status=status)


@login_required
@require_GET
def round_detail(request, round_id: int):
    _staff(request)
    allocation = _or_404(selectors_web.round_for_staff, community=request.community, user=request.user,
                         round_id=round_id)
    return render(request, "enrollment/staff/round.html", {
        "round": allocation, "offers": selectors_web.round_offers(community=request.community, allocation=allocation),
        "now": timezone.now(),
    })


@login_required
@require_POST
def offer_enrol(request, offer_id: int):
    _staff(request)
    offer = _or_404(selectors_web.offer_for_staff, community=request.community, user=request.user,
                    offer_id=offer_id)
    return _staff_write(request, lambda: services.enrolment_confirm(
        actor=request.user, community=request.community, offer_id=offer.pk),
        _("The enrolment is confirmed."), "enrollment:staff_round", offer.round_id)


@login_required
@require_POST
def round_run(request, round_id: int):
    return _staff_write(request, lambda: services.allocation_run(
        actor=request.user, community=request.community, round_id=round_id),
        _("The free places were offered down the queue."), "enrollment:staff_round", round_id)


@login_required
@require_POST
def round_close(request, round_id: int):
    return _staff_write(request, lambda: services.round_close(
        actor=request.user, community=request.community, round_id=round_id),
        _("The round is closed: offers already made keep their deadlines."), "enrollment:staff_round", round_id)
