"""Minimal valid request bodies for the API's operations, built from its own OpenAPI document.

Required properties only, each with the smallest value its schema allows (type, enum, minLength, pattern,
minimum, items); binary fields get a real PNG, so a refused write is refused for its reason, not its body."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from re import _parser as sre_parse  # the stdlib's own regex parser: a string that matches a `pattern`
from typing import Any

TEXT = "Isolation test text, long enough for every minimum. "
REF = "#/components/schemas/"


@dataclass
class Body:
    """What to send: JSON (`json`), or form fields and files (`multipart`); `schema` is the resolved schema."""

    content_type: str
    data: Any
    files: dict[str, list] = field(default_factory=dict)
    schema: dict = field(default_factory=dict)


def png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 40, 40)).save(out, format="PNG")
    return out.getvalue()


class Generator:
    def __init__(self, document: dict):
        self.components = document.get("components", {}).get("schemas", {})

    def resolve(self, schema: dict) -> dict:
        while isinstance(schema, dict) and "$ref" in schema:
            schema = self.components[schema["$ref"].removeprefix(REF)]
        return schema

    def value(self, schema: dict) -> Any:
        schema = self.resolve(schema)
        if "const" in schema:
            return schema["const"]
        if schema.get("enum"):
            return schema["enum"][0]
        for key in ("anyOf", "oneOf"):
            if key in schema:
                options = [s for s in schema[key] if self.resolve(s).get("type") != "null"] or schema[key]
                return self.value(options[0])
        if "allOf" in schema:
            merged: dict = {}
            for part in schema["allOf"]:
                merged.update(self.resolve(part))
            return self.value(merged)
        kind = schema.get("type", "object" if "properties" in schema else "string")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        return getattr(self, f"_{kind}")(schema)

    def _object(self, schema: dict) -> dict:
        properties = schema.get("properties", {})
        return {name: self.value(properties.get(name, {})) for name in schema.get("required", [])}

    def _array(self, schema: dict) -> list:
        count = max(schema.get("minItems", 1), 1)
        if "maxItems" in schema:
            count = min(count, schema["maxItems"])
        return [self.value(schema.get("items", {})) for _ in range(count)]

    def _string(self, schema: dict) -> str:
        special = {"date-time": "2026-01-15T10:00:00+02:00", "date": "2026-01-15", "email": "isolation@example.com",
                   "uri": "https://example.com/", "uuid": "00000000-0000-4000-8000-000000000000",
                   "time": "10:00:00"}
        if schema.get("format") in special:
            return special[schema["format"]]
        if "pattern" in schema:
            text = example_of(schema["pattern"])
        else:
            # Minimum lengths count visible characters (core.text.visible_length): grow until the spaces are paid for.
            wanted, text = max(schema.get("minLength", 0), 12), TEXT.strip()
            while len("".join(text.split())) < wanted:
                text += " " + TEXT.strip()
            length = len(text)
            while length > wanted and len("".join(text[:length - 1].split())) >= wanted:
                length -= 1
            text = text[:length].strip()
        return text[:schema["maxLength"]] if "maxLength" in schema else text

    def _integer(self, schema: dict) -> int:
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0) + 1 if "exclusiveMinimum" in schema else 1)
        high = schema.get("maximum", low)
        return int(min(max(low, 1), high))

    def _number(self, schema: dict) -> float:
        low, high = schema.get("minimum", float("-inf")), schema.get("maximum", float("inf"))
        return float(min(max(0.0, low), high))

    def _boolean(self, schema: dict) -> bool:
        return False

    def _null(self, schema: dict) -> None:
        return None

    def body(self, operation: dict) -> Body | None:
        """The minimal valid body of an OpenAPI operation, or None when it takes none."""
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" in content:
            schema = content["application/json"]["schema"]
            return Body("application/json", self.value(schema), schema=schema)
        if "multipart/form-data" in content:
            schema = self.resolve(content["multipart/form-data"]["schema"])
            data, files = {}, {}
            for name in schema.get("required", []):
                prop = self.resolve(schema.get("properties", {}).get(name, {}))
                items = self.resolve(prop.get("items", {})) if prop.get("type") == "array" else prop
                if items.get("format") == "binary":
                    files[name] = [(f"{name}.png", png())]
                else:
                    data[name] = self.value(prop)
            return Body("multipart/form-data", data, files, schema=schema)
        return None


def example_of(pattern: str) -> str:
    """A short string that `re.search(pattern)` accepts: each repeat at its minimum, each branch's first choice."""
    text = _emit(sre_parse.parse(pattern))
    assert re.search(pattern, text), f"no example for {pattern!r}"
    return text


def _emit(parsed) -> str:
    out = []
    for op, arg in parsed:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "IN":
            out.append(_first_of(arg))
        elif name == "ANY":
            out.append("a")
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, sub = arg
            out.append(_emit(sub) * low)
        elif name == "SUBPATTERN":
            out.append(_emit(arg[-1]))
        elif name == "BRANCH":
            out.append(_emit(arg[1][0]))
        elif name == "CATEGORY":
            out.append(_category(arg))
    return "".join(out)


def _first_of(items) -> str:
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            return chr(arg)
        if name == "RANGE":
            return chr(arg[0])
        if name == "CATEGORY":
            return _category(arg)
    return "a"


def _category(arg) -> str:
    name = str(arg)
    return "0" if "DIGIT" in name and "NOT" not in name else " " if "SPACE" in name and "NOT" not in name else "a"
