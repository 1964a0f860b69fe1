"""Parsing of untrusted request values every surface shares: bounded integers, ISO dates and date-times, JSON.

Each parser raises ValidationFailed naming the parameter, so no impossible value ever reaches the database."""

from __future__ import annotations

import json
import operator
import re
from datetime import UTC, date, datetime, time, tzinfo
from itertools import accumulate, count

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from hromada.core.errors import ValidationFailed

# The deepest offset any listing accepts. Both databases keep OFFSET as a signed 64-bit integer, and a
# harvester never walks this far; a bound this low keeps offset + limit (and page * size) far from overflow.
MAX_OFFSET = 10**9
# Deeper JSON than any of our schemas has is refused before parsing: the parser recurses once per level.
MAX_JSON_DEPTH = 64
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
# An opening bracket becomes 2 and a closing one 0, so the running sum minus the count of brackets is the depth.
_AS_STEP = bytes.maketrans(b"[{]}", b"\x02\x02\x00\x00")


def _refuse(name: str, message) -> ValidationFailed:
    return ValidationFailed(fields={name: [message]})


def bounded_int(raw, name: str, *, default: int | None = None, low: int = 0, high: int = MAX_OFFSET) -> int:
    """A whole number within [low, high]; blank gives `default` (or refuses when there is none).

    Only plain decimal digits with an optional sign count: "1e19", "1.0", "0x10" and "١٢" are refused."""
    if isinstance(raw, bool):
        raise _refuse(name, _("Invalid integer"))
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if default is None:
            raise _refuse(name, _("Missing value"))
        return default
    if isinstance(raw, int):
        number = raw
    else:
        text = str(raw).strip()
        # The length check keeps int() from spending time on megabytes of digits.
        if len(text) > 20 or not re.fullmatch(r"[+-]?[0-9]+", text, flags=re.ASCII):
            raise _refuse(name, _("Invalid integer"))
        number = int(text)
    if not low <= number <= high:
        raise _refuse(name, _("Must be between %(low)s and %(high)s") % {"low": low, "high": high})
    return number


def page_number(raw, name: str, *, size: int, default: int = 1) -> int:
    """A 1-based page whose rows start at most MAX_OFFSET rows deep."""
    return bounded_int(raw, name, default=default, low=1, high=MAX_OFFSET // max(size, 1) + 1)


def iso_date(raw, name: str) -> date:
    """A calendar date YYYY-MM-DD that exists (no 2026-02-30, no year 0)."""
    text = str(raw or "").strip()
    try:
        value = parse_date(text)
    except ValueError:
        value = None
    if value is None:
        raise _refuse(name, _("Not a valid date (YYYY-MM-DD)."))
    return value


def iso_datetime(raw, name: str, *, default_tz: tzinfo = UTC, end_of_day: bool = False) -> datetime:
    """An aware date-time from ISO 8601 / W3C text ("Z" and a bare date accepted; a bare date is its first or,
    with end_of_day, its last moment). Impossible dates and times, and moments that leave the representable
    range once moved to UTC, are refused."""
    text = str(raw or "").strip()
    try:
        value = parse_datetime(text.replace("z", "Z").replace("Z", "+00:00")) if "T" in text or " " in text else None
        if value is None and "T" not in text:
            day = parse_date(text)
            if day is not None:
                value = datetime.combine(day, time.max if end_of_day else time.min)
    except ValueError:
        value = None
    if value is None:
        raise _refuse(name, _("Not a valid date-time (ISO 8601, e.g. 2026-11-01T00:00:00+02:00)."))
    if timezone.is_naive(value):
        value = timezone.make_aware(value, default_tz)
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise _refuse(name, _("The date-time is out of range.")) from None
    return value


def json_depth(body: bytes) -> int:
    """How deeply arrays and objects nest in a JSON text, counted without parsing it (in C-speed steps: no
    regular expression, whose backtracking an unterminated string could make quadratic)."""
    # Escaped backslashes, then escaped quotes, go first; every quote left opens or closes a string.
    unescaped = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(unescaped.split(b'"')[::2])
    steps = outside.translate(None, _NOT_BRACKET).translate(_AS_STEP)
    return max(map(operator.sub, accumulate(steps), count(1)), default=0)


def json_loads(body: bytes | str, *, name: str = "__body", max_depth: int = MAX_JSON_DEPTH):
    """Parse a JSON request body; malformed, non-UTF-8 or nested deeper than `max_depth` is ValidationFailed."""
    raw = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else bytes(body)
    if json_depth(raw) > max_depth:
        raise ValidationFailed(_("JSON nested too deeply"), fields={
            name: [_("JSON may nest at most %(depth)s levels deep.") % {"depth": max_depth}]})
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ValidationFailed(_("JSON Error"), fields={name: [_("Could not parse the request body as JSON")]}) \
            from None
