"""Web pages of e-consultations: the list, a consultation (its paragraphs with the proposals beside them, and the
forms to propose, support, answer and hide), the staff answer queue, the report page and its PDF. Views parse, call
a service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hromada.core.api.ratelimit import RateKey
from hromada.core.errors import DomainError, NotFound
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .forms import AnswerForm, FilterForm, HideForm, ProposalForm, ReportForm
from .manifest import consultations_settings
from .models import Status
from .report import report_pdf


def _consultation(request, consultation_id):
    try:
        return selectors.consultation_get(actor=request.user, community=request.community,
                                          consultation_id=consultation_id)
    except NotFound:
        raise Http404 from None


@require_GET
def consultation_list(request):
    community = request.community
    may_create = policies.can_create_somewhere(request.user, community)
    form = FilterForm(request.GET or None, drafts=may_create)
    rows = selectors.consultation_list(actor=request.user, community=community, state=form.value("state"),
                                       q=form.value("q"))
    page = Paginator(rows, consultations_settings(community).page_size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "consultations/list.html", {
        "form": form, "page": page, "query": query.urlencode(), "filtered": bool(form.value("state") or form.value("q")),
        "is_staff": policies.can_see_staff_pages(request.user, community), "may_create": may_create,
    })


def _proposal_context(request, consultation) -> dict:
    """What each proposal's item needs, computed once per page (not per proposal): the permissions, the actor's
    supports and the start of the proposals' form addresses."""
    community, user = request.community, request.user
    return {
        "consultation": consultation, "Status": Status, "open_now": selectors.is_open_now(consultation),
        "supported": selectors.supported_ids(user=user, consultation=consultation),
        "can_participate": policies.can_participate(user, community, consultation),
        "can_answer": consultation.status != Status.REPORTED and policies.can_answer(user, community, consultation),
        "can_hide": consultation.status != Status.REPORTED and policies.can_hide(user, community),
        "answer_choices": AnswerForm.base_fields["answer"].choices,
        "proposals_url": reverse("consultations:detail", args=[consultation.pk]) + "proposals/",
    }


def _render_detail(request, consultation, *, status: int = 200, forms: dict | None = None):
    community, user = request.community, request.user
    blocks = selectors.text_with_top_proposals(community=community, consultation=consultation)
    numbers = [block["number"] for block in blocks if block["paragraph"] is not None]
    target = request.GET.get("target", "")
    context = _proposal_context(request, consultation)
    context.update({
        "blocks": blocks, "top": selectors.TOP,
        "paragraphs_url": reverse("consultations:detail", args=[consultation.pk]) + "paragraphs/",
        "documents": list(consultation.documents.all()),
        "following": selectors.is_following(user=user, consultation=consultation),
        "can_manage": policies.can_manage(user, community, consultation),
        "proposal_form": ProposalForm(numbers=numbers, initial={"target": target} if target else None),
        "report_form": ReportForm(),
        "counts": selectors.report_counts(consultation=consultation) if consultation.status == Status.CLOSED else None,
    })
    context.update(forms or {})
    return render(request, "consultations/detail.html", context, status=status)


@require_GET
def paragraph_proposals(request, consultation_id: int, number: int):
    """Every proposal on one paragraph (and the new paragraphs proposed after it), paginated: where the
    consultation's page links "all N proposals on paragraph k"."""
    consultation = _consultation(request, consultation_id)
    try:
        paragraph = selectors.paragraph_get(consultation=consultation, number=number)
    except NotFound:
        raise Http404 from None
    rows = selectors.paragraph_proposals(community=request.community, consultation=consultation, number=number)
    page = Paginator(rows, consultations_settings(request.community).page_size).get_page(request.GET.get("page"))
    context = _proposal_context(request, consultation)
    context.update({"paragraph": paragraph, "number": number, "page": page, "query": ""})
    return render(request, "consultations/paragraph.html", context)


@require_GET
def consultation_detail(request, consultation_id: int):
    return _render_detail(request, _consultation(request, consultation_id))


def _sign_in(request, consultation_id):
    return redirect(f"{reverse('account_login')}?next={reverse('consultations:detail', args=[consultation_id])}")


def _back(consultation_id, anchor: str = ""):
    return redirect(reverse("consultations:detail", args=[consultation_id]) + (f"#{anchor}" if anchor else ""))


def _refused(request, consultation, exc: DomainError):
    messages.error(request, str(exc.message))
    return _render_detail(request, consultation, status=exc.status)


@require_POST
def proposal_submit(request, consultation_id: int):
    if not request.user.is_authenticated:
        return _sign_in(request, consultation_id)
    consultation = _consultation(request, consultation_id)
    numbers = list(consultation.paragraphs.values_list("number", flat=True))
    form = ProposalForm(request.POST, numbers=numbers)
    if not form.is_valid():
        return _render_detail(request, consultation, status=400, forms={"proposal_form": form})
    try:
        proposal = services.proposal_submit(actor=request.user, community=request.community,
                                            consultation_id=consultation.pk, kind=form.cleaned_data["kind"],
                                            text=form.cleaned_data["text"], caller=RateKey.from_request(request),
                                            **form.place())
    except DomainError as exc:
        add_domain_error(form, exc)
        response = _render_detail(request, consultation, status=exc.status, forms={"proposal_form": form})
        if exc.status == 429:
            response["Retry-After"] = "60"
        return response
    messages.success(request, _("Your proposal is published next to the text."))
    return _back(consultation.pk, f"proposal-{proposal.pk}")


def _proposal_action(request, consultation_id: int, call, done: str, anchor: str):
    if not request.user.is_authenticated:
        return _sign_in(request, consultation_id)
    consultation = _consultation(request, consultation_id)
    try:
        call(consultation)
    except DomainError as exc:
        return _refused(request, consultation, exc)
    messages.success(request, done)
    return _back(consultation.pk, anchor)


@require_POST
def proposal_support(request, consultation_id: int, proposal_id: int):
    def call(consultation):
        if request.POST.get("withdraw"):
            return services.proposal_unsupport(actor=request.user, community=request.community, proposal_id=proposal_id)
        return services.proposal_support(actor=request.user, community=request.community, proposal_id=proposal_id)
    done = _("Your support is withdrawn.") if request.POST.get("withdraw") else _("You support this proposal.")
    return _proposal_action(request, consultation_id, call, done, f"proposal-{proposal_id}")


@require_POST
def proposal_hide(request, consultation_id: int, proposal_id: int):
    form = HideForm(request.POST)

    def call(consultation):
        return services.proposal_hide(actor=request.user, community=request.community, proposal_id=proposal_id,
                                      reason=form.data.get("reason", ""))
    return _proposal_action(request, consultation_id, call, _("The proposal is hidden."), f"proposal-{proposal_id}")


@require_POST
def proposal_answer(request, consultation_id: int, proposal_id: int):
    def call(consultation):
        return services.proposal_answer(actor=request.user, community=request.community, proposal_id=proposal_id,
                                        answer=request.POST.get("answer", ""), reason=request.POST.get("reason", ""))
    if request.POST.get("next") == "queue" and request.user.is_authenticated:
        try:
            call(None)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return answer_queue(request, status=exc.status)
        messages.success(request, _("The answer is saved."))
        return redirect("consultations:queue")
    return _proposal_action(request, consultation_id, call, _("The answer is saved."), f"proposal-{proposal_id}")


@require_POST
def consultation_action(request, consultation_id: int, action: str):
    """Publish, close, publish the report, follow and unfollow: one button each on the consultation's page."""
    community = request.community
    calls = {
        "publish": (lambda c: services.consultation_publish(actor=request.user, community=community,
                                                            consultation_id=c.pk), _("The consultation is open.")),
        "close": (lambda c: services.consultation_close(actor=request.user, community=community, consultation_id=c.pk),
                  _("The consultation is closed. Answer every proposal, then publish the report.")),
        "publish-report": (lambda c: services.report_publish(actor=request.user, community=community, consultation_id=c.pk,
                                                     summary=request.POST.get("summary", "")),
                   _("The report is published and the participants are told.")),
        "follow": (lambda c: services.consultation_follow(actor=request.user, community=community,
                                                          consultation_id=c.pk), _("You will be told about the report.")),
        "unfollow": (lambda c: services.consultation_follow(actor=request.user, community=community,
                                                            consultation_id=c.pk, follow=False),
                     _("You no longer follow this consultation.")),
    }
    if action not in calls:
        raise Http404
    call, done = calls[action]
    return _proposal_action(request, consultation_id, call, done, "")


@login_required
def answer_queue(request, status: int = 200):
    community = request.community
    if not policies.can_see_staff_pages(request.user, community):
        raise Http404
    rows = selectors.answer_queue(actor=request.user, community=community)
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    return render(request, "consultations/queue.html", {
        "page": page, "answer_choices": AnswerForm.base_fields["answer"].choices}, status=status)


def _reported(request, consultation_id):
    consultation = _consultation(request, consultation_id)
    if consultation.status != Status.REPORTED:
        raise Http404
    return consultation


@require_GET
def report_page(request, consultation_id: int):
    consultation = _reported(request, consultation_id)
    community = request.community
    return render(request, "consultations/report.html", {
        "consultation": consultation, "counts": selectors.report_counts(consultation=consultation),
        "blocks": selectors.text_with_proposals(community=community, consultation=consultation),
    })


@require_GET
def report_download(request, consultation_id: int):
    consultation = _reported(request, consultation_id)
    data = report_pdf(community=request.community, consultation=consultation)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="consultation-{consultation.pk}-report.pdf"'
    return response
