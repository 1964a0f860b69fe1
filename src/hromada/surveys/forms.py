"""The forms of Surveys and polls: answering (fields named q<id>, read from the request as the service expects
them), the staff's survey settings and question forms, and the results' filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Audience, Kind, Survey


class AnswerForm(forms.Form):
    """One field per question, for labels and errors (the template draws each type's inputs itself, with the
    ids these fields expect, so the error summary links to the question)."""

    def __init__(self, questions, *args, area: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questions:
            self.fields[f"q{question.pk}"] = forms.CharField(label=question.text, required=False)
        if area:
            self.fields["location_lat"] = forms.FloatField(label=_("Latitude of your home"), required=False)
            self.fields["location_lon"] = forms.FloatField(label=_("Longitude of your home"), required=False)
        self.questions = questions


def raw_answers(questions, post, files) -> dict:
    """The request's answers in the service's shape (see answers.py): lists for multiple choice, a {row: column}
    object for a matrix, options ordered by the positions chosen for a ranking, the upload for a file."""
    raw: dict = {}
    for question in questions:
        name = f"q{question.pk}"
        if question.kind == Kind.MULTIPLE:
            raw[name] = post.getlist(name)
        elif question.kind == Kind.MATRIX:
            raw[name] = {str(row.pk): post.get(f"{name}_r{row.pk}", "") for row in question.rows}
        elif question.kind == Kind.RANKING:
            positions = {option.pk: post.get(f"{name}_o{option.pk}", "").strip() for option in question.options}
            given = [p for p in positions.values() if p]
            if not given:
                raw[name] = []
            elif len(given) != len(positions) or len(set(given)) != len(given):
                raw[name] = ["-"]  # refused by the service: every option once
            else:
                raw[name] = [pk for pk, _p in sorted(positions.items(), key=lambda item: _position(item[1]))]
        elif question.kind == Kind.FILE:
            if name in files:
                raw[name] = files[name]
        else:
            raw[name] = post.get(name, "")
    return raw


def _position(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 10**6


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    audience = forms.ChoiceField(label=_("Who may answer"), choices=Audience.choices)
    area = forms.CharField(label=_("Area (GeoJSON polygon; empty: the whole community)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    one_per_person = forms.BooleanField(label=_("One response per person"), required=False, initial=True)
    anonymous = forms.BooleanField(label=_("Anonymous (no link from a response to a person is stored)"),
                                   required=False)
    response_limit = forms.IntegerField(label=_("Response limit"), required=False, min_value=1)
    results_public = forms.BooleanField(label=_("Results public"), required=False, initial=True)
    quick = forms.BooleanField(label=_("Quick poll (one choice question, shown on the home page)"), required=False)
    opens_at = forms.DateTimeField(label=_("Opens"), required=False,
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    closes_at = forms.DateTimeField(label=_("Closes"), required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    @classmethod
    def initial_for(cls, survey: Survey) -> dict:
        import json

        data = {name: getattr(survey, name) for name in cls.base_fields}
        data["area"] = json.dumps(survey.area) if survey.area else ""
        return data


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=500)
    help_text = forms.CharField(label=_("Hint"), max_length=500, required=False)
    required = forms.BooleanField(label=_("Required"), required=False)
    choices = forms.CharField(label=_("Options (one per line; a matrix's columns)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    rows = forms.CharField(label=_("Matrix rows (one per line)"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    min_value = forms.IntegerField(label=_("Minimum (number; fewest options for multiple choice)"), required=False)
    max_value = forms.IntegerField(label=_("Maximum (number; scale 1..N; most options; text length)"),
                                   required=False)
    section_id = forms.TypedChoiceField(label=_("Section"), required=False, coerce=int, empty_value=None)
    condition_question_id = forms.TypedChoiceField(label=_("Show only when this question…"), required=False,
                                                   coerce=int, empty_value=None)
    condition_choice_id = forms.TypedChoiceField(label=_("…was answered with"), required=False, coerce=int,
                                                 empty_value=None)

    def __init__(self, *args, sections=(), questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_id"].choices = [("", "—"), *((s.pk, s.title) for s in sections)]
        choice_questions = [q for q in questions if q.kind in (Kind.SINGLE, Kind.MULTIPLE)]
        self.fields["condition_question_id"].choices = [("", "—"), *((q.pk, q.text) for q in choice_questions)]
        self.fields["condition_choice_id"].choices = [("", "—"), *(
            (c.pk, f"{q.text}: {c.label}") for q in choice_questions for c in q.options)]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        return data


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=200)
    description = forms.CharField(label=_("Section description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class FiltersForm(forms.Form):
    filter = forms.ChoiceField(label=_("Only responses that answered"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["filter"].choices = [("", _("any answer")), *(
            (f"{q.pk}:{c.pk}", f"{q.text} — {c.label}") for q in questions
            if q.kind in (Kind.SINGLE, Kind.MULTIPLE) for c in q.options)]

    def chosen(self) -> tuple[int | None, int | None]:
        value = self.cleaned_data.get("filter") or ""
        if ":" not in value:
            return None, None
        question, choice = value.split(":", 1)
        return int(question), int(choice)
