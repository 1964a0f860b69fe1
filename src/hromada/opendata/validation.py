"""Checking an upload before anything is published: size, type by content, encoding, and for tables
frictionless (header, ragged rows, types against the template's Table Schema).

An invalid upload raises ValidationFailed with a readable report under the field "file"."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

import frictionless
from django.conf import settings
from django.utils.translation import gettext as _

from hromada.core.errors import ValidationFailed

from .models import ResourceFormat

MAX_REPORTED = 20
_EXTENSIONS = {".csv": ResourceFormat.CSV, ".json": ResourceFormat.JSON, ".xlsx": ResourceFormat.XLSX,
               ".xml": ResourceFormat.XML, ".geojson": ResourceFormat.GEOJSON}
MIMETYPES = {ResourceFormat.CSV: "text/csv", ResourceFormat.JSON: "application/json",
             ResourceFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             ResourceFormat.XML: "application/xml", ResourceFormat.GEOJSON: "application/geo+json"}
# Table Schema type -> CKAN datastore type
CKAN_TYPES = {"integer": "int", "number": "numeric", "string": "text", "date": "date", "datetime": "timestamp",
              "boolean": "bool", "year": "int"}


@dataclass
class CheckedFile:
    format: str
    content: bytes
    size: int
    sha256: str
    mimetype: str
    table_schema: dict | None = None
    row_count: int | None = None
    warnings: list[str] = field(default_factory=list)


def _reject(messages: list[str]) -> ValidationFailed:
    shown = messages[:MAX_REPORTED]
    if len(messages) > MAX_REPORTED:
        shown.append(_("… and %(n)d more problems.") % {"n": len(messages) - MAX_REPORTED})
    return ValidationFailed(_("The file was not published: it has problems."), fields={"file": shown})


def guess_format(filename: str, declared: str = "") -> str:
    if declared:
        for choice in ResourceFormat.values:
            if choice.lower() == declared.strip().lower():
                return choice
        raise ValidationFailed(fields={"format": [_("Use CSV, JSON, XLSX, XML or GeoJSON.")]})
    ext = os.path.splitext(filename or "")[1].lower()
    if ext not in _EXTENSIONS:
        raise ValidationFailed(fields={"file": [_("Upload a CSV, JSON, XLSX, XML or GeoJSON file.")]})
    return _EXTENSIONS[ext]


def read_upload(upload) -> bytes:
    """The bytes of an uploaded file, refusing it once it passes the size limit (without reading it all)."""
    limit = settings.HROMADA_MAX_UPLOAD_BYTES
    if getattr(upload, "size", None) and upload.size > limit:
        raise _too_big(limit)
    chunks, total = [], 0
    for chunk in upload.chunks() if hasattr(upload, "chunks") else [upload.read()]:
        total += len(chunk)
        if total > limit:
            raise _too_big(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_big(limit: int) -> ValidationFailed:
    return ValidationFailed(fields={"file": [_("The file is larger than %(mb)s MB.") % {"mb": round(limit / 2**20, 1)}]})


def check_file(content: bytes, fmt: str, *, table_schema: dict | None = None) -> CheckedFile:
    """Validate `content` as `fmt`; return what the datastore and the passport need, or raise ValidationFailed."""
    if len(content) > settings.HROMADA_MAX_UPLOAD_BYTES:
        raise _too_big(settings.HROMADA_MAX_UPLOAD_BYTES)
    if not content:
        raise _reject([_("The file is empty.")])
    checked = CheckedFile(format=fmt, content=content, size=len(content),
                          sha256=hashlib.sha256(content).hexdigest(), mimetype=MIMETYPES[fmt])
    if fmt == ResourceFormat.CSV:
        _check_utf8(content)
        checked.table_schema, checked.row_count = _check_table(content, "csv", table_schema)
    elif fmt == ResourceFormat.XLSX:
        if not zipfile.is_zipfile(_BytesFile(content)):
            raise _reject([_("This is not an XLSX workbook.")])
        checked.table_schema, checked.row_count = _check_table(content, "xlsx", table_schema)
    elif fmt in (ResourceFormat.JSON, ResourceFormat.GEOJSON):
        _check_utf8(content)
        try:
            data = json.loads(content.decode("utf-8-sig"))
        except ValueError as exc:
            raise _reject([_("The JSON is not well formed: %(error)s") % {"error": exc}]) from None
        if fmt == ResourceFormat.GEOJSON:
            _check_geojson(data)
    elif fmt == ResourceFormat.XML:
        _check_xml(content)
    return checked


def _BytesFile(content: bytes):
    import io

    return io.BytesIO(content)


def _check_utf8(content: bytes) -> None:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise _reject([_("The file is not in UTF-8 (the first bad byte is on line %(line)d). "
                         "Save it as “CSV UTF-8” and upload again.") % {"line": line}]) from None


def _check_xml(content: bytes) -> None:
    head = content[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        # Entity declarations are how XML bombs and external-entity reads work; open data never needs them.
        raise _reject([_("XML with a DOCTYPE or entity declarations is not accepted.")])
    try:
        ElementTree.fromstring(content)  # noqa: S314 (DOCTYPE/entities refused above)
    except ElementTree.ParseError as exc:
        raise _reject([_("The XML is not well formed: %(error)s") % {"error": exc}]) from None


def _check_geojson(data) -> None:
    from hromada.core.errors import ValidationFailed
    from hromada.core.geo.geojson import parse_feature_collection

    try:
        parsed = parse_feature_collection(data)
    except ValidationFailed as exc:
        raise _reject([m for messages in exc.fields.values() for m in messages]) from None
    problems = [_("Feature %(n)d: %(error)s") % {"n": item.number, "error": "; ".join(item.problems)}
                for item in parsed if item.problems]
    if problems:
        raise _reject(problems[:MAX_REPORTED + 1])


def _check_table(content: bytes, fmt: str, table_schema: dict | None) -> tuple[dict, int]:
    """Run frictionless; with a template its Table Schema is binding, without one the types are inferred
    and a column whose values do not all fit the inferred type is kept as text."""
    with tempfile.NamedTemporaryFile(suffix="." + fmt, delete=False) as tmp:
        tmp.write(content)
        path = tmp.name
    try:
        if table_schema:
            schema = frictionless.Schema.from_descriptor(table_schema)
            report = _validate(path, fmt, schema)
            problems = _messages(report)
            if problems:
                raise _reject(problems)
            return schema.to_descriptor(), _rows(report)
        resource = frictionless.Resource(**_location(path), format=fmt, **_encoding(fmt))
        try:
            resource.infer()
        except frictionless.FrictionlessException as exc:
            raise _reject([str(exc.error.message)]) from None
        schema = resource.schema
        for _attempt in range(len(schema.fields) + 1):
            report = _validate(path, fmt, schema)
            bad_types = {err[1] for err in report.flatten(["type", "fieldName"]) if err[0] == "type-error"}
            if not bad_types:
                break
            for name in bad_types:
                schema.set_field_type(name, "string")
        problems = _messages(report)
        if problems:
            raise _reject(problems)
        return schema.to_descriptor(), _rows(report)
    finally:
        os.unlink(path)


def _location(path: str) -> dict:
    # frictionless refuses absolute paths as unsafe; the temporary file is named relative to its folder.
    return {"path": os.path.basename(path), "basepath": os.path.dirname(path)}


def _encoding(fmt: str) -> dict:
    return {"encoding": "utf-8"} if fmt == "csv" else {}


def _validate(path: str, fmt: str, schema):
    resource = frictionless.Resource(**_location(path), format=fmt, schema=schema, **_encoding(fmt))
    return frictionless.validate(resource, limit_errors=MAX_REPORTED * 5)


def _messages(report) -> list[str]:
    problems = []
    for row, fld, kind, message in report.flatten(["rowNumber", "fieldName", "type", "message"]):
        where = _("row %(row)s") % {"row": row} if row else _("header")
        problems.append(f"{where}{', ' + fld if fld else ''}: {kind} — {message}")
    if not problems and not report.valid:
        problems.append(_("The table could not be read."))
    return problems


def _rows(report) -> int:
    try:
        return int(report.tasks[0].stats.get("rows") or 0)
    except (IndexError, AttributeError, TypeError):
        return 0


def ckan_fields(table_schema: dict) -> list[dict]:
    """Datastore columns for a Table Schema: the header as the field id, a safe column name, a CKAN type."""
    return [{"id": fld["name"], "type": CKAN_TYPES.get(fld.get("type", "string"), "text"), "column": f"c{i}"}
            for i, fld in enumerate(table_schema.get("fields", []), start=1)]
