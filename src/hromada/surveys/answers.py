"""What a response may contain: each visible question's raw answer checked by its type, its required flag and its
limits, turned into unsaved typed Answer rows; every refusal names the question's field (`q<id>`) and the reason.

Shared by response_submit (the truth) and nothing else: the web form's script only hides and shows."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from hromada.core.errors import ValidationFailed
from hromada.core.uploads import clean_document

from .models import Choice, Kind, Question

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000
NUMBER_ABS_MAX = 1e12
FILE_KINDS = frozenset({"pdf", "image", "office"})


def field_name(question: Question) -> str:
    return f"q{question.pk}"


@dataclass
class Cleaned:
    """The typed values of one question: (choice, row, number, text, date) tuples, and at most one clean file."""

    values: list[tuple] = field(default_factory=list)
    file: Any = None


def _empty(raw) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, (list, tuple, dict)):
        return not raw or all(_empty(v) for v in (raw.values() if isinstance(raw, dict) else raw))
    return False


def _as_id(raw) -> int | None:
    if isinstance(raw, bool):
        return None
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        return None


def chosen_ids(question: Question, raw) -> set[int]:
    """The option ids a single or multiple answer names (for conditions); nothing for anything else."""
    if question.kind == Kind.SINGLE:
        raw = [raw]
    if question.kind not in (Kind.SINGLE, Kind.MULTIPLE) or not isinstance(raw, (list, tuple)):
        return set()
    return {i for i in (_as_id(v) for v in raw) if i is not None}


def visible_questions(questions: list[Question], raw_answers: dict[str, Any]) -> list[Question]:
    """The questions this response shows: one whose condition names an earlier question is shown when that
    question is shown and its answer includes the condition's choice."""
    shown: set[int] = set()
    result = []
    by_id = {q.pk: q for q in questions}
    for question in questions:
        parent = by_id.get(question.condition_question_id) if question.condition_question_id else None
        if parent is not None:
            if parent.pk not in shown or question.condition_choice_id not in chosen_ids(
                    parent, raw_answers.get(field_name(parent))):
                continue
        shown.add(question.pk)
        result.append(question)
    return result


class _Refused(Exception):
    def __init__(self, message: str):
        self.message = message


def _options(question: Question, choices: list[Choice]) -> dict[int, Choice]:
    return {c.pk: c for c in choices if c.role == Choice.Role.OPTION}


def _number(raw) -> float:
    if isinstance(raw, bool):
        raise _Refused(_("Enter a number."))
    try:
        value = float(str(raw).strip().replace(",", "."))
    except (TypeError, ValueError):
        raise _Refused(_("Enter a number.")) from None
    if not math.isfinite(value) or abs(value) > NUMBER_ABS_MAX:
        raise _Refused(_("Enter a number."))
    return value


def _clean_choice(question: Question, raw, choices: list[Choice]) -> list[tuple]:
    options = _options(question, choices)
    if question.kind == Kind.SINGLE:
        chosen = _as_id(raw[0] if isinstance(raw, (list, tuple)) and len(raw) == 1 else raw)
        if chosen not in options:
            raise _Refused(_("Choose one of the options."))
        return [(chosen, None, None, "", None)]
    items = raw if isinstance(raw, (list, tuple)) else [raw]
    ids = [_as_id(v) for v in items if not _empty(v)]
    if any(i not in options for i in ids) or len(set(ids)) != len(ids):
        raise _Refused(_("Choose among the options, each once."))
    if question.kind == Kind.MULTIPLE:
        if question.max_value and len(ids) > question.max_value:
            raise _Refused(_("Choose at most %(max)s options.") % {"max": question.max_value})
        if question.min_value and len(ids) < question.min_value:
            raise _Refused(_("Choose at least %(min)s options.") % {"min": question.min_value})
        return [(i, None, None, "", None) for i in ids]
    # Ranking: every option once, first = position 1.
    if set(ids) != set(options):
        raise _Refused(_("Put every option in order, each once."))
    return [(i, None, float(position), "", None) for position, i in enumerate(ids, start=1)]


def _clean_matrix(question: Question, raw, choices: list[Choice]) -> list[tuple]:
    columns = _options(question, choices)
    rows = {c.pk: c for c in choices if c.role == Choice.Role.ROW}
    if not isinstance(raw, dict):
        raise _Refused(_("Choose one column in each row."))
    values = []
    for key, value in raw.items():
        row_id, column_id = _as_id(key), _as_id(value)
        if row_id not in rows:
            raise _Refused(_("Choose one column in each row."))
        if _empty(value):
            continue
        if column_id not in columns:
            raise _Refused(_("Choose one column in each row."))
        values.append((column_id, row_id, None, "", None))
    if question.required and len(values) != len(rows):
        raise _Refused(_("Choose one column in each row."))
    return values


def _clean_one(question: Question, raw, choices: list[Choice]) -> Cleaned:
    kind = question.kind
    if kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING):
        return Cleaned(_clean_choice(question, raw, choices))
    if kind == Kind.MATRIX:
        return Cleaned(_clean_matrix(question, raw, choices))
    if kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
        if not isinstance(raw, (str, int, float)) or isinstance(raw, bool):
            raise _Refused(_("Enter a text."))
        text = str(raw).replace("\x00", "").strip()
        if not text:  # nothing but NULs: unanswered (a stored text answer always has a text)
            return Cleaned([])
        limit = SHORT_TEXT_MAX if kind == Kind.SHORT_TEXT else LONG_TEXT_MAX
        limit = min(limit, question.max_value) if question.max_value else limit
        if len(text) > limit:
            raise _Refused(_("At most %(max)s characters.") % {"max": limit})
        return Cleaned([(None, None, None, text, None)])
    if kind in (Kind.NUMBER, Kind.SCALE):
        value = _number(raw)
        low, high = (question.min_value, question.max_value) if kind == Kind.NUMBER else (1, question.max_value)
        if kind == Kind.SCALE and value != int(value):
            raise _Refused(_("Choose a whole number on the scale."))
        if low is not None and value < low:
            raise _Refused(_("At least %(min)s.") % {"min": low})
        if high is not None and value > high:
            raise _Refused(_("At most %(max)s.") % {"max": high})
        return Cleaned([(None, None, value, "", None)])
    if kind == Kind.DATE:
        try:
            value = raw if isinstance(raw, date) else date.fromisoformat(str(raw).strip())
        except ValueError:
            raise _Refused(_("Enter a date as YYYY-MM-DD.")) from None
        return Cleaned([(None, None, None, "", value)])
    # A file: an upload object (multipart); anything else is not a file.
    if not hasattr(raw, "read"):
        raise _Refused(_("Attach a file."))
    return Cleaned([(None, None, None, "", None)], file=clean_document(raw, field=field_name(question),
                                                                     accept=FILE_KINDS))


def clean_answers(questions: list[Question], choices_of: dict[int, list[Choice]], raw_answers: dict[str, Any]
                  ) -> tuple[dict[int, Cleaned], dict[str, list[str]]]:
    """The cleaned values of every visible answered question, and the field errors (answers to hidden questions
    are dropped; an unknown key is refused so that a typo in an API client is not silently lost)."""
    errors: dict[str, list[str]] = {}
    known = {field_name(q) for q in questions}
    for key in raw_answers:
        if key not in known:
            errors[str(key)[:20]] = [_("There is no such question in this survey.")]
    cleaned: dict[int, Cleaned] = {}
    for question in visible_questions(questions, raw_answers):
        name = field_name(question)
        raw = raw_answers.get(name)
        if _empty(raw) and not hasattr(raw, "read"):
            if question.required:
                errors[name] = [_("This question is required.")]
            continue
        try:
            result = _clean_one(question, raw, choices_of.get(question.pk, []))
        except _Refused as refusal:
            errors[name] = [refusal.message]
            continue
        except ValidationFailed as exc:  # the upload checks name the field already
            errors.update({k: list(v) for k, v in exc.fields.items()})
            continue
        if result.values:
            cleaned[question.pk] = result
        elif question.required:
            errors[name] = [_("This question is required.")]
    return cleaned, errors
