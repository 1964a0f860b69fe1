"""Web pages of petitions: list, detail, create with similar suggestions, sign, QR codes, the A4 poster,
staff moderation, answers, overdue list and the signers' CSV. Views parse, call services, render."""

from __future__ import annotations

import io
from datetime import timedelta

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hromada.core.api.ratelimit import RateKey
from hromada.core.calendar.working_days import to_kyiv_date
from hromada.core.errors import DomainError, NotFound
from hromada.core.identity.models import IdentityLevel
from hromada.core.identity.services import user_set_public_name
from hromada.core.web.csvstream import csv_response
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .forms import AnswerForm, AssignForm, DuplicateForm, FilterForm, PetitionForm, RejectForm
from .models import Status

SIGNERS_PER_PAGE = 100
DUE_SOON = timedelta(days=2)


def _petition(request, pk):
    try:
        return selectors.petition_get(community=request.community, pk=pk, viewer=request.user)
    except NotFound as exc:
        raise Http404 from exc


def _show_error(request, form, exc: DomainError) -> None:
    if form is None:
        messages.error(request, str(exc.message))
        return
    add_domain_error(form, exc)


def petition_list(request):
    community = request.community
    form = FilterForm(request.GET or None, community=community)
    qs = selectors.petition_list(community=community, status=form.value("status"),
                                 category_id=form.value("category", None), q=form.value("q"), sort=form.ordering)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "petitions/list.html", {
        "Status": Status,
        "form": form, "page": page, "query": query.urlencode(), "filtered": bool(request.GET.get("q") or
                                                                                   request.GET.get("status") or
                                                                                   request.GET.get("category")),
        "overdue": selectors.public_overdue(community=community)[:10],
        "can_create": request.user.is_authenticated,
        "is_staff": policies.can_see_staff_pages(request.user, community),
    })


@login_required
def petition_mine(request):
    qs = selectors.petition_list(community=request.community, author=request.user)
    return render(request, "petitions/mine.html", {"petitions": qs, "Status": Status})


def _days_left(petition) -> int | None:
    if petition.status != Status.COLLECTING or not petition.collection_ends_at:
        return None
    return max(0, (to_kyiv_date(petition.collection_ends_at) - to_kyiv_date(timezone.now())).days)


def petition_detail(request, pk):
    return _render_detail(request, _petition(request, pk))


def _render_detail(request, petition, status: int = 200, forms: dict | None = None):
    community = request.community
    user = request.user
    count = petition.signature_total
    signers = Paginator(selectors.petition_signer_names(community=community, petition=petition),
                        SIGNERS_PER_PAGE).get_page(request.GET.get("signers"))
    url = request.build_absolute_uri(reverse("petitions:detail", args=[petition.pk]))
    can_moderate = policies.can_moderate_petitions(user, community)
    context = {
        "petition": petition, "count": count, "url": url, "signers": signers, "Status": Status,
        "percent": min(100, round(100 * count / petition.threshold)) if petition.threshold else 0,
        "days_left": _days_left(petition), "overdue": selectors.is_overdue(petition),
        "has_signed": selectors.has_signed(petition=petition, user=user),
        "can_sign_level": policies.can_sign(user, community, petition),
        "needs_strong": petition.required_identity_level >= IdentityLevel.STRONG,
        "is_author": policies.is_author(user, petition), "can_moderate": can_moderate,
        "can_assign": policies.can_assign(user, community),
        "can_answer": petition.status == Status.THRESHOLD_REACHED and policies.can_answer(user, community, petition),
        "is_staff": policies.can_see_staff_pages(user, community),
        "attachments": petition.attachments.all() if petition.status == Status.ANSWERED else [],
        "co_authors": petition.co_authors.all(),
    }
    if can_moderate and petition.status == Status.SUBMITTED:
        context["reject_form"] = RejectForm(reasons=selectors.rejection_reasons(community))
        context["duplicate_form"] = DuplicateForm()
        context["similar"] = selectors.petition_similar(community=community, text=f"{petition.title} {petition.text}",
                                                        exclude_pk=petition.pk)
    if context["can_assign"] and petition.status in (Status.SUBMITTED, Status.COLLECTING, Status.THRESHOLD_REACHED):
        context["assign_form"] = AssignForm(community=community, initial={"department_id": petition.department_id})
    if context["can_answer"]:
        context["answer_form"] = AnswerForm()
    context.update(forms or {})
    return render(request, "petitions/detail.html", context, status=status)


@login_required
def petition_create(request):
    return _petition_form_page(request, None)


@login_required
def petition_edit(request, pk):
    petition = _petition(request, pk)
    if not policies.can_edit(request.user, request.community, petition):
        raise Http404
    return _petition_form_page(request, petition)


def _save_draft(request, petition, data: dict, co_authors: list[str]):
    """Create the draft (rate-limited) or update it: the one difference between the two form pages."""
    fields = {"title": data["title"], "text": data["text"], "category_id": data["category"],
              "co_author_emails": co_authors}
    if petition is None:
        return services.petition_create(actor=request.user, community=request.community, **fields,
                                        caller=RateKey.from_request(request))
    return services.petition_update(actor=request.user, community=request.community, petition=petition, **fields)


def _petition_form_page(request, petition):
    community = request.community
    initial = None
    if petition is not None:
        initial = {"title": petition.title, "text": petition.text, "category": petition.category_id,
                   "co_authors": ", ".join(u.email for u in petition.co_authors.all())}
    form = PetitionForm(request.POST or None, community=community, initial=initial,
                        ask_name=not request.user.full_name)
    preview = None
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "preview")
        if action == "preview":
            preview = form.cleaned_data
        else:
            try:
                if "public_name" in form.cleaned_data:
                    user_set_public_name(actor=request.user, community=community,
                                         full_name=form.cleaned_data["public_name"])
                petition = _save_draft(request, petition, form.cleaned_data, form.co_author_emails())
                if action == "submit":
                    services.petition_submit(actor=request.user, community=community, petition=petition)
                    messages.success(request, _("Your petition was sent to moderation. It will be published or "
                                                "refused with a reason within the statutory term."))
                else:
                    messages.success(request, _("Your draft is saved. Submit it when it is ready."))
                return redirect("petitions:detail", petition.pk)
            except DomainError as exc:
                _show_error(request, form, exc)
                status = exc.status
    response = render(request, "petitions/create.html", {"form": form, "preview": preview, "petition": petition},
                      status=status)
    if status == 429:
        response["Retry-After"] = "60"
    return response


@require_GET
def petition_similar(request):
    """htmx fragment: published petitions like what the author is typing."""
    text = f"{request.GET.get('title', '')} {request.GET.get('text', '')}"[:2000]
    similar = selectors.petition_similar(community=request.community, text=text)
    return render(request, "petitions/_similar.html", {"similar": similar})


@require_POST
def petition_sign(request, pk):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={reverse('petitions:detail', args=[pk])}")
    community = request.community
    petition = _petition(request, pk)
    try:
        services.petition_sign(actor=request.user, community=community, petition=petition,
                               caller=RateKey.from_request(request))
    except DomainError as exc:
        messages.error(request, str(exc.message))
        response = _render_detail(request, petition, status=exc.status)
        if exc.status == 429:
            response["Retry-After"] = str(getattr(exc, "retry_after", 60))
        return response
    messages.success(request, _("Thank you: your signature is counted."))
    return redirect("petitions:detail", pk)


@require_POST
@login_required
def petition_submit(request, pk):
    petition = _petition(request, pk)
    try:
        services.petition_submit(actor=request.user, community=request.community, petition=petition)
        messages.success(request, _("Your petition was sent to moderation."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("petitions:detail", pk)


def _qr(request, petition):
    return segno.make(request.build_absolute_uri(reverse("petitions:detail", args=[petition.pk])), error="m")


def petition_qr_svg(request, pk):
    petition = _petition(request, pk)
    buffer = io.BytesIO()
    _qr(request, petition).save(buffer, kind="svg", scale=8, border=2, title=petition.title[:80])
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


def petition_qr_png(request, pk):
    petition = _petition(request, pk)
    buffer = io.BytesIO()
    _qr(request, petition).save(buffer, kind="png", scale=10, border=2)
    return HttpResponse(buffer.getvalue(), content_type="image/png")


def petition_poster(request, pk):
    petition = _petition(request, pk)
    qr = _qr(request, petition)
    return render(request, "petitions/poster.html", {
        "Status": Status,
        "petition": petition, "url": request.build_absolute_uri(reverse("petitions:detail", args=[petition.pk])),
        "qr_svg": qr.svg_inline(border=2, omitsize=True), "count": petition.signature_total,
    })


# --- staff ---------------------------------------------------------------------------------------------------


def _staff_only(request):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    if not policies.can_see_staff_pages(request.user, request.community):
        raise Http404
    return None


def moderation_queue(request):
    if (refusal := _staff_only(request)) is not None:
        return refusal
    community = request.community
    now = timezone.now()
    return render(request, "petitions/moderation.html", {
        "queue": selectors.moderation_queue(community=community),
        "considering": selectors.consideration_queue(community=community),
        "now": now,
        "soon": now + DUE_SOON,  # due within two days: marked "due soon" (text, not colour only)
    })


def overdue_list(request):
    if (refusal := _staff_only(request)) is not None:
        return refusal
    return render(request, "petitions/overdue.html", {"Status": Status, "petitions": selectors.overdue_petitions(
        community=request.community)})


def _staff_action(request, pk, form_name, form_class, call, **form_kwargs):
    """Run a moderation or answer form. Refusals re-render the petition page with the error and a 4xx status;
    people without the staff role get "not found", as for anything else they may not see."""
    petition = _petition(request, pk)
    form = form_class(request.POST, request.FILES, **form_kwargs) if form_class else None
    if form is not None and not form.is_valid():
        if not policies.can_see_staff_pages(request.user, request.community):
            raise Http404
        return _render_detail(request, petition, status=400, forms={form_name: form})
    try:
        call(petition, form.cleaned_data if form is not None else {})
    except DomainError as exc:
        if exc.status in (403, 404):
            raise Http404 from exc
        if form is not None:
            _show_error(request, form, exc)
        else:
            messages.error(request, str(exc.message))
        return _render_detail(request, petition, status=exc.status, forms={form_name: form} if form else None)
    messages.success(request, _("Done."))
    return redirect("petitions:detail", pk)


@require_POST
@login_required
def petition_publish(request, pk):
    return _staff_action(request, pk, "", None, lambda p, d: services.petition_publish(
        actor=request.user, community=request.community, petition=p))


@require_POST
@login_required
def petition_reject(request, pk):
    community = request.community
    return _staff_action(request, pk, "reject_form", RejectForm, lambda p, d: services.petition_reject(
        actor=request.user, community=community, petition=p, reason=d["reason"], comment=d["comment"]),
        reasons=selectors.rejection_reasons(community))


@require_POST
@login_required
def petition_duplicate(request, pk):
    return _staff_action(request, pk, "duplicate_form", DuplicateForm, lambda p, d: services.petition_mark_duplicate(
        actor=request.user, community=request.community, petition=p, original_id=d["original_id"],
        comment=d["comment"]))


@require_POST
@login_required
def petition_assign(request, pk):
    community = request.community
    return _staff_action(request, pk, "assign_form", AssignForm, lambda p, d: services.petition_assign_department(
        actor=request.user, community=community, petition=p, department_id=d["department_id"]),
        community=community)


@require_POST
@login_required
def petition_answer(request, pk):
    return _staff_action(request, pk, "answer_form", AnswerForm, lambda p, d: services.petition_answer(
        actor=request.user, community=request.community, petition=p, text=d["text"], decision=d["decision"],
        attachments=d["attachments"]))


@login_required
def signers_csv(request, pk):
    community = request.community
    petition = _petition(request, pk)
    try:
        services.signers_export_record(actor=request.user, community=community, petition=petition)
    except DomainError as exc:
        raise Http404 from exc
    signatures = selectors.petition_signers_for_export(community=community, petition=petition)
    rows = ([n, sig.public_name, sig.user.email, "yes" if sig.identity_hash else "no",
             timezone.localtime(sig.created_at).strftime("%Y-%m-%d %H:%M:%S")]
            for n, sig in enumerate(signatures.iterator(chunk_size=1000), start=1))
    return csv_response(rows, header=["n", "name", "email", "identity_verified", "signed_at_kyiv"],
                        filename=f"petition-{petition.pk}-signers.csv")

