"""Building a survey: create, change, publish and close it; add sections; add, edit, reorder and remove questions.

Once a survey has responses its questions are frozen (409 `has_responses`), except for fixing the wording."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.geo.geojson import geometry_to_geojson, validate_geometry
from hromada.core.identity.guard import require, service
from hromada.core.text import visible_length

from .. import policies
from ..models import CHOICE_KINDS, Audience, Choice, Kind, Question, Section, Status, Survey

TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
QUESTION_MAX = 500
CHOICE_MAX = 200
MAX_CHOICES = 50
MAX_QUESTIONS = 200
SCALE_MAX = 10
LIMIT_MAX = 10_000_000


def _text(errors: dict, name: str, value, *, max_length: int, required: bool = False) -> str:
    value = str(value or "").strip()
    if required and not visible_length(value):
        errors[name] = [_("This field is required.")]
    elif len(value) > max_length:
        errors[name] = [_("At most %(max)s characters.") % {"max": max_length}]
    return value


def _own(community, survey_id, *, lock: bool = True) -> Survey:
    rows = Survey.objects.select_for_update() if lock else Survey.objects
    try:
        return rows.get(community=community, pk=int(survey_id))
    except (Survey.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def _own_question(community, question_id) -> Question:
    try:
        return Question.objects.select_related("survey").get(community=community, pk=int(question_id))
    except (Question.DoesNotExist, TypeError, ValueError):
        raise NotFound() from None


def _frozen(survey: Survey) -> None:
    if survey.response_count or survey.responses.exists():
        raise Conflict(_("The survey has responses: its questions can no longer change (only their wording)."),
                       code="has_responses")


def _clean_settings(data: dict, errors: dict) -> dict:
    out: dict = {}
    if "audience" in data:
        if data["audience"] not in Audience.values:
            errors["audience"] = [_("Choose who may answer.")]
        out["audience"] = data["audience"]
    if "area" in data:
        area = data["area"]
        if area in (None, "", {}):
            out["area"] = None
        else:
            try:
                out["area"] = geometry_to_geojson(validate_geometry(area, field="area",
                                                                    allowed=("Polygon", "MultiPolygon")))
            except ValidationFailed as exc:
                errors.update(exc.fields)
    for flag in ("one_per_person", "anonymous", "results_public", "quick"):
        if flag in data:
            out[flag] = bool(data[flag])
    if "response_limit" in data:
        limit = data["response_limit"]
        if limit in (None, ""):
            out["response_limit"] = None
        else:
            try:
                out["response_limit"] = int(limit)
                if not 1 <= out["response_limit"] <= LIMIT_MAX:
                    raise ValueError
            except (TypeError, ValueError):
                errors["response_limit"] = [_("A whole number from 1 to %(max)s.") % {"max": LIMIT_MAX}]
    for moment in ("opens_at", "closes_at"):
        if moment in data:
            value = data[moment]
            if value in (None, ""):
                out[moment] = None
            elif isinstance(value, datetime) and timezone.is_aware(value):
                out[moment] = value
            else:
                errors[moment] = [_("Give a date and time with a time zone.")]
    return out


@service
def survey_create(*, actor, community, title: str, description: str = "", **settings) -> Survey:
    require(policies.can_write(actor, community), _("Only the community's staff may build surveys."))
    errors: dict = {}
    title = _text(errors, "title", title, max_length=TITLE_MAX, required=True)
    description = _text(errors, "description", description, max_length=DESCRIPTION_MAX)
    unknown = set(settings) - {"audience", "area", "one_per_person", "anonymous", "results_public", "quick",
                               "response_limit", "opens_at", "closes_at"}
    for name in unknown:
        errors[name] = [_("Unknown field.")]
    values = _clean_settings(settings, errors)
    _check_window(values.get("opens_at"), values.get("closes_at"), errors)
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        survey = Survey.objects.create(community=community, title=title, description=description,
                                       created_by=actor if getattr(actor, "is_authenticated", False) else None,
                                       **values)
        audit_record(actor=actor, community=community, action="surveys.survey.created", target=survey)
    return survey


def _check_window(opens_at, closes_at, errors: dict) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = [_("The survey must close after it opens.")]


@service
def survey_update(*, actor, community, survey_id: int, **changes) -> Survey:
    """Title, description, dates and the results' visibility at any time; who may answer, anonymity and
    one-per-person only before the first response (they decide what the stored responses mean)."""
    require(policies.can_write(actor, community), _("Only the community's staff may change surveys."))
    errors: dict = {}
    with transaction.atomic():
        survey = _own(community, survey_id)
        if "title" in changes:
            survey.title = _text(errors, "title", changes.pop("title"), max_length=TITLE_MAX, required=True)
        if "description" in changes:
            survey.description = _text(errors, "description", changes.pop("description"),
                                       max_length=DESCRIPTION_MAX)
        allowed = {"audience", "area", "one_per_person", "anonymous", "results_public", "quick", "response_limit",
                   "opens_at", "closes_at"}
        for name in set(changes) - allowed:
            errors[name] = [_("Unknown field.")]
        values = _clean_settings({k: v for k, v in changes.items() if k in allowed}, errors)
        _check_window(values.get("opens_at", survey.opens_at), values.get("closes_at", survey.closes_at), errors)
        if errors:
            raise ValidationFailed(fields=errors)
        structural = {k for k in ("audience", "area", "one_per_person", "anonymous", "quick")
                      if k in values and values[k] != getattr(survey, k)}
        if structural and survey.response_count:
            raise Conflict(_("The survey has responses: who may answer and anonymity can no longer change."),
                           code="has_responses", fields={k: [_("Fixed once responses exist.")] for k in structural})
        limit = values.get("response_limit", survey.response_limit)
        if limit is not None and limit < survey.response_count:
            raise ValidationFailed(fields={"response_limit": [_("Lower than the responses already given.")]})
        for name, value in values.items():
            setattr(survey, name, value)
        survey.save()
        audit_record(actor=actor, community=community, action="surveys.survey.changed", target=survey,
                     data={"fields": sorted(values)})
    return survey


@service
def survey_publish(*, actor, community, survey_id: int) -> Survey:
    require(policies.can_write(actor, community), _("Only the community's staff may publish surveys."))
    with transaction.atomic():
        survey = _own(community, survey_id)
        if survey.status != Status.DRAFT:
            raise Conflict(_("Only a draft can be published."), code="not_draft")
        questions = list(survey.questions.all())
        if not questions:
            raise ValidationFailed(fields={"questions": [_("Add at least one question first.")]})
        if survey.quick and len(questions) != 1:
            raise ValidationFailed(fields={"questions": [_("A quick poll has exactly one question.")]})
        if survey.quick and questions[0].kind not in (Kind.SINGLE, Kind.MULTIPLE):
            raise ValidationFailed(fields={"questions": [_("A quick poll asks a single or multiple choice.")]})
        survey.status = Status.OPEN
        survey.opens_at = survey.opens_at or timezone.now()
        survey.save(update_fields=["status", "opens_at", "updated_at"])
        audit_record(actor=actor, community=community, action="surveys.survey.published", target=survey)
    return survey


@service
def survey_close(*, actor, community, survey_id: int) -> Survey:
    require(policies.can_write(actor, community), _("Only the community's staff may close surveys."))
    with transaction.atomic():
        survey = _own(community, survey_id)
        if survey.status != Status.OPEN:
            raise Conflict(_("Only an open survey can be closed."), code="not_open")
        survey.status = Status.CLOSED
        now = timezone.now()
        survey.closes_at = min(survey.closes_at, now) if survey.closes_at else now
        survey.save(update_fields=["status", "closes_at", "updated_at"])
        audit_record(actor=actor, community=community, action="surveys.survey.closed", target=survey,
                     data={"responses": survey.response_count})
    return survey


@service
def section_add(*, actor, community, survey_id: int, title: str, description: str = "") -> Section:
    require(policies.can_write(actor, community), _("Only the community's staff may build surveys."))
    errors: dict = {}
    title = _text(errors, "title", title, max_length=TITLE_MAX, required=True)
    description = _text(errors, "description", description, max_length=DESCRIPTION_MAX)
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        survey = _own(community, survey_id)
        _frozen(survey)
        section = Section.objects.create(community=community, survey=survey, title=title, description=description,
                                         order=survey.sections.count() + 1)
        audit_record(actor=actor, community=community, action="surveys.section.added", target=survey)
    return section


def _clean_labels(errors: dict, name: str, labels, *, required: bool) -> list[str]:
    if labels in (None, ""):
        labels = []
    if isinstance(labels, str):
        labels = labels.splitlines()
    if not isinstance(labels, (list, tuple)):
        errors[name] = [_("A list of labels.")]
        return []
    cleaned = [str(label).strip() for label in labels if str(label).strip()]
    if required and len(cleaned) < 2:
        errors[name] = [_("Give at least two, one per line.")]
    elif len(cleaned) > MAX_CHOICES:
        errors[name] = [_("At most %(max)s.") % {"max": MAX_CHOICES}]
    elif any(len(label) > CHOICE_MAX for label in cleaned):
        errors[name] = [_("Each at most %(max)s characters.") % {"max": CHOICE_MAX}]
    elif len({label.casefold() for label in cleaned}) != len(cleaned):
        errors[name] = [_("Each label once.")]
    return cleaned


def _bound(errors: dict, name: str, value) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[name] = [_("A whole number.")]
        return None
    if abs(number) > 10**9:
        errors[name] = [_("A whole number.")]
    return number


def _clean_question(survey: Survey, data: dict, errors: dict) -> dict:
    kind = data.get("kind")
    if kind not in Kind.values:
        errors["kind"] = [_("Choose a question type.")]
    text = _text(errors, "text", data.get("text"), max_length=QUESTION_MAX, required=True)
    help_text = _text(errors, "help_text", data.get("help_text"), max_length=QUESTION_MAX)
    choices = _clean_labels(errors, "choices", data.get("choices"), required=kind in CHOICE_KINDS)
    rows = _clean_labels(errors, "rows", data.get("rows"), required=False) if kind == Kind.MATRIX else []
    if kind == Kind.MATRIX and not rows:
        errors["rows"] = [_("Give the matrix's rows, one per line.")]
    low, high = _bound(errors, "min_value", data.get("min_value")), _bound(errors, "max_value", data.get("max_value"))
    if kind == Kind.SCALE:
        high = high or 5
        if not 2 <= high <= SCALE_MAX:
            errors["max_value"] = [_("A scale runs from 1 to between 2 and %(max)s.") % {"max": SCALE_MAX}]
        low = 1
    if low is not None and high is not None and low > high:
        errors["max_value"] = [_("The maximum is below the minimum.")]
    section = None
    if data.get("section_id") not in (None, ""):
        section = Section.objects.filter(survey=survey, pk=_bound(errors, "section_id", data["section_id"]) or 0).first()
        if section is None:
            errors["section_id"] = [_("No such section in this survey.")]
    condition_question = condition_choice = None
    if data.get("condition_question_id") not in (None, ""):
        condition_question = Question.objects.filter(
            survey=survey, pk=_bound(errors, "condition_question_id", data["condition_question_id"]) or 0,
            kind__in=(Kind.SINGLE, Kind.MULTIPLE)).first()
        if condition_question is None:
            errors["condition_question_id"] = [_("Choose an earlier single or multiple choice question.")]
        else:
            condition_choice = Choice.objects.filter(
                question=condition_question, role=Choice.Role.OPTION,
                pk=_bound(errors, "condition_choice_id", data.get("condition_choice_id")) or 0).first()
            if condition_choice is None:
                errors["condition_choice_id"] = [_("Choose one of that question's options.")]
    return {"kind": kind, "text": text, "help_text": help_text, "required": bool(data.get("required")),
            "min_value": low, "max_value": high, "section": section, "condition_question": condition_question,
            "condition_choice": condition_choice, "choices": choices, "rows": rows}


def _write_choices(community, question: Question, labels: list[str], role: str) -> None:
    Choice.objects.bulk_create([Choice(community=community, question=question, role=role, order=n, label=label)
                                for n, label in enumerate(labels, start=1)])


@service
def question_add(*, actor, community, survey_id: int, **data) -> Question:
    """A question of any type at the end of the survey; refused once the survey has responses."""
    require(policies.can_write(actor, community), _("Only the community's staff may build surveys."))
    with transaction.atomic():
        survey = _own(community, survey_id)
        _frozen(survey)
        errors: dict = {}
        values = _clean_question(survey, data, errors)
        count = survey.questions.count()
        if count >= MAX_QUESTIONS:
            errors["questions"] = [_("At most %(max)s questions.") % {"max": MAX_QUESTIONS}]
        if errors:
            raise ValidationFailed(fields=errors)
        choices, rows = values.pop("choices"), values.pop("rows")
        question = Question.objects.create(community=community, survey=survey, order=count + 1, **values)
        _write_choices(community, question, choices, Choice.Role.OPTION)
        _write_choices(community, question, rows, Choice.Role.ROW)
        audit_record(actor=actor, community=community, action="surveys.question.added", target=survey,
                     data={"question": question.pk, "kind": question.kind})
    return question


@service
def question_edit(*, actor, community, question_id: int, **data) -> Question:
    """Before responses: anything. After: the wording only (the question, its hint and the labels of its
    options and rows, as many as before), so that answers keep meaning what they meant."""
    require(policies.can_write(actor, community), _("Only the community's staff may build surveys."))
    with transaction.atomic():
        question = _own_question(community, question_id)
        survey = _own(community, question.survey_id)
        merged = {"kind": question.kind, "text": question.text, "help_text": question.help_text,
                  "required": question.required, "min_value": question.min_value, "max_value": question.max_value,
                  "section_id": question.section_id, "condition_question_id": question.condition_question_id,
                  "condition_choice_id": question.condition_choice_id,
                  "choices": [c.label for c in question.choices.all() if c.role == Choice.Role.OPTION],
                  "rows": [c.label for c in question.choices.all() if c.role == Choice.Role.ROW], **data}
        errors: dict = {}
        values = _clean_question(survey, merged, errors)
        if values["condition_question"] is not None and values["condition_question"].order >= question.order:
            errors["condition_question_id"] = [_("Choose an earlier single or multiple choice question.")]
        if errors:
            raise ValidationFailed(fields=errors)
        choices, rows = values.pop("choices"), values.pop("rows")
        existing = {role: [c for c in question.choices.all() if c.role == role] for role in Choice.Role.values}
        if survey.response_count:
            wording = {"text", "help_text"}
            structural = [k for k, v in values.items() if k not in wording and v != getattr(question, k)]
            if structural or len(choices) != len(existing["option"]) or len(rows) != len(existing["row"]):
                raise Conflict(_("The survey has responses: only the wording can be corrected."),
                               code="has_responses")
        for name, value in values.items():
            setattr(question, name, value)
        question.save()
        for role, labels in (("option", choices), ("row", rows)):
            old = existing[role]
            for choice, label in zip(old, labels, strict=False):
                if choice.label != label:
                    choice.label = label
                    choice.save(update_fields=["label"])
            if len(labels) > len(old):
                Choice.objects.bulk_create([Choice(community=community, question=question, role=role, order=n,
                                                   label=label)
                                            for n, label in enumerate(labels[len(old):], start=len(old) + 1)])
            for choice in old[len(labels):]:
                choice.delete()
        audit_record(actor=actor, community=community, action="surveys.question.changed", target=survey,
                     data={"question": question.pk})
    return question


@service
def question_reorder(*, actor, community, survey_id: int, question_ids: list[int]) -> list[Question]:
    """The survey's questions in the given order (every question once); a condition must stay after the
    question it reads."""
    require(policies.can_write(actor, community), _("Only the community's staff may build surveys."))
    with transaction.atomic():
        survey = _own(community, survey_id)
        _frozen(survey)
        questions = {q.pk: q for q in survey.questions.all()}
        try:
            order = [int(i) for i in question_ids]
        except (TypeError, ValueError):
            order = []
        if sorted(order) != sorted(questions):
            raise ValidationFailed(fields={"question_ids": [_("List every question of the survey once.")]})
        position = {pk: n for n, pk in enumerate(order, start=1)}
        for question in questions.values():
            if question.condition_question_id and position[question.condition_question_id] >= position[question.pk]:
                raise ValidationFailed(fields={"question_ids": [
                    _("“%(question)s” depends on an answer that would come after it.") % {"question": question.text}]})
            question.order = position[question.pk]
        Question.objects.bulk_update(questions.values(), ["order"])
        audit_record(actor=actor, community=community, action="surveys.question.reordered", target=survey)
    return sorted(questions.values(), key=lambda q: q.order)


@service
def question_remove(*, actor, community, question_id: int) -> None:
    require(policies.can_write(actor, community), _("Only the community's staff may build surveys."))
    with transaction.atomic():
        question = _own_question(community, question_id)
        survey = _own(community, question.survey_id)
        _frozen(survey)
        if question.dependants.exists():
            raise Conflict(_("Another question is shown depending on this one: change that first."),
                           code="has_dependants")
        audit_record(actor=actor, community=community, action="surveys.question.removed", target=survey,
                     data={"question": question.pk})
        question.delete()
