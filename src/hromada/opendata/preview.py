"""What the table preview shows people: columns by their human titles (the Table Schema's `title` when the
file's or the template's schema has one, else the header made readable) and numbers, dates and yes/no values
written the Ukrainian way. The data itself (dumps, the API) keeps the headers and values as published."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

NUMERIC = {"int", "numeric", "float"}


def _titles(*schemas: dict | None) -> dict[str, str]:
    titles: dict[str, str] = {}
    for schema in schemas:
        for field in (schema or {}).get("fields", []):
            if field.get("title") and field.get("name") and field["name"] not in titles:
                titles[field["name"]] = str(field["title"])
    return titles


def readable(header: str) -> str:
    """"chlorine_mg_l" -> "Chlorine mg l": a header with no title, made readable without changing its words."""
    text = " ".join(header.replace("_", " ").replace("-", " ").split())
    return text[:1].upper() + text[1:] if text else header


def columns(fields: list[dict], *, version_schema: dict | None, template_schema: dict | None) -> list[dict]:
    """[{"id", "title", "type", "numeric"}] for the datastore fields shown (the row number first)."""
    titles = _titles(version_schema, template_schema)
    shown = []
    for field in fields:
        if field["id"] == "_id":
            shown.append({"id": "_id", "title": _("No."), "type": "int", "numeric": True})
            continue
        shown.append({"id": field["id"], "title": titles.get(field["id"]) or readable(field["id"]),
                      "type": field["type"], "numeric": field["type"] in NUMERIC})
    return shown


def cell(value, kind: str) -> str:
    """One value as people read it: 1 234,5 for numbers, 06.01.2025 for dates, так/ні for booleans."""
    if value is None or value == "":
        return ""
    if kind == "bool":
        return _("yes") if value else _("no")
    if kind in NUMERIC:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        if kind == "int" and number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        return number_format(number, use_l10n=True, force_grouping=True)
    if kind == "date":
        try:
            return date_format(date.fromisoformat(str(value)), "d.m.Y")
        except ValueError:
            return str(value)
    if kind == "timestamp":
        try:
            return date_format(datetime.fromisoformat(str(value)), "d.m.Y H:i")
        except ValueError:
            return str(value)
    return str(value)
