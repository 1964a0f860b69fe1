"""Rendering Open311 answers as JSON or as the spec's XML, and its error bodies [{code, description}].

XML element names follow the GeoReport v2 examples (services/service, service_requests/request ...)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils import timezone

# The element name of one item of each list-valued field.
# Characters XML 1.0 cannot carry at all; residents' text occasionally contains them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
ITEM_TAGS = {"endpoints": "endpoint", "formats": "format", "attributes": "attribute", "values": "value",
             "notes": "note", "extended_attributes": "extended_attribute"}


def w3c(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(parent: ET.Element, data: dict) -> None:
    for key, value in data.items():
        child = ET.SubElement(parent, key)
        if isinstance(value, dict):
            _fill(child, value)
        elif isinstance(value, list):
            for item in value:
                sub = ET.SubElement(child, ITEM_TAGS.get(key, "item"))
                if isinstance(item, dict):
                    _fill(sub, item)
                else:
                    sub.text = _text(item)
        else:
            child.text = _text(value)


def to_xml(root: str, item: str | None, payload) -> bytes:
    element = ET.Element(root)
    if item is None:
        _fill(element, payload)
    else:
        for entry in payload:
            _fill(ET.SubElement(element, item), entry)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(element, encoding="utf-8")


def respond(fmt: str, payload, *, root: str, item: str | None, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        response = HttpResponse(to_xml(root, item, payload), content_type="text/xml; charset=utf-8", status=status)
    else:
        response = HttpResponse(json.dumps(payload, ensure_ascii=False), content_type="application/json",
                                status=status)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return respond(fmt, [{"code": status, "description": str(description)}], root="errors", item="error",
                   status=status)


def refusal(request, status: int, message: str) -> HttpResponse:
    """Any refusal under /open311/ (an unknown path, a 405, a URL too long) as the spec's error list, in XML
    when the path asks for it; the spec knows 400, 403 and 404, other statuses keep their own code."""
    fmt = "xml" if request.path_info.endswith(".xml") else "json"
    return error(fmt, status, message)


def speaks_open311(response: HttpResponse) -> bool:
    """Whether a response already is the spec's error list (JSON) or <errors> document (XML)."""
    content_type = response.get("Content-Type", "")
    if response.streaming:
        return True
    if "xml" in content_type:
        return b"<errors>" in response.content[:200]
    return "json" in content_type and response.content.lstrip()[:1] == b"["
