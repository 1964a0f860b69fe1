"""Staff pages of execution: the inbox, the executive-discipline dashboard, and the forms and buttons of a card's
execution (resolve, extend, complete, answer, route, decide, sign, send). Thin: parse, call the service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hromada.core.errors import DomainError, NotFound
from hromada.core.web.form_errors import add_domain_error

from . import policies_execution, selectors_execution, services
from .execution_rules import current_versions
from .flows import needs_outcome
from .forms_execution import (
    DecisionForm,
    ExtendForm,
    NoteForm,
    ResolutionForm,
    RouteForm,
    SendForm,
    SignForm,
    official_choices,
)
from .manifest import docflow_settings
from .models import ApprovalRoute, ApprovalStep, Resolution
from .views import _document, _reader  # the card pages' own guards: a reader, a card they may see, else 404


def _own(request, model, pk):
    """A row of the community whose card the user may see; anything else is 404."""
    row = model.objects.filter(community=_reader(request), pk=pk).first()
    if row is None:
        raise Http404
    document_id = row.route.document_id if isinstance(row, ApprovalStep) else row.document_id
    _document(request, document_id)
    return row


def _act(request, call, success: str, back: str):
    """A button: call the service; a refusal becomes a message on the card."""
    try:
        call()
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        problems = [str(m) for ms in exc.fields.values() for m in ms] or [str(exc.message)]
        messages.error(request, " ".join(problems))
    else:
        messages.success(request, success)
    return redirect(back)


def _form_page(request, form, *, title: str, submit: str, document, call, success: str, intro: str = ""):
    if request.method == "POST" and form.is_valid():
        try:
            call(form)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("docflow:document", document.pk)
    return render(request, "docflow/exec_form.html", {
        "form": form, "title": title, "submit": submit, "document": document, "intro": intro,
        "multipart": any(getattr(f.field.widget, "needs_multipart_form", False) for f in form)},
        status=400 if form.errors else 200)


@login_required
@require_GET
def inbox(request):
    community = _reader(request)
    tabs = selectors_execution.inbox_querysets(request.user, community)
    counts = {name: qs.count() for name, qs in tabs.items()}
    tab = request.GET.get("tab") or next((name for name in selectors_execution.TABS if counts[name]), "todo")
    if tab not in tabs:
        raise Http404
    page = Paginator(tabs[tab], docflow_settings(community).page_size).get_page(request.GET.get("page"))
    return render(request, "docflow/inbox.html", {"tab": tab, "page": page, "rows": page.object_list,
                                                 "params": urlencode({"tab": tab}), "counts": counts,
                                                 "tabs": selectors_execution.TABS, "today": timezone.localdate()})


@login_required
@require_GET
def dashboard(request):
    community = _reader(request)
    if not policies_execution.can_see_dashboard(request.user, community):
        raise Http404
    try:
        period = selectors_execution.parse_period(request.GET)
    except DomainError as exc:
        return render(request, "docflow/dashboard.html", {"errors": exc.fields, "period": None, "data": None},
                      status=400)
    return render(request, "docflow/dashboard.html", {
        "period": period, "params": urlencode(period.as_params()), "errors": {},
        "data": selectors_execution.dashboard(community, period)})


@login_required
def resolve(request, document_id: int):
    document = _document(request, document_id)
    if not policies_execution.can_resolve(request.user, request.community, document):
        raise Http404
    form = ResolutionForm(request.POST or None, people=official_choices(request.community))
    return _form_page(request, form, title=_("Resolution"), submit=_("Resolve"), document=document,
                      success=_("The resolution is recorded; the executors are notified."),
                      call=lambda f: services.resolution_create(actor=request.user, community=request.community,
                                                                document_id=document.pk, **f.values()))


@login_required
def resolution_extend(request, resolution_id: int):
    resolution = _own(request, Resolution, resolution_id)
    if not policies_execution.can_extend(request.user, request.community, resolution):
        raise Http404
    form = ExtendForm(request.POST or None)
    return _form_page(request, form, title=_("New deadline"), submit=_("Extend"), document=resolution.document,
                      intro=resolution.text, success=_("The deadline is changed."),
                      call=lambda f: services.resolution_extend(
                          actor=request.user, community=request.community, resolution_id=resolution.pk,
                          reason=f.cleaned_data["reason"], **f.deadline_values()))


@login_required
@require_POST
def resolution_complete(request, resolution_id: int):
    resolution = _own(request, Resolution, resolution_id)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _act(request, lambda: services.resolution_complete(
        actor=request.user, community=request.community, resolution_id=resolution.pk, note=note),
        _("Marked done."), back=_card_url(resolution.document_id))


@login_required
@require_POST
def resolution_withdraw(request, resolution_id: int):
    resolution = _own(request, Resolution, resolution_id)
    return _act(request, lambda: services.resolution_withdraw(
        actor=request.user, community=request.community, resolution_id=resolution.pk,
        reason=request.POST.get("reason", "")), _("The resolution is withdrawn."), back=_card_url(resolution.document_id))


@login_required
@require_POST
def control_complete(request, document_id: int):
    document = _document(request, document_id)
    return _act(request, lambda: services.control_complete(actor=request.user, community=request.community,
                                                           document_id=document.pk),
                _("The document is taken off control."), back=_card_url(document.pk))


@login_required
@require_POST
def reply(request, document_id: int):
    document = _document(request, document_id)
    try:
        draft = services.reply_draft_create(actor=request.user, community=request.community, document_id=document.pk)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        problems = [str(m) for ms in exc.fields.values() for m in ms] or [str(exc.message)]
        messages.error(request, " ".join(problems))
        return redirect("docflow:document", document.pk)
    messages.success(request, _("The answer's draft is made: attach its text and send it for approval."))
    return redirect("docflow:document", draft.pk)


@login_required
def route_new(request, document_id: int):
    document = _document(request, document_id)
    if not policies_execution.can_start_route(request.user, request.community, document):
        raise Http404
    form = RouteForm(request.POST or None, people=official_choices(request.community))
    return _form_page(request, form, title=_("Send for approval"), submit=_("Send for approval"),
                      document=document, success=_("The letter is sent for approval."),
                      intro=_("One approver per stage is a sequential route; several in one stage approve in "
                              "parallel. Empty stages are skipped."),
                      call=lambda f: services.route_start(actor=request.user, community=request.community,
                                                          document_id=document.pk, **f.values()))


@login_required
def decide(request, step_id: int):
    step = _own(request, ApprovalStep, step_id)
    if not policies_execution.can_decide(request.user, step):
        raise Http404
    form = DecisionForm(request.POST or None, people=official_choices(request.community))
    return _form_page(request, form, title=_("Approval"), submit=_("Decide"), document=step.route.document,
                      success=_("Your decision is recorded."),
                      call=lambda f: services.step_decide(
                          actor=request.user, community=request.community, step_id=step.pk,
                          decision=f.cleaned_data["decision"], comment=f.cleaned_data["comment"],
                          delegate_to_id=f.cleaned_data["delegate_to_id"] or None))


@login_required
def sign(request, route_id: int):
    route = _own(request, ApprovalRoute, route_id)
    if not policies_execution.can_sign(request.user, route):
        raise Http404
    posted = request.method == "POST"  # a plain signature posts no fields at all
    form = SignForm(request.POST if posted else None, request.FILES if posted else None,
                    versions=current_versions(route.document))
    return _form_page(request, form, title=_("Sign the letter"), submit=_("Sign"), document=route.document,
                      success=_("The letter is signed."),
                      intro=_("Without a signature file this records a simple electronic signature of you, the "
                              "signed-in official, over each file's current version (its SHA-256). A qualified "
                              "signature (КЕП) file is accepted only where the operator has configured a verifier."),
                      call=lambda f: services.route_sign(actor=request.user, community=request.community,
                                                         route_id=route.pk, signatures=f.signatures()))


@login_required
def send(request, document_id: int):
    document = _document(request, document_id)
    if not policies_execution.can_send(request.user, request.community, document):
        raise Http404
    form = SendForm(request.POST or None, outcome=needs_outcome(document))
    return _form_page(request, form, title=_("Register and send"), submit=_("Send"), document=document,
                      success=_("The letter is registered and sent."),
                      call=lambda f: services.letter_send(actor=request.user, community=request.community,
                                                          document_id=document.pk, **f.cleaned_data))


@login_required
@require_POST
def route_change(request, route_id: int, action: str):
    route = _own(request, ApprovalRoute, route_id)
    call = services.route_resubmit if action == "resubmit" else services.route_withdraw
    return _act(request, lambda: call(actor=request.user, community=request.community, route_id=route.pk),
                _("The letter is sent for approval again.") if action == "resubmit" else _("The route is withdrawn."),
                back=_card_url(route.document_id))


def _card_url(document_id: int) -> str:
    return reverse("docflow:document", args=[document_id])
