"""The staff's survey builder: a new survey, its settings, sections and questions of every type (add, edit, move,
remove), publishing and closing. Thin: each form posts to one service and shows its refusal on the form."""

from __future__ import annotations

import json

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from hromada.core.errors import DomainError, NotFound, PermissionDenied
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .forms import QuestionForm, SectionForm, SurveyForm
from .models import Question


def _staff(request) -> None:
    if not policies.can_write(request.user, request.community):
        raise Http404


def _survey(request, survey_id):
    _staff(request)
    try:
        return selectors.survey_get(actor=request.user, community=request.community, survey_id=survey_id)
    except NotFound:
        raise Http404 from None


def _settings_data(form: SurveyForm) -> dict:
    data = dict(form.cleaned_data)
    area = (data.get("area") or "").strip()
    try:
        data["area"] = json.loads(area) if area else None
    except ValueError:
        data["area"] = area  # the service names the field and the reason
    for moment in ("opens_at", "closes_at"):
        if data.get(moment) and timezone.is_naive(data[moment]):
            data[moment] = timezone.make_aware(data[moment])
    return data


@require_http_methods(["GET", "POST"])
def survey_new(request):
    _staff(request)
    form = SurveyForm(request.POST or None, initial={"one_per_person": True, "results_public": True})
    if request.method == "POST" and form.is_valid():
        try:
            survey = services.survey_create(actor=request.user, community=request.community,
                                            **_settings_data(form))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("surveys:build", survey_id=survey.pk)
    return render(request, "surveys/staff/new.html", {"form": form}, status=400 if form.errors else 200)


def _builder(request, survey, *, settings_form=None, question_form=None, section_form=None, status=200):
    questions = selectors.survey_questions(survey)
    sections = list(survey.sections.all())
    return render(request, "surveys/staff/build.html", {
        "survey": survey, "questions": questions, "sections": sections,
        "settings_form": settings_form or SurveyForm(initial=SurveyForm.initial_for(survey)),
        "question_form": question_form or QuestionForm(sections=sections, questions=questions),
        "section_form": section_form or SectionForm(prefix="section"),
        "frozen": bool(survey.response_count)}, status=status)


@require_http_methods(["GET", "POST"])
def survey_build(request, survey_id: int):
    survey = _survey(request, survey_id)
    if request.method == "GET":
        return _builder(request, survey)
    form = SurveyForm(request.POST)
    if form.is_valid():
        try:
            services.survey_update(actor=request.user, community=request.community, survey_id=survey.pk,
                                   **_settings_data(form))
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("surveys:build", survey_id=survey.pk)
    return _builder(request, survey, settings_form=form, status=409 if form.errors and survey.response_count
                    else 400)


@require_POST
def question_add(request, survey_id: int):
    survey = _survey(request, survey_id)
    form = QuestionForm(request.POST, sections=list(survey.sections.all()),
                        questions=selectors.survey_questions(survey))
    if form.is_valid():
        try:
            services.question_add(actor=request.user, community=request.community, survey_id=survey.pk,
                                  **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect(reverse("surveys:build", kwargs={"survey_id": survey.pk}) + "#questions")
    return _builder(request, survey, question_form=form, status=409 if survey.response_count else 400)


def _question(request, survey, question_id) -> Question:
    question = Question.objects.filter(survey=survey, pk=question_id).first()
    if question is None:
        raise Http404
    return question


@require_http_methods(["GET", "POST"])
def question_edit(request, survey_id: int, question_id: int):
    survey = _survey(request, survey_id)
    question = _question(request, survey, question_id)
    questions = [q for q in selectors.survey_questions(survey) if q.order < question.order]
    current = next(q for q in selectors.survey_questions(survey) if q.pk == question.pk)
    initial = {"kind": question.kind, "text": question.text, "help_text": question.help_text,
               "required": question.required, "min_value": question.min_value, "max_value": question.max_value,
               "section_id": question.section_id, "condition_question_id": question.condition_question_id,
               "condition_choice_id": question.condition_choice_id,
               "choices": "\n".join(c.label for c in current.options),
               "rows": "\n".join(c.label for c in current.rows)}
    form = QuestionForm(request.POST or None, initial=initial, sections=list(survey.sections.all()),
                        questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_edit(actor=request.user, community=request.community, question_id=question.pk,
                                   **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("surveys:build", survey_id=survey.pk)
    return render(request, "surveys/staff/question.html", {"survey": survey, "question": question, "form": form},
                  status=400 if form.errors else 200)


@require_POST
def question_move(request, survey_id: int, question_id: int):
    survey = _survey(request, survey_id)
    question = _question(request, survey, question_id)
    order = list(survey.questions.order_by("order", "pk").values_list("pk", flat=True))
    at = order.index(question.pk)
    to = at - 1 if request.POST.get("direction") == "up" else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
    return _run(request, survey, lambda: services.question_reorder(
        actor=request.user, community=request.community, survey_id=survey.pk, question_ids=order))


@require_POST
def question_remove(request, survey_id: int, question_id: int):
    survey = _survey(request, survey_id)
    question = _question(request, survey, question_id)
    return _run(request, survey, lambda: services.question_remove(
        actor=request.user, community=request.community, question_id=question.pk))


@require_POST
def section_add(request, survey_id: int):
    survey = _survey(request, survey_id)
    form = SectionForm(request.POST, prefix="section")
    if form.is_valid():
        try:
            services.section_add(actor=request.user, community=request.community, survey_id=survey.pk,
                                 **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("surveys:build", survey_id=survey.pk)
    return _builder(request, survey, section_form=form, status=409 if survey.response_count else 400)


@require_POST
def survey_publish(request, survey_id: int):
    survey = _survey(request, survey_id)
    return _run(request, survey, lambda: services.survey_publish(
        actor=request.user, community=request.community, survey_id=survey.pk))


@require_POST
def survey_close(request, survey_id: int):
    survey = _survey(request, survey_id)
    return _run(request, survey, lambda: services.survey_close(
        actor=request.user, community=request.community, survey_id=survey.pk))


def _run(request, survey, call):
    """Do one service call; on refusal show the builder with the reason at the top (409 for a state conflict)."""
    try:
        call()
    except PermissionDenied:
        raise Http404 from None
    except DomainError as exc:
        refused = forms.Form({})
        refused.is_valid()  # a bound, cleaned form takes errors
        add_domain_error(refused, exc)
        survey.refresh_from_db()
        questions = selectors.survey_questions(survey)
        sections = list(survey.sections.all())
        return render(request, "surveys/staff/build.html", {
            "survey": survey, "questions": questions, "sections": sections, "refused": refused,
            "settings_form": SurveyForm(initial=SurveyForm.initial_for(survey)),
            "question_form": QuestionForm(sections=sections, questions=questions),
            "section_form": SectionForm(prefix="section"),
            "frozen": bool(survey.response_count)}, status=409 if exc.code not in ("validation_failed",) else 400)
    return redirect("surveys:build", survey_id=survey.pk)
