"""Turning an uploaded file into rows with our column names: CSV (comma, semicolon or tab; UTF-8 with or without
BOM, or Windows-1251, which many councils' exports still are) or JSON (a list of objects, or an object holding
one). Unknown and missing columns refuse the whole file before any row is read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from hromada.core import tabular

from .columns import COLUMNS, LOOKUP, REQUIRED, normal

MAX_BYTES = 512 * 2**20
KYIV = ZoneInfo("Europe/Kyiv")


@dataclass
class Problems:
    """Every rejected row with its row number, field and reason; the import writes nothing when any exists.
    Rows are named "row N" (CSV line, the header is row 1), "item N" (JSON) or "persons[N]" (Popolo): stable keys
    for API clients, whatever the interface language."""

    items: list[dict] = field(default_factory=list)
    limit: int = 1000  # a file wrong throughout is reported by its first thousand problems, and their total
    total: int = 0

    def add(self, row: str, field_name: str, reason: str) -> None:
        self.total += 1
        if len(self.items) < self.limit:
            self.items.append({"row": row, "field": field_name, "reason": str(reason)})

    def __bool__(self) -> bool:
        return self.total > 0


def decode(content: bytes | str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM or Windows-1251; a binary file is refused (TableRefused)."""
    return tabular.decode(content, windows_1251=True)


def looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("[", "{")


def _columns(kind: str, headers: list[str], problems: Problems, label: str) -> dict[str, str] | None:
    """header -> our column, or None after reporting unknown, repeated and missing columns."""
    mapping: dict[str, str] = {}
    for header in headers:
        column = LOOKUP[kind].get(normal(header))
        if column is None:
            problems.add(label, header, _("Unknown column. Known columns: %(known)s.")
                         % {"known": ", ".join(COLUMNS[kind])})
        elif column in mapping.values():
            problems.add(label, header, _("A second column for %(column)s.") % {"column": column})
        else:
            mapping[header] = column
    for column in REQUIRED[kind]:
        if column not in mapping.values():
            problems.add(label, column, _("Required column missing."))
    return None if problems else mapping


def rows(kind: str, content: bytes | str, problems: Problems) -> Iterator[tuple[str, dict[str, str]]]:
    """(row label, {our column: text}) for each row; header problems are reported and yield nothing."""
    try:
        text = decode(content)
    except tabular.TableRefused as refused:
        problems.add("file", "file", refused.reason)
        return
    if not text.strip():
        problems.add("file", "file", _("The file is empty."))
        return
    if looks_like_json(text):
        yield from _json_rows(kind, text, problems)
    else:
        yield from _csv_rows(kind, text, problems)


def _csv_rows(kind, text, problems):
    try:
        table = tabular.read_csv(text)
        mapping = _columns(kind, table.header, problems, "row 1")
        if mapping is None:
            return
        positions = [(i, mapping[h]) for i, h in enumerate(table.header) if h in mapping]
        for row in table.rows:
            label = f"row {row.number}"
            if len(row.cells) > table.width:
                problems.add(label, "", _("More cells than columns in the header."))
                continue
            yield label, {column: row.cell(i) for i, column in positions}
    except tabular.TableRefused as refused:
        problems.add("file", "file", refused.reason)


def _json_rows(kind, text, problems):
    try:
        data = json.loads(text)
    except ValueError as exc:
        problems.add("file", "file", _("Not JSON: %(err)s") % {"err": exc})
        return
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        data = lists[0] if len(lists) == 1 else None
    if not isinstance(data, list):
        problems.add("file", "file", _("Expected a list of objects (or an object holding one list)."))
        return
    headers = list(dict.fromkeys(k for item in data if isinstance(item, dict) for k in item))
    mapping = _columns(kind, headers, problems, "file")
    if mapping is None:
        return
    for number, item in enumerate(data, start=1):
        label = f"item {number}"
        if not isinstance(item, dict):
            problems.add(label, "", _("Not an object."))
            continue
        yield label, {mapping[k]: ("" if v is None else str(v)).strip() for k, v in item.items()
                      if k in mapping}


def parse_day(text: str) -> tuple[date, datetime | None]:
    """ISO (2024-03-05, 2024-03-05T10:15:00) or Ukrainian (05.03.2024, 05.03.2024 10:15) dates; a time gives
    the moment in Kyiv. Raises ValueError."""
    text = text.strip().replace("T", " ")
    day_part, _sep, time_part = text.partition(" ")
    if "." in day_part:
        d, m, y = day_part.split(".")
        day = date(int(y), int(m), int(d))
    else:
        day = date.fromisoformat(day_part)
    moment = None
    if time_part.strip():
        clock = time_part.strip().rstrip("Z").split("+")[0]
        parts = [int(p) for p in clock.split(":")]
        moment = datetime(day.year, day.month, day.day, *parts[:3], tzinfo=KYIV)
    return day, moment
