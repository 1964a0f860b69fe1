"""Web pages of Services: the catalogue and a service, applying online, a person's applications, one
application (with its payment QR codes and private files), the staff queue and the statement import.

As thin as the API: parse, call a selector or a service, render; a refusal shows on its form."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hromada.core.errors import DomainError, NotFound
from hromada.core.identity.models import IdentityLevel
from hromada.core.identity.policies import has_identity_level
from hromada.core.storage import private_file_response
from hromada.core.web.form_errors import add_domain_error

from . import application_forms, payment_qr, policies, selectors, services
from .fees import payment_details, payments_ready
from .forms import (
    DecisionForm,
    MarkReceivedForm,
    NoteForm,
    PaymentRequestForm,
    SearchForm,
    StatementForm,
    SupplementForm,
    application_form,
)
from .manifest import services_settings
from .models import FeeKind, FileKind, PaymentStatus, Status


def _community(request):
    community = getattr(request, "community", None)
    if community is None:
        raise Http404()
    return community


def _page(request, entries, size: int):
    return Paginator(entries, size).get_page(request.GET.get("page"))


@require_GET
def service_list(request):
    community = _community(request)
    categories = list(selectors.category_list(community=community))
    form = SearchForm(request.GET or None, categories=categories)
    q, category, online = "", None, False
    if form.is_bound and form.is_valid():
        q, category, online = form.cleaned_data["q"], form.cleaned_data["category"], form.cleaned_data["online"]
    entries = selectors.service_list(actor=request.user, community=community, q=q, category_id=category,
                                     online=online)
    page = _page(request, entries, services_settings(community).page_size)
    query = urlencode({k: v for k, v in {"q": q, "category": category or "", "online": "on" if online else ""}.items()
                       if v})
    return render(request, "services/list.html", {
        "page": page, "form": form, "query": query, "filtered": bool(query), "categories": categories,
        "is_staff": policies.can_handle(request.user, community),
    })


def _service(request, service_id):
    try:
        return selectors.service_get(actor=request.user, community=_community(request), service_id=service_id)
    except NotFound:
        raise Http404 from None


@require_GET
def service_detail(request, service_id: int):
    service = _service(request, service_id)
    community = _community(request)
    return render(request, "services/detail.html", {
        "service": service, "can_apply": policies.can_apply(request.user, community, service),
        "identity_needed": IdentityLevel(service.identity_level).label,
        "has_identity": has_identity_level(request.user, service.identity_level),
        "documents": application_forms.document_fields(service.form or []),
        "fields": [f for f in service.form or [] if f["type"] != "document"],
        "fee_payable": service.fee_kind == FeeKind.FIXED and payments_ready(community),
    })


@require_GET
def service_fee_qr(request, service_id: int):
    """The QR code of a service's fixed fee (paid before a visit to the ЦНАП; no application to match it to)."""
    service = _service(request, service_id)
    community = _community(request)
    settings = services_settings(community)
    if service.fee_kind != FeeKind.FIXED or not payments_ready(community):
        raise Http404()
    details = payment_qr.details_clean(recipient=settings.payee_name or community.name, iban=settings.payee_iban,
                                       edrpou=settings.payee_edrpou, amount=service.fee_amount,
                                       purpose=service.title[:payment_qr.PURPOSE_MAX])
    return _qr_response(request, details, f"fee-{service.pk}")


def _qr_response(request, details, name: str) -> HttpResponse:
    if request.GET.get("format") == "png":
        response = HttpResponse(payment_qr.png(details), content_type="image/png")
        response["Content-Disposition"] = f'inline; filename="{name}.png"'
    else:
        response = HttpResponse(payment_qr.svg(details, title=_("Payment QR code")), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def application_apply(request, service_id: int):
    community = _community(request)
    service = _service(request, service_id)
    definition = service.form or []
    if not service.online:
        raise Http404()
    form = application_form(definition, request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        answers = {f["key"]: request.POST.get(f["key"]) for f in definition if f["type"] != "document"}
        documents = {f["key"]: request.FILES.getlist(f["key"]) for f in definition if f["type"] == "document"}
        try:
            application = services.application_submit(actor=request.user, community=community,
                                                      service_id=service.pk, answers=answers, documents=documents)
        except DomainError as exc:
            form.is_valid()
            form._errors = ErrorDict()  # the service's verdict replaces the form's own checks
            add_domain_error(form, exc)
            status = exc.status
        else:
            messages.success(request, _("Your application %(number)s is submitted.") % {"number": application.number})
            return redirect("services:application", application.pk)
    return render(request, "services/apply.html", {
        "service": service, "form": form, "can_apply": policies.can_apply(request.user, community, service),
        "identity_needed": IdentityLevel(service.identity_level).label,
    }, status=status)


@login_required
@require_GET
def application_mine(request):
    community = _community(request)
    entries = selectors.application_list_mine(actor=request.user, community=community)
    return render(request, "services/mine.html", {"page": _page(request, entries, 20)})


@login_required
@require_GET
def application_queue(request):
    community = _community(request)
    if not policies.can_handle(request.user, community):
        raise Http404()
    status = request.GET.get("status", "")[:20]
    overdue = request.GET.get("overdue") == "on"
    q = request.GET.get("q", "")[:40]
    entries = selectors.application_queue(actor=request.user, community=community, status=status,
                                          overdue=overdue, q=q)
    query = urlencode({k: v for k, v in {"status": status, "overdue": "on" if overdue else "", "q": q}.items() if v})
    return render(request, "services/queue.html", {
        "page": _page(request, entries, 30), "status": status, "overdue": overdue, "q": q, "query": query,
        "statuses": Status.choices,
    })


def _application(request, application_id):
    try:
        return selectors.application_get(actor=request.user, community=_community(request),
                                         application_id=application_id)
    except NotFound:
        raise Http404 from None


def _application_page(request, application, *, forms_in=None, status=200):
    community = _community(request)
    staff = policies.can_handle(request.user, community)
    payments = selectors.application_payments(application)
    links = {}
    for payment in payments:
        if payment.status == PaymentStatus.PENDING:
            try:
                links[payment.pk] = payment_qr.link(payment_details(community, payment))
            except DomainError:
                links[payment.pk] = ""
    files = selectors.application_files(application)
    context = {
        "application": application, "service": application.service, "is_staff": staff,
        "is_applicant": policies.is_applicant(request.user, application),
        "answers": application_forms.answers_shown(application.service.form or [], application.answers),
        "supplement": application.answers.get("_supplement", ""),
        "attachments": [f for f in files if f.kind == FileKind.ATTACHMENT],
        "decision_files": [f for f in files if f.kind == FileKind.DECISION],
        "payments": [(p, links.get(p.pk, "")) for p in payments],
        "can_withdraw": Status.WITHDRAWN in services.applications.TRANSITIONS[application.status],
        "next": services.applications.TRANSITIONS[application.status],
        "Status": Status,
        "note_form": NoteForm(), "supplement_form": SupplementForm(), "decision_form": DecisionForm(),
        "payment_form": PaymentRequestForm(), "received_form": MarkReceivedForm(),
        "payments_ready": payments_ready(community),
    }
    context.update(forms_in or {})
    return render(request, "services/application.html", context, status=status)


@login_required
@require_GET
def application_detail(request, application_id: int):
    return _application_page(request, _application(request, application_id))


def _act(request, application_id, form_class, name: str, call):
    """Run one action on an application from its page; a refusal re-renders the page with the form's errors."""
    application = _application(request, application_id)
    form = form_class(request.POST, request.FILES) if form_class else None
    try:
        if form is not None and not form.is_valid():
            return _application_page(request, application, forms_in={name: form}, status=400)
        call(application, form.cleaned_data if form is not None else {})
    except DomainError as exc:
        if form is None:
            messages.error(request, str(exc.message))
            return redirect("services:application", application.pk)
        add_domain_error(form, exc)
        return _application_page(request, _application(request, application_id), forms_in={name: form},
                                 status=exc.status)
    return redirect("services:application", application.pk)


def _application_action(service_call, form_class=None, form_name: str = ""):
    """A POST view that runs one service on an application with the form's cleaned data."""

    @login_required
    @require_POST
    def view(request, application_id: int):
        community = _community(request)
        return _act(request, application_id, form_class, form_name,
                    lambda app, data: service_call(actor=request.user, community=community, application_id=app.pk,
                                                   **data))

    return view


application_review = _application_action(services.application_review)
application_request_info = _application_action(services.application_request_info, NoteForm, "note_form")
application_decide = _application_action(services.application_decide, DecisionForm, "decision_form")
application_issue = _application_action(services.application_issue, NoteForm, "note_form")
application_supplement = _application_action(services.application_supplement, SupplementForm, "supplement_form")
application_withdraw = _application_action(services.application_withdraw)
payment_request = _application_action(services.payment_request, PaymentRequestForm, "payment_form")


@login_required
@require_POST
def payment_mark_received(request, application_id: int, payment_id: int):
    community = _community(request)
    return _act(request, application_id, MarkReceivedForm, "received_form",
                lambda app, data: services.payment_mark_received(
                    actor=request.user, community=community,
                    payment_id=selectors.payment_get(actor=request.user, community=community,
                                                     payment_id=payment_id).pk, **data))


@login_required
@require_GET
def application_file(request, application_id: int, file_id: int):
    """A private file of an application: to its applicant and the community's staff; a 404 to anyone else."""
    try:
        application, item = selectors.application_file_get(actor=request.user, community=_community(request),
                                                           application_id=application_id, file_id=file_id)
    except NotFound:
        raise Http404 from None
    return private_file_response(item.file, content_type=item.content_type, attachment=True,
                                 download_name=f"{application.number}-{item.kind}-{item.pk}{item.extension}")


@login_required
@require_GET
def payment_qr_image(request, payment_id: int):
    community = _community(request)
    try:
        payment = selectors.payment_get(actor=request.user, community=community, payment_id=payment_id)
        if payment.status != PaymentStatus.PENDING:
            raise NotFound()
        details = payment_details(community, payment)
    except DomainError:
        raise Http404 from None
    return _qr_response(request, details, payment.reference)


@login_required
@require_http_methods(["GET", "POST"])
def statement_import(request):
    community = _community(request)
    if not policies.can_handle(request.user, community):
        raise Http404()
    form = StatementForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["statement"]
            try:
                report = services.payment_statement_import(
                    actor=request.user, community=community,
                    data=upload.read(services.payments.STATEMENT_MAX_BYTES + 1), source=upload.name)
            except DomainError as exc:
                add_domain_error(form, exc)
                status = 400
        else:
            status = 400
    return render(request, "services/statement.html", {"form": form, "report": report}, status=status)
