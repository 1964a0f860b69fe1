"""Public pages of Surveys and polls: the list, a survey's form (works without JavaScript; the server's checks are
the truth), the thank-you page, the results with charts and filters, a question's text answers, and the exports."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from hromada.core.api.ratelimit import RateKey
from hromada.core.errors import DomainError, NotFound
from hromada.core.storage import private_file_response, private_storage
from hromada.core.web.csvstream import csv_response
from hromada.core.web.form_errors import add_domain_error

from . import exports, policies, results, selectors, services
from .forms import AnswerForm, FiltersForm, raw_answers
from .manifest import surveys_settings
from .models import Answer, Audience, Export, Question, Status


def _survey(request, survey_id):
    try:
        return selectors.survey_get(actor=request.user, community=request.community, survey_id=survey_id)
    except NotFound:
        raise Http404 from None


@require_GET
def survey_list(request):
    community = request.community
    status = request.GET.get("status")
    surveys = selectors.survey_list(actor=request.user, community=community,
                                    status=status if status in Status.values else None)
    page = Paginator(surveys, surveys_settings(community).page_size).get_page(request.GET.get("page"))
    return render(request, "surveys/list.html", {
        "page": page, "status": status, "statuses": Status.choices,
        "can_build": policies.can_write(request.user, community)})


@require_http_methods(["GET", "POST"])
def survey_detail(request, survey_id: int):
    community = request.community
    survey = _survey(request, survey_id)
    form_sections = selectors.survey_form(survey)
    questions = [q for section in form_sections for q in section.questions]
    area = survey.audience == Audience.RESIDENTS and bool(survey.area)
    form = AnswerForm(questions, request.POST if request.method == "POST" else None, area=area)  # an empty POST too
    if request.method == "POST":
        raw = raw_answers(questions, request.POST, request.FILES)
        location = None
        if area and (request.POST.get("location_lat") or request.POST.get("location_lon")):
            location = (request.POST.get("location_lat"), request.POST.get("location_lon"))
        try:
            services.response_submit(actor=request.user, community=community, survey_id=survey.pk, answers=raw,
                                     location=location, caller=RateKey.from_request(request))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("surveys:thanks", survey_id=survey.pk)
    _prepare(questions, request.POST if request.method == "POST" else None, form)
    responded = selectors.has_responded(actor=request.user, survey=survey)
    return render(request, "surveys/detail.html", {
        "survey": survey, "form": form, "sections": form_sections,
        "can_respond": policies.can_respond(request.user, community, survey) and not responded,
        "responded": responded, "area": area,
        "can_see_results": policies.can_see_results(request.user, community, survey),
        "can_build": policies.can_write(request.user, community)}, status=400 if form.errors else 200)


def _prepare(questions, post, form) -> None:
    """What each question's inputs show: the values sent (after a refusal), its errors, and in words the
    condition that shows it (read without JavaScript)."""
    by_id = {q.pk: q for q in questions}
    for question in questions:
        name = f"q{question.pk}"
        question.field = name
        question.sent = [str(v) for v in post.getlist(name)] if post else []
        question.errors = form.errors.get(name, [])
        question.scale_values = range(1, (question.max_value or 5) + 1)
        for row in question.rows:
            row.sent = post.get(f"{name}_r{row.pk}", "") if post else ""
        for option in question.options:
            option.sent = post.get(f"{name}_o{option.pk}", "") if post else ""
        parent = by_id.get(question.condition_question_id)
        question.condition_label = ""
        if parent is not None:
            label = next((o.label for o in parent.options if o.pk == question.condition_choice_id), "")
            question.condition_label = label
            question.condition_parent = parent


@require_GET
def survey_thanks(request, survey_id: int):
    survey = _survey(request, survey_id)
    return render(request, "surveys/thanks.html", {
        "survey": survey, "can_see_results": policies.can_see_results(request.user, request.community, survey)})


def _results_or_404(request, survey_id):
    survey = _survey(request, survey_id)
    if not policies.can_see_results(request.user, request.community, survey):
        raise Http404
    return survey


@require_GET
def survey_results(request, survey_id: int):
    survey = _results_or_404(request, survey_id)
    questions = selectors.survey_questions(survey)
    filters_form = FiltersForm(request.GET or None, questions=questions)
    filters = results.Filters()
    if filters_form.is_bound and filters_form.is_valid():
        question_id, choice_id = filters_form.chosen()
        filters = results.Filters(question_id=question_id, choice_id=choice_id,
                                  since=filters_form.cleaned_data.get("since"),
                                  until=filters_form.cleaned_data.get("until"))
    return render(request, "surveys/results.html", {
        "survey": survey, "results": results.survey_results(survey=survey, filters=filters),
        "filters_form": filters_form, "filtered": filters.active, "query": request.GET.urlencode(),
        "can_export": policies.can_export(request.user, request.community)},
        status=400 if filters_form.is_bound and filters_form.errors else 200)


@require_GET
def survey_texts(request, survey_id: int, question_id: int):
    survey = _results_or_404(request, survey_id)
    question = Question.objects.filter(survey=survey, pk=question_id, kind__in=("short_text", "long_text")).first()
    if question is None:
        raise Http404
    page = Paginator(results.text_answers(survey=survey, question=question), 50).get_page(request.GET.get("page"))
    return render(request, "surveys/texts.html", {"survey": survey, "question": question, "page": page})


def _exportable(request, survey_id):
    survey = _survey(request, survey_id)
    if not policies.can_export(request.user, request.community):
        raise Http404
    return survey


@require_GET
def survey_export_csv(request, survey_id: int):
    survey = _exportable(request, survey_id)
    response = csv_response(exports.export_rows(survey), filename=f"survey-{survey.pk}.csv")
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["POST"])
def survey_export_xlsx(request, survey_id: int):
    """Ask for an XLSX: written by a background job (minutes for a large survey); its page shows the progress."""
    survey = _exportable(request, survey_id)
    try:
        export = services.survey_export_request(actor=request.user, community=request.community,
                                                survey_id=survey.pk)
    except NotFound:
        raise Http404 from None
    return redirect("surveys:export", survey.pk, export.pk)


def _export(request, survey_id: int, export_id: int) -> Export:
    survey = _exportable(request, survey_id)
    export = Export.objects.filter(community=request.community, survey=survey, pk=export_id).first()
    if export is None:
        raise Http404
    return export


@require_GET
def survey_export(request, survey_id: int, export_id: int):
    """The export's progress; the page reloads itself every few seconds until the file is ready (no script)."""
    export = _export(request, survey_id, export_id)
    return render(request, "surveys/export.html", {"survey": export.survey, "export": export})


@require_GET
def survey_export_download(request, survey_id: int, export_id: int):
    export = _export(request, survey_id, export_id)
    if export.state != Export.State.DONE or not export.file:
        raise Http404
    return private_file_response(
        export.file, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        download_name=f"survey-{export.survey_id}.xlsx", attachment=True)


@require_GET
def answer_file(request, survey_id: int, answer_id: int):
    """A file answer, to the community's staff only (private storage, no URL of its own)."""
    survey = _survey(request, survey_id)
    if not policies.can_read_answer_file(request.user, request.community):
        raise Http404
    answer = Answer.objects.filter(survey=survey, pk=answer_id).exclude(file="").first()
    if answer is None or not private_storage.exists(answer.file.name):
        raise Http404
    return private_file_response(answer.file, content_type=answer.file_type or "application/octet-stream",
                                 download_name=f"survey-{survey.pk}-answer-{answer.pk}", attachment=True)
