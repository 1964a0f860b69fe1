"""The online form of a service, as staff define it, and a resident's answers to it.

A form is a list of fields `{"key", "label", "type", "required", "choices"}`; a "document" field asks for an
upload. Definitions and answers are both checked here, with every problem named by its field."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.errors import ValidationFailed

FIELD_TYPES = {
    "text": gettext_lazy("text"),
    "number": gettext_lazy("number"),
    "date": gettext_lazy("date"),
    "choice": gettext_lazy("choice"),
    "checkbox": gettext_lazy("checkbox"),
    "document": gettext_lazy("document (upload)"),
}
MAX_FIELDS = 30
LABEL_MAX = 200
TEXT_MAX = 2000
CHOICES_MAX = 30
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,29}$")


def definition_clean(raw) -> list[dict]:
    """A staff-written form, normalised: keys unique (given or made from the position), labels present, types
    known, choices only (and always) for a choice field. ValidationFailed(fields={"form": [...]}) otherwise."""
    if not isinstance(raw, list) or len(raw) > MAX_FIELDS:
        raise ValidationFailed(fields={"form": [_("The form is a list of at most %(max)s fields.") % {"max": MAX_FIELDS}]})
    problems: list[str] = []
    cleaned: list[dict] = []
    seen: set[str] = set()
    for position, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            problems.append(_("Field %(n)s: not a field.") % {"n": position})
            continue
        key = str(item.get("key") or f"field_{position}")
        label = " ".join(str(item.get("label") or "").split())
        kind = str(item.get("type") or "")
        choices = item.get("choices") or []
        if not _KEY.match(key) or key in seen:
            problems.append(_("Field %(n)s: the key must be unique, latin letters, digits and _.") % {"n": position})
        if not label or len(label) > LABEL_MAX:
            problems.append(_("Field %(n)s: give a label of at most %(max)s characters.") % {"n": position,
                                                                                          "max": LABEL_MAX})
        if kind not in FIELD_TYPES:
            problems.append(_("Field %(n)s: unknown type.") % {"n": position})
        if kind == "choice":
            if (not isinstance(choices, list) or not 2 <= len(choices) <= CHOICES_MAX
                    or not all(isinstance(c, str) and c.strip() for c in choices)
                    or len({c.strip() for c in choices}) != len(choices)):
                problems.append(_("Field %(n)s: a choice needs 2 to %(max)s different options.")
                                % {"n": position, "max": CHOICES_MAX})
            choices = [c.strip()[:LABEL_MAX] for c in choices if isinstance(c, str)]
        else:
            choices = []
        seen.add(key)
        cleaned.append({"key": key, "label": label, "type": kind, "required": bool(item.get("required")),
                        "choices": choices})
    if problems:
        raise ValidationFailed(fields={"form": problems})
    return cleaned


def document_fields(definition: list[dict]) -> list[dict]:
    return [f for f in definition if f["type"] == "document"]


def _answer(field: dict, raw) -> object:
    """One answer, typed; None when empty. Raises ValueError with the reason people read."""
    kind = field["type"]
    if kind == "checkbox":
        return raw in (True, "on", "true", "1", 1) or None
    text = "" if raw is None else " ".join(str(raw).split()) if kind != "text" else str(raw).strip()
    if not text:
        return None
    if kind == "text":
        if len(text) > TEXT_MAX:
            raise ValueError(_("At most %(max)s characters.") % {"max": TEXT_MAX})
        return text
    if kind == "number":
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("Give a number.")) from None
        if not number.is_finite() or abs(number) >= Decimal("1e12"):
            raise ValueError(_("Give a number."))
        return str(number)
    if kind == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(_("Give a date as YYYY-MM-DD.")) from None
    if kind == "choice":
        if text not in field["choices"]:
            raise ValueError(_("Choose one of the options."))
        return text
    return None


def answers_clean(definition: list[dict], raw: dict, uploaded_keys: set[str]) -> dict:
    """The answers to a form's fields (documents are checked by their keys in `uploaded_keys`); fields not in the
    form are ignored, a required field left empty or a wrong value is named in ValidationFailed."""
    errors: dict[str, list[str]] = {}
    answers: dict[str, object] = {}
    for field in definition:
        key = field["key"]
        if field["type"] == "document":
            if field["required"] and key not in uploaded_keys:
                errors[key] = [_("Attach this document.")]
            continue
        try:
            value = _answer(field, raw.get(key))
        except ValueError as exc:
            errors[key] = [str(exc)]
            continue
        if value is None:
            if field["required"]:
                errors[key] = [_("This field is required.")]
            continue
        answers[key] = value
    if errors:
        raise ValidationFailed(fields=errors)
    return answers


def answers_shown(definition: list[dict], answers: dict) -> list[tuple[str, object]]:
    """(label, answer) in the form's order, for the application's page."""
    return [(f["label"], answers[f["key"]]) for f in definition if f["key"] in answers]
