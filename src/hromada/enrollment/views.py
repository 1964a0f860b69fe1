"""Web pages of Enrolment for residents: institutions and their groups, the public queue of a group (codes, never
names), and a parent's pages: filing an application, "my applications" with positions, history, the offer and the
proof of inclusion in the transparency log. Views parse, call a service or selector, render; staff pages are in
views_staff.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hromada.core.api.ratelimit import RateLimited, check_action_rate, json_refusal
from hromada.core.errors import DomainError, NotFound
from hromada.core.geo import geocoding
from hromada.core.storage import private_file_response
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, selectors_web, services
from .forms import ApplicationForm, ClaimForm, InstitutionFilterForm, WithdrawForm
from .manifest import enrollment_settings
from .models import QUEUED_STATUSES, OfferState, Status

VERIFIER = "tools/hromada_log_verify.py"


def _or_404(read, **kwargs):
    try:
        return read(**kwargs)
    except NotFound as exc:
        raise Http404 from exc


def _page(request, rows):
    return Paginator(rows, enrollment_settings(request.community).page_size).get_page(request.GET.get("page"))


def _submit(request, form, call, *, aliases, done, then: str) -> tuple[HttpResponse | None, int]:
    """A posted form: when it is valid, `call(cleaned_data)` runs the service, says `done` (a message, or a function
    of the object made that returns one) and redirects to `then` with the object's id; a refusal lands on the form
    (`aliases`: the service's field names to the form's, or a function of the valid form that says them; a 404 is
    the page's). Returns (the redirect or None, the status to render the form with)."""
    if not form.is_valid():
        return None, 400
    try:
        made = call(form.cleaned_data)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        add_domain_error(form, exc, aliases=aliases(form) if callable(aliases) else aliases)
        return None, exc.status
    messages.success(request, done(made) if callable(done) else done)
    return redirect(then, made.pk), 200


@require_GET
def institution_list(request):
    community = request.community
    form = InstitutionFilterForm(request.GET or None)
    rows = selectors_web.institution_list(community=community, kind=form.value("kind"), q=form.value("q"))
    return render(request, "enrollment/institution_list.html", {
        "form": form, "page": _page(request, rows), "filtered": bool(form.value("kind") or form.value("q")),
        "can_file": policies.can_file(request.user, community),
        "is_staff": policies.can_use_staff_queue(request.user, community),
        "map_on": community.capability_enabled("maps"),  # no link into a capability the community switched off
    })


@require_GET
def institution_detail(request, institution_id: int):
    community = request.community
    institution = _or_404(selectors_web.institution_get, community=community, institution_id=institution_id)
    return render(request, "enrollment/institution_detail.html", {
        "institution": institution,
        "groups": selectors.group_list(community=community, institution_id=institution.pk, open_only=True),
        "service_area": selectors_web.has_service_area(community=community, institution=institution),
        "can_file": policies.can_file(request.user, community),
        "map_on": community.capability_enabled("maps"),
    })


@require_GET
def group_queue(request, group_id: int):
    community = request.community
    group = _or_404(selectors.group_get, community=community, group_id=group_id)
    if not group.institution.is_active:
        raise Http404
    return render(request, "enrollment/queue.html", {
        "group": group, "page": _page(request, selectors.queue_page(community=community, group=group)),
        "categories": selectors.category_list(community=community),
    })


# --- a parent's pages ---------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_file(request):
    community = request.community
    if not policies.can_file(request.user, community):
        return render(request, "enrollment/needs_identity.html", status=403)
    initial = {"group_1": request.GET.get("group")} if request.GET.get("group", "").isdigit() else None
    form = ApplicationForm(request.POST or None, request.FILES or None, community=community, initial=initial)
    status = 200
    if request.method == "POST":
        done, status = _submit(request, form, lambda data: services.application_file(
            actor=request.user, community=community, child_name=data["child_name"],
            child_birth_date=data["child_birth_date"], birth_certificate=data["birth_certificate"],
            address=data["address"], **form.point(), group_ids=form.preferred_group_ids(),
            wanted_start=data["start_date"], claims=form.claims()),
            aliases=_aliases, then="enrollment:application",
            done=lambda made: _("Your application is filed. Its code is %(code)s: look for it in the public queue of "
                                "each group you chose.") % {"code": made.code})
        if done:
            return done
    return render(request, "enrollment/apply.html", {"form": form, **_map_context(community)}, status=status)


def _map_context(community) -> dict:
    """Where the pin map opens: the community's centre (the tiles and their attribution come from the kernel's
    context processor)."""
    return {"map_center": (community.center_lat or 49.0, community.center_lon or 31.0)}


# A search may reach the operator's external geocoder: parents type, they do not flood it (per person, per address).
PLACES_RATE = ("30/m", "120/m")


@login_required
@require_GET
def place_search(request):
    """Places matching typed words, to set the home's pin without a map or a mouse (the kernel's gazetteer of the
    community's own data, then the operator's geocoder if one is set). The typed words are never logged."""
    community = request.community
    if not policies.can_file(request.user, community):
        raise Http404
    try:
        check_action_rate(request, f"enrollment.places:{community.pk}", per_user=PLACES_RATE[0],
                          per_ip=PLACES_RATE[1])
    except RateLimited as exc:
        return json_refusal(request, exc)
    query = request.GET.get("q", "")[:geocoding.MAX_QUERY]
    return JsonResponse({"query": query, "results": [p.as_dict() for p in geocoding.geocode(community, query)]})


# The services name their fields by the model; the form by what a parent reads.
FIELD_ALIASES = {"group_ids": "group_1", "wanted_start": "start_date"}


def _aliases(form: ApplicationForm) -> dict[str, str]:
    """A refused document belongs to the one category ticked; with several, the error goes to the form's top."""
    claimed = list(form.claims())
    return {**FIELD_ALIASES, **({"documents": f"proof_{claimed[0]}"} if len(claimed) == 1 else {})}


@login_required
@require_GET
def application_mine(request):
    community = request.community
    rows = selectors.application_list_mine(actor=request.user, community=community)
    return render(request, "enrollment/mine.html", {
        "page": _page(request, rows), "can_file": policies.can_file(request.user, community),
    })


def _own(request, application_id: int):
    """The parent's own application ("my applications" are the parent's; staff read theirs on staff pages)."""
    application = _or_404(selectors.application_get, actor=request.user, community=request.community,
                          application_id=application_id)
    if not policies.is_parent(request.user, application):
        raise Http404
    return application


@login_required
@require_GET
def application_detail(request, application_id: int):
    return _render_application(request, _own(request, application_id))


# What each history line says (the event kinds of services/_trail.py).
EVENT_LABELS = {
    "filed": gettext_lazy("Application filed"), "claimed": gettext_lazy("Priority claimed, documents sent"),
    "verified": gettext_lazy("Priority documents verified"), "refused": gettext_lazy("Priority documents refused"),
    "granted": gettext_lazy("Priority granted by staff"), "offered": gettext_lazy("Place offered"),
    "accepted": gettext_lazy("Place accepted"), "declined": gettext_lazy("Offer declined"), "expired": gettext_lazy("Offer expired"),
    "withdrawn": gettext_lazy("Application withdrawn"), "enrolled": gettext_lazy("Enrolment confirmed"),
}
WITHDRAWABLE = (Status.WAITING, Status.OFFERED, Status.ACCEPTED)


def _positions(community, application) -> list[dict]:
    """Each preferred group in order, with the position and the queue's length while the application waits in it."""
    choices = list(application.choices.all())
    positions = selectors.application_positions(community=community, applications=[application])
    totals = dict(selectors.group_list(community=community).filter(pk__in=[c.group_id for c in choices])
                  .values_list("pk", "waiting")) if positions else {}
    return [{"preference": c.preference, "group": c.group, "state": c.state, "state_label": c.get_state_display(),
             "in_service_area": c.in_service_area, "position": positions.get((application.pk, c.group_id)), "total": totals.get(c.group_id)}
            for c in choices]


def _claim_form(community, application, data=None, files=None) -> ClaimForm | None:
    """The form to claim one more category, while the application waits and a category is left to claim."""
    if application.status not in QUEUED_STATUSES:
        return None
    claimed = [claim.category_id for claim in application.claims.all()]
    categories = selectors_web.category_choices(community=community, exclude=claimed)
    return ClaimForm(data, files, categories=categories) if categories else None


def _render_application(request, application, *, status: int = 200, withdraw_form=None, claim_form=None):
    community = request.community
    # The log's base URL as the verifier takes it: the community's root (its script prefix) + the API path.
    log_url = request.build_absolute_uri(reverse("web:home")).rstrip("/") + "/api/v1/transparency"
    events = selectors.application_history(application)
    for event in events:
        event.label = EVENT_LABELS.get(event.kind, event.kind)
    return render(request, "enrollment/application.html", {
        "application": application, "positions": _positions(community, application),
        "offer": next((o for o in application.offers.all() if o.state == OfferState.PENDING), None),
        "claims": list(application.claims.all()),
        "proofs": [(event, selectors.event_proof(community=community, event=event)) for event in events],
        "history": events,
        "withdraw_form": withdraw_form or WithdrawForm(),
        "claim_form": claim_form or _claim_form(community, application),
        "can_withdraw": application.status in WITHDRAWABLE,
        "log_url": log_url, "verifier": VERIFIER,
    }, status=status)


def _parent_action(request, application_id: int, call, done: str):
    application = _own(request, application_id)
    try:
        call(application)
    except DomainError as exc:
        if exc.status == 404:
            raise Http404 from exc
        messages.error(request, str(exc.message))
        return _render_application(request, _own(request, application_id), status=exc.status)
    messages.success(request, done)
    return redirect("enrollment:application", application.pk)


@login_required
@require_POST
def offer_accept(request, application_id: int, offer_id: int):
    return _parent_action(request, application_id, lambda a: services.offer_accept(
        actor=request.user, community=request.community, offer_id=offer_id),
        _("You accepted the place. The institution will confirm the enrolment."))


@login_required
@require_POST
def offer_decline(request, application_id: int, offer_id: int):
    return _parent_action(request, application_id, lambda a: services.offer_decline(
        actor=request.user, community=request.community, offer_id=offer_id),
        _("You declined the place. The application stays in the queues of your other groups."))


@login_required
@require_POST
def application_withdraw(request, application_id: int):
    application = _own(request, application_id)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _render_application(request, application, status=400, withdraw_form=form)
    return _parent_action(request, application_id, lambda a: services.application_withdraw(
        actor=request.user, community=request.community, application_id=a.pk),
        _("The application is withdrawn."))


@login_required
@require_POST
def claim_add(request, application_id: int):
    """The parent claims one more priority category with its documents (services.claim_add: only the parent, only
    while the application waits; each file re-checked; audited and logged like every change)."""
    community = request.community
    application = _own(request, application_id)
    form = _claim_form(community, application, request.POST, request.FILES)
    if form is None:
        messages.error(request, _("Priorities can be claimed only while the application waits."))
        return _render_application(request, application, status=409)
    done, status = _submit(request, form, lambda data: services.claim_add(
        actor=request.user, community=community, application_id=application.pk, category_id=data["category"],
        documents=data["documents"]).application, aliases={"claims": "category"}, then="enrollment:application",
        done=_("The documents are sent. Staff check them; the category counts in the queue once verified."))
    if done:
        return done
    return _render_application(request, _own(request, application_id), status=status, claim_form=form)


@login_required
@require_GET
def proof_document(request, document_id: int):
    """A proof document, to the application's parent and to the staff who handle it; anyone else gets "not found".
    The file is private (never under MEDIA_URL): streamed here after the check, never cached."""
    document = _or_404(selectors.proof_document_get, actor=request.user, community=request.community,
                       document_id=document_id)
    return private_file_response(document.file, content_type=document.content_type,
                                 download_name=f"proof-{document.pk}{document.extension}")
