"""Registry facts about suppliers: reading the unified state register's open dataset (ЄДР, legal entities; XML as
data.gov.ua publishes it, or CSV with the same columns) row by row, and the import service that stores the facts.

The file is streamed (iterparse), never loaded whole: the national dataset has millions of records."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO

from defusedxml.ElementTree import iterparse
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.errors import ValidationFailed
from hromada.core.identity.actors import is_system
from hromada.core.identity.guard import require, service

from .models import RegistryRecord, Supplier, SupplierKind

# The elements (XML) or column headers (CSV) we read; the dataset has more (founders, beneficiaries, heads), which
# we leave alone: heads and founders are people, and their names are not needed to check a contractor.
COLUMNS = ("EDRPOU", "NAME", "SHORT_NAME", "ADDRESS", "KVED", "STAN", "REGISTRATION_DATE")
RECORD_TAGS = ("RECORD", "SUBJECT")  # the older files wrap each entity in RECORD, the newer in SUBJECT
MAX_PROBLEMS = 200  # problems beyond this are counted, not listed
NAME_MAX = 500
TEXT_MAX = 1000
_CODE = re.compile(r"\d{1,8}")
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")


class RegistryFileBroken(ValidationFailed):
    """The file cannot be read at all (not XML or CSV, cut off, wrong columns): nothing is imported."""

    code = "registry_file_broken"
    default_message = gettext_lazy("The registry file cannot be read.")


@dataclass(frozen=True)
class RegistryFact:
    """One legal entity's facts as the register states them."""

    code: str  # EDRPOU, eight digits
    name: str
    short_name: str
    address: str
    kved: str
    status: str
    registered_on: date | None


@dataclass
class RegistryReadReport:
    """What reading a file found: rows read, rows kept, and the problems of the rows that were skipped."""

    rows: int = 0
    kept: int = 0
    skipped: int = 0
    problems: list[dict] = field(default_factory=list)

    def problem(self, row: int, reason: str) -> None:
        self.skipped += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append({"row": row, "reason": reason})


def _text(value: str | None, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def registry_fact(values: dict[str, str]) -> RegistryFact:
    """One row's facts, checked; raises ValueError with the reason when the row cannot be used."""
    raw_code = (values.get("EDRPOU") or "").strip()
    if not _CODE.fullmatch(raw_code):
        raise ValueError(_("The EDRPOU code must be up to eight digits, not “%(code)s”.") % {"code": raw_code[:20]})
    name = _text(values.get("NAME"), NAME_MAX)
    if not name:
        raise ValueError(_("The record has no name."))
    registered_on = None
    raw_date = (values.get("REGISTRATION_DATE") or "").strip()
    if raw_date:
        for pattern in _DATE_FORMATS:
            try:
                registered_on = datetime.strptime(raw_date[:10], pattern).date()
                break
            except ValueError:
                continue
        else:
            raise ValueError(_("The registration date “%(value)s” is not a date.") % {"value": raw_date[:20]})
    return RegistryFact(code=raw_code.zfill(8), name=name, short_name=_text(values.get("SHORT_NAME"), NAME_MAX),
                        address=_text(values.get("ADDRESS"), TEXT_MAX), kved=_text(values.get("KVED"), TEXT_MAX),
                        status=_text(values.get("STAN"), 200), registered_on=registered_on)


def _xml_rows(source: IO[bytes]) -> Iterator[dict[str, str]]:
    """Each record's simple child elements as {TAG: text}; the tree is cleared as it goes."""
    root = None
    try:
        for event, element in iterparse(source, events=("start", "end"), forbid_dtd=True):
            if root is None:
                root = element
            if event == "end" and element.tag in RECORD_TAGS:
                yield {child.tag: (child.text or "") for child in element if child.tag in COLUMNS}
                element.clear()
                root.clear()  # the records already read leave the tree: memory stays flat
    except Exception as exc:  # ParseError, a DTD or entity refused by defusedxml, a codec the parser lacks
        raise RegistryFileBroken(_("The XML file is broken: %(reason)s") % {"reason": str(exc)[:200]}) from exc
    if root is None:
        raise RegistryFileBroken(_("The file is empty."))


def _csv_rows(source: IO[bytes]) -> Iterator[dict[str, str]]:
    head = source.read(4096)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the edge of the sample
            encoding = "cp1251"
    stream = io.TextIOWrapper(_Rewound(head, source), encoding=encoding, newline="")
    sample = head.decode(encoding, errors="ignore")
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(stream, delimiter=delimiter)
    try:
        header = [(name or "").strip().upper() for name in (reader.fieldnames or [])]
        missing = [name for name in ("EDRPOU", "NAME") if name not in header]
        if missing:
            raise RegistryFileBroken(_("The CSV file lacks the columns: %(columns)s.")
                                     % {"columns": ", ".join(missing)})
        reader.fieldnames = header
        for row in reader:
            yield {key: value or "" for key, value in row.items() if key in COLUMNS and isinstance(value, str)}
    except (UnicodeDecodeError, csv.Error) as exc:
        raise RegistryFileBroken(_("The CSV file is broken: %(reason)s") % {"reason": str(exc)[:200]}) from exc


class _Rewound(io.RawIOBase):
    """The bytes already read to sniff the format, then the rest of the stream: no seek needed."""

    def __init__(self, head: bytes, rest: IO[bytes]):
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size], self._head = self._head[:size], self._head[size:]
            return size
        chunk = self._rest.read(len(buffer))
        buffer[:len(chunk)] = chunk
        return len(chunk)


def registry_format(head: bytes) -> str:
    """"xml" or "csv", by the content (a byte-order mark and spaces allowed before the XML declaration)."""
    text = head.lstrip(codecs.BOM_UTF8).lstrip()
    return "xml" if text.startswith(b"<") else "csv"


def registry_read(source: IO[bytes], report: RegistryReadReport, *, wanted: set[str] | None = None
                  ) -> Iterator[RegistryFact]:
    """The facts of every usable record (only codes in `wanted` when given); problems go to the report.

    Raises RegistryFileBroken when the file as a whole cannot be read."""
    head = source.read(64)
    rest = _Rewound(head, source)
    rows: Iterable[dict[str, str]] = (_xml_rows(io.BufferedReader(rest)) if registry_format(head) == "xml"
                                      else _csv_rows(io.BufferedReader(rest)))
    for number, values in enumerate(rows, start=1):
        report.rows = number
        raw_code = (values.get("EDRPOU") or "").strip()
        if wanted is not None and raw_code.zfill(8) not in wanted:
            continue
        try:
            fact = registry_fact(values)
        except ValueError as exc:
            report.problem(number, str(exc))
            continue
        report.kept += 1
        yield fact


# The import -------------------------------------------------------------------------------------------------------

WRITE_BATCH = 2000
_KVED = re.compile(r"^\s*(\d{2}(?:\.\d{1,2}){0,2})\s*(.*)$")
_UPDATED = ("name", "short_name", "status", "address", "kved_code", "kved_name", "registration_date", "data_as_of")


def can_import_registry(actor) -> bool:
    """The register's facts are shared by every community of the install (RegistryRecord is global), so only the
    platform's operator (a superuser) and the platform itself import them, never one community's staff."""
    return is_system(actor) or bool(getattr(actor, "is_superuser", False) and getattr(actor, "is_active", False))


def supplier_codes() -> set[str]:
    """The EDRPOU codes of every organisation that supplies some community: what the import keeps by default."""
    codes = Supplier.objects.filter(kind=SupplierKind.ORGANIZATION, scheme="UA-EDR").values_list("identifier",
                                                                                                   flat=True)
    return {code for code in codes if len(code) == 8 and code.isdigit()}


def _record(fact: RegistryFact, as_of: date) -> RegistryRecord:
    match = _KVED.match(fact.kved)
    kved_code, kved_name = (match.group(1), match.group(2).strip()) if match else ("", fact.kved)
    return RegistryRecord(edrpou=fact.code, name=fact.name[:1000], short_name=fact.short_name[:500],
                          status=fact.status[:100], address=fact.address[:1000], kved_code=kved_code[:10],
                          kved_name=kved_name[:500], registration_date=fact.registered_on, data_as_of=as_of)


def _write(batch: dict[str, RegistryRecord]) -> None:
    RegistryRecord.objects.bulk_create(list(batch.values()), update_conflicts=True, unique_fields=["edrpou"],
                                       update_fields=_UPDATED)
    batch.clear()


@service
def registry_import(*, actor, source: IO[bytes], as_of: date, only_suppliers: bool = True) -> RegistryReadReport:
    """Store the register's facts from one file (XML or CSV, read as a stream), each record replacing the one with
    its code. Rows that cannot be used are skipped and reported; a file that cannot be read is refused whole and
    nothing of it stays written (one transaction)."""
    require(can_import_registry(actor), _("Only the platform's operator may import the state register."))
    if not isinstance(as_of, date) or as_of > timezone.localdate():
        raise ValidationFailed(fields={"as_of": [_("Give the date the data are as of; it cannot be in the future.")]})
    wanted = supplier_codes() if only_suppliers else None
    report = RegistryReadReport()
    with transaction.atomic():
        batch: dict[str, RegistryRecord] = {}
        for fact in registry_read(source, report, wanted=wanted):
            batch[fact.code] = _record(fact, as_of)  # a code twice in one file: its last record wins
            if len(batch) >= WRITE_BATCH:
                _write(batch)
        if batch:
            _write(batch)
        audit_record(actor=actor, community=None, action="procurement.registry.imported",
                     data={"as_of": as_of.isoformat(), "rows": report.rows, "kept": report.kept,
                           "skipped": report.skipped, "only_suppliers": only_suppliers})
    return report
