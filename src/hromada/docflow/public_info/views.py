"""Web pages of public information requests: the public register, the form, the requester's own requests (signed
in or through the private link), and the office's queue and request page. Thin: parse, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hromada.core.api.ratelimit import RateKey
from hromada.core.errors import DomainError, NotFound, RateLimited
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .forms import AnswerForm, ExtendForm, RefuseForm, RequestForm, RetitleForm
from .links import link_token
from .models import InfoRequestStatus, RefusalGround

PAGE_SIZE = 25


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
def register(request):
    query = selectors.RegisterQuery.parse(request.GET)
    page = _page(request, selectors.public_register(community=request.community, query=query))
    params = urlencode({k: v for k, v in (("q", query.q), ("status", query.status)) if v})
    return render(request, "docflow/public_info/register.html", {
        "page": page, "query": query, "params": params, "statuses": InfoRequestStatus.choices,
        "grounds": RefusalGround.choices})


def request_new(request):
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.info_request_submit(actor=request.user, community=request.community,
                                                   caller=RateKey.from_request(request), **form.cleaned_data)
        except RateLimited as exc:
            add_domain_error(form, exc)
            return render(request, "docflow/public_info/new.html", {"form": form}, status=429)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Your request is registered under index %(index)s. The answer is due by "
                                        "%(due)s.") % {"index": created.document.reg_index,
                                                       "due": created.deadline.strftime("%d.%m.%Y")})
            return redirect("docflow_public_info:track", created.pk, link_token(created))
    return render(request, "docflow/public_info/new.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
@require_GET
def mine(request):
    rows = selectors.requester_requests(community=request.community, user=request.user)
    return render(request, "docflow/public_info/mine.html", {"page": _page(request, rows)})


def _requester_view(request, info_request_id, token: str = ""):
    try:
        found = selectors.requester_get(community=request.community, user=request.user,
                                        info_request_id=info_request_id, token=token)
    except NotFound:
        raise Http404 from None
    response = render(request, "docflow/public_info/track.html", {"item": found})
    response["Referrer-Policy"] = "no-referrer"  # the link's token never leaves in a Referer header
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def track(request, info_request_id: int, token: str):
    return _requester_view(request, info_request_id, token)


@login_required
@require_GET
def own(request, info_request_id: int):
    return _requester_view(request, info_request_id)


def _office_community(request):
    if not policies.can_process(request.user, request.community):
        raise Http404
    return request.community


@login_required
@require_GET
def office(request):
    status = request.GET.get("status", "open")
    rows = selectors.office_queue(actor=request.user, community=_office_community(request), status=status)
    return render(request, "docflow/public_info/office.html", {
        "page": _page(request, rows), "status": status, "statuses": InfoRequestStatus.choices,
        "params": urlencode({"status": status})})


FORMS = {"extend": ExtendForm, "answer": AnswerForm, "refuse": RefuseForm, "retitle": RetitleForm}


def _office_page(request, found, forms: dict, status: int = 200):
    return render(request, "docflow/public_info/office_detail.html", {"item": found, **forms}, status=status)


@login_required
@require_GET
def office_detail(request, info_request_id: int):
    try:
        found = selectors.office_get(actor=request.user, community=_office_community(request),
                                     info_request_id=info_request_id)
    except NotFound:
        raise Http404 from None
    forms = {f"{name}_form": form_class() for name, form_class in FORMS.items()}
    forms["retitle_form"] = RetitleForm(initial={"summary": found.summary})
    return _office_page(request, found, forms)


@login_required
@require_POST
def office_act(request, info_request_id: int, action: str):
    community = _office_community(request)
    if action not in FORMS:
        raise Http404
    try:
        found = selectors.office_get(actor=request.user, community=community, info_request_id=info_request_id)
    except NotFound:
        raise Http404 from None
    forms = {f"{name}_form": form_class() for name, form_class in FORMS.items()}
    forms["retitle_form"] = RetitleForm(initial={"summary": found.summary})
    form = forms[f"{action}_form"] = FORMS[action](request.POST)
    if form.is_valid():
        call = {"extend": services.info_request_extend, "answer": services.info_request_answer,
                "refuse": services.info_request_refuse, "retitle": services.info_request_retitle}[action]
        try:
            call(actor=request.user, community=community, info_request_id=found.pk, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, _("Saved.") if action == "retitle" else _("Saved; the requester is notified."))
            return redirect("docflow_public_info:office_detail", found.pk)
    return _office_page(request, found, forms, status=400)
