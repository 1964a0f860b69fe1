"""Registration index patterns: which placeholders a journal's pattern may use, checking a pattern an admin typed,
and rendering a card's index from its sequence number, year, department, case and the journal's letter."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

PLACEHOLDERS = ("seq", "year", "yy", "dept", "case", "kind")
_TOKEN = re.compile(r"\{([^{}]*)\}")
PATTERN_MAX = 100


def pattern_problems(pattern: str) -> list[str]:
    """What is wrong with `pattern` (empty when it is usable)."""
    pattern = pattern or ""
    if not pattern.strip():
        return [_("Give an index pattern, for example {seq}/{yy}.")]
    if len(pattern) > PATTERN_MAX:
        return [_("At most %(max)s characters.") % {"max": PATTERN_MAX}]
    problems = []
    names = _TOKEN.findall(pattern)
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        problems.append(_("Unknown placeholder: %(names)s. Use %(known)s.") % {
            "names": ", ".join(f"{{{n}}}" for n in unknown), "known": ", ".join(f"{{{n}}}" for n in PLACEHOLDERS)})
    if "{" in _TOKEN.sub("", pattern) or "}" in _TOKEN.sub("", pattern):
        problems.append(_("A brace is not closed: placeholders are written as {seq}."))
    if "seq" not in names:
        problems.append(_("The pattern must contain {seq}, the sequence number of the year."))
    if any(ch in pattern for ch in "\r\n\t"):
        problems.append(_("The pattern is one line."))
    return problems


def needs(pattern: str) -> set[str]:
    """The placeholders a pattern uses."""
    return set(_TOKEN.findall(pattern or ""))


def render(pattern: str, *, seq: int, year: int, dept: str = "", case: str = "", kind: str = "") -> str:
    values = {"seq": str(seq), "year": str(year), "yy": f"{year % 100:02d}", "dept": dept, "case": case,
              "kind": kind}
    return _TOKEN.sub(lambda m: values[m.group(1)], pattern)
