"""Typed layer schemas: checking a layer's property schema and coercing feature properties against it.

Forms and CSV give strings, GeoJSON and the API give JSON values; both go through `clean_properties`."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import PROPERTY_TYPES

TYPES = tuple(code for code, _label in PROPERTY_TYPES)
# Keys the GeoJSON output and the CSV import already use for the feature itself.
RESERVED_KEYS = {"id", "name", "address", "lat", "lon", "latitude", "longitude", "geometry", "layer", "type"}
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,24}$")
TRUE = {"true", "1", "yes", "y", "так", "t"}
FALSE = {"false", "0", "no", "n", "ні", "f"}
MAX_FIELDS = 40
MAX_TEXT = 1000


def validate_schema(raw: Any) -> list[dict]:
    """Return the schema in canonical form, or raise ValidationFailed listing every bad field."""
    from hromada.core.errors import ValidationFailed

    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        raise ValidationFailed(fields={"schema": [_("Expected a list of fields.")]})
    if len(raw) > MAX_FIELDS:
        raise ValidationFailed(fields={"schema": [_("At most %(n)d fields.") % {"n": MAX_FIELDS}]})
    cleaned, errors, seen = [], [], set()
    for i, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            errors.append(_("Field %(i)d: expected an object with key, label, type.") % {"i": i})
            continue
        key = str(item.get("key", "")).strip()
        ftype = str(item.get("type", "string")).strip()
        label = str(item.get("label", "") or key).strip()[:100]
        label_en = str(item.get("label_en", "") or "").strip()[:100]
        if not KEY_RE.match(key):
            errors.append(_("Field %(i)d: the key must be lower-case latin letters, digits or _.") % {"i": i})
        elif key in RESERVED_KEYS:
            errors.append(_("Field %(i)d: the key “%(key)s” is reserved.") % {"i": i, "key": key})
        elif key in seen:
            errors.append(_("Field %(i)d: the key “%(key)s” is repeated.") % {"i": i, "key": key})
        if ftype not in TYPES:
            errors.append(_("Field %(i)d: the type must be one of %(types)s.") % {"i": i, "types": ", ".join(TYPES)})
        seen.add(key)
        field = {"key": key, "label": label, "type": ftype, "required": bool(item.get("required", False))}
        if label_en:
            field["label_en"] = label_en
        cleaned.append(field)
    if errors:
        raise ValidationFailed(fields={"schema": errors})
    return cleaned


def field_label(field: dict) -> str:
    """The label in the current language: `label` is Ukrainian, `label_en` the optional English one."""
    if (get_language() or "uk").startswith("en") and field.get("label_en"):
        return field["label_en"]
    return field["label"] or field["key"]


def _coerce(ftype: str, value: Any) -> Any:
    """One value of a declared type; raises ValueError with a translatable reason."""
    if ftype == "number":
        if isinstance(value, bool):
            raise ValueError(_("Enter a number."))
        if isinstance(value, (int, float)):
            number = value
        else:
            try:
                number = float(str(value).strip().replace(",", ".").replace(" ", ""))
            except ValueError:
                raise ValueError(_("Enter a number.")) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(_("Enter a number."))
        return int(number) if float(number).is_integer() and abs(number) < 2**53 else number
    if ftype == "boolean":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise ValueError(_("Enter yes or no."))
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise ValueError(_("At most %(n)d characters.") % {"n": MAX_TEXT})
    if ftype == "url":
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            raise ValueError(_("Enter a web address starting with http:// or https://.")) from None
    elif ftype == "email":
        try:
            EmailValidator()(text)
        except ValidationError:
            raise ValueError(_("Enter a valid email address.")) from None
    elif ftype == "phone":
        if not PHONE_RE.match(text):
            raise ValueError(_("Enter a phone number such as +380 53 200 00 00."))
    elif ftype == "date":
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(_("Enter a date as YYYY-MM-DD.")) from None
    return text


def clean_properties(schema: list[dict], raw: Any) -> tuple[dict, dict[str, list[str]]]:
    """(typed properties, field errors) for `raw` against `schema`; empty values are left out."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        return {}, {"properties": [_("Expected an object of properties.")]}
    declared = {f["key"]: f for f in schema}
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    unknown = sorted(str(k) for k in raw if k not in declared)
    if unknown:
        errors["properties"] = [_("Unknown properties: %(keys)s.") % {"keys": ", ".join(unknown)}]
    for key, field in declared.items():
        value = raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if field["required"]:
                errors[key] = [_("This property is required.")]
            continue
        try:
            cleaned[key] = _coerce(field["type"], value)
        except ValueError as exc:
            errors[key] = [str(exc)]
    return cleaned, errors


# The typographic apostrophes Ukrainian text uses, all searched as the plain one ("пʼятниця" = "п'ятниця").
_APOSTROPHES = str.maketrans({"\u02bc": "'", "\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})


def search_normal(text: str) -> str:
    """Lower case (Python's, which knows Cyrillic) with one apostrophe: how search text is stored and asked."""
    return (text or "").lower().translate(_APOSTROPHES)
