"""The import of a building list: each row checked and written by the same services the building form calls
(building_create / building_update, manager_create for a manager not yet known), as the staff member who uploaded it.

Each row is its own savepoint (in batches committed together): a row with any error changes nothing and is
reported with its columns and reasons, the other rows are applied. A building is found by its address key
(addresses.address_key), so importing the same file again updates, or leaves unchanged, instead of adding a second
copy. An empty cell never erases a value."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.errors import DomainError, PermissionDenied
from hromada.core.identity.guard import require, service
from hromada.housing import policies
from hromada.housing import services as housing
from hromada.housing.models import Building, EnergyClass, Manager, ManagerKind, RoofType, WallMaterial

from .addresses import address_key, split_address
from .columns import LABELS, column_of
from .reading import read_table, refuse

MAX_ROWS = 10_000
MAX_BYTES = 10 * 2**20
BATCH = 50
# Cells passed to the services as text: their Checker parses numbers ("1 234,50" too) and says what is wrong.
PASSED = ("lat", "lon", "year_built", "floors", "entrances", "flats", "non_residential_units", "total_area",
          "living_area", "non_residential_area", "notes")
COMPARED = tuple(name for name in housing.BUILDING_FIELDS if name not in ("street", "number", "block"))
# Spellings of choice values met in councils' spreadsheets, besides our codes and labels in both languages.
SYNONYMS: dict[str, dict[str, str]] = {
    "wall_material": {"панель": "panel", "панельний": "panel", "панельні": "panel", "цегла": "brick",
                      "цегляний": "brick", "цегляні": "brick", "моноліт": "monolith", "монолітний": "monolith",
                      "блоки": "block", "блочний": "block", "блок": "block", "дерево": "wood",
                      "дерев'яний": "wood", "інше": "other", "інший": "other"},
    "roof_type": {"плоска": "flat", "плоский": "flat", "скатна": "pitched", "скатний": "pitched",
                  "похила": "pitched", "інша": "other", "інше": "other"},
    # Cyrillic letters that look like the Latin classes.
    "energy_class": {"а": "A", "в": "B", "с": "C", "е": "E"},
    "manager_kind": {"осбб": "condominium", "об'єднання співвласників": "condominium", "жбк": "condominium",
                     "управитель": "company", "управляюча компанія": "company", "ук": "company",
                     "кп": "company", "рада": "council", "міська рада": "council", "council": "council",
                     "безпосереднє управління": "council", "інше": "other"},
}
CHOICES = {"wall_material": WallMaterial, "roof_type": RoofType, "energy_class": EnergyClass,
           "manager_kind": ManagerKind}
YES = {"так", "т", "yes", "y", "true", "1", "+", "публічний", "public"}
NO = {"ні", "н", "no", "n", "false", "0", "-", "прихований", "hidden"}
# A service's field -> the column of the file it came from.
FIELD_COLUMNS = {"manager_id": "manager", "kind": "manager_kind", "name": "manager", "edrpou": "manager_edrpou"}

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
OUTCOMES = {CREATED: gettext_lazy("added"), UPDATED: gettext_lazy("updated"),
            UNCHANGED: gettext_lazy("unchanged"), FAILED: gettext_lazy("not imported")}
CHECK_OUTCOMES = {CREATED: gettext_lazy("will be added"), UPDATED: gettext_lazy("will be updated"),
                  UNCHANGED: gettext_lazy("unchanged"), FAILED: gettext_lazy("will not be imported")}


@dataclass
class RowReport:
    row: int  # the row as the spreadsheet numbers it (the header is row 1)
    address: str
    outcome: str = FAILED
    building_id: int | None = None
    changed: list[str] = field(default_factory=list)  # our columns whose value the row changes
    errors: list[dict[str, str]] = field(default_factory=list)  # {"column": header in the file, "reason": ...}
    new_manager: str = ""


@dataclass
class ImportReport:
    applied: bool  # False: a check that wrote nothing
    format: str
    columns: list[list[str]]  # [header in the file, our column or ""]: what was read and what was ignored
    rows: list[RowReport] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def counts(self) -> dict[str, int]:
        return {outcome: self.count(outcome) for outcome in (CREATED, UPDATED, UNCHANGED, FAILED)}

    @property
    def ignored(self) -> list[str]:
        return [header for header, column in self.columns if not column]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ImportReport:
        return cls(applied=data["applied"], format=data["format"], columns=data["columns"],
                   rows=[RowReport(**row) for row in data["rows"]])


class _Undo(Exception):
    """Raised inside a row's transaction to roll back what a check (or an unchanged update) wrote."""


Progress = Callable[[int, int], None]


@service
def building_import_check(*, actor, community, data: bytes, progress: Progress | None = None) -> ImportReport:
    """What importing `data` would do, row by row, with every error: the services run and are rolled back."""
    require(policies.is_editor(actor, community), _("Only the community's housing editors may import buildings."))
    return _import(actor, community, data, apply=False, progress=progress)


@service
def building_import_apply(*, actor, community, data: bytes, progress: Progress | None = None) -> ImportReport:
    """Import `data`: every row without errors is written (each in its own transaction), the others are reported."""
    require(policies.is_editor(actor, community), _("Only the community's housing editors may import buildings."))
    return _import(actor, community, data, apply=True, progress=progress)


def read_rows(data: bytes) -> tuple[str, list[list[str]], dict[int, str], list[tuple[int, list[str]]]]:
    """(format, [[header, column]], {cell index: column}, rows) of a whole file; a file that cannot be imported
    at all (unreadable, too large, too many rows, columns missing or repeated) raises ValidationFailed."""
    if len(data) > MAX_BYTES:
        raise refuse(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // 2**20})
    table = read_table(data, max_rows=MAX_ROWS)
    positions: dict[int, str] = {}
    columns = []
    for index, header in enumerate(table.header):
        column = column_of(header) if header else None
        if column and column in positions.values():
            first = next(h for h, c in columns if c == column)
            raise refuse(_("The columns \"%(first)s\" and \"%(second)s\" both give the %(column)s.")
                         % {"first": first, "second": header, "column": LABELS[column]})
        if column:
            positions[index] = column
        columns.append([header, column or ""])
    given = set(positions.values())
    if "address" not in given and not {"street", "number"} <= given:
        raise refuse(_("The file needs an \"Адреса\" (address) column, or \"Вулиця\" (street) and \"Номер "
                       "будинку\" (house number) columns, in its first row."))
    if {"address", "street"} <= given or {"address", "number"} <= given:
        raise refuse(_("Give the address either in one \"Адреса\" column or as street and house number, not both."))
    rows = list(table.rows)
    if not rows:
        raise refuse(_("The file has a header but no rows."))
    return table.format, columns, positions, rows


def _import(actor, community, data: bytes, *, apply: bool, progress: Progress | None) -> ImportReport:
    file_format, columns, positions, rows = read_rows(data)
    headers = {column: header for header, column in columns if column}
    report = ImportReport(applied=apply, format=file_format, columns=columns)
    buildings = {row["pk"]: row for row in Building.objects.for_community(community).values("pk", "street", "number",
                                                                                            "block", *COMPARED)}
    known = {address_key(b["street"], b["number"], b["block"]): pk for pk, b in buildings.items()}
    managers = _Managers(community)
    seen: dict[tuple[str, str, str], int] = {}
    for start in range(0, len(rows), BATCH):
        # One commit per batch, each row inside it a savepoint of its own: a wrong row is still undone alone, and
        # a database that syncs every commit to disk (SQLite) is not asked to once per row.
        with transaction.atomic():
            for number, cells in rows[start:start + BATCH]:
                cell = {column: cells[index] if index < len(cells) else "" for index, column in positions.items()}
                report.rows.append(_row(actor, community, number, cell, headers, apply=apply, buildings=buildings,
                                        known=known, managers=managers, seen=seen))
        if progress:
            progress(len(report.rows), len(rows))
    return report


class _Managers:
    """The community's managers by EDRPOU code and by name (read once), and those the import added."""

    def __init__(self, community) -> None:
        self.by_code: dict[str, int] = {}
        self.by_name: dict[str, int] = {}
        for pk, name, code in Manager.objects.for_community(community).values_list("pk", "name", "edrpou"):
            self.remember(pk, name, code)

        self.planned: set[str] = set()  # managers a check found it would add (a check adds nothing)

    def plan(self, name: str) -> None:
        self.planned.add(" ".join(name.split()).casefold())

    def is_planned(self, name: str) -> bool:
        return " ".join(name.split()).casefold() in self.planned

    def remember(self, pk: int, name: str, code: str) -> None:
        if code:
            self.by_code[code] = pk
        self.by_name.setdefault(" ".join(name.split()).casefold(), pk)

    def find(self, name: str, code: str) -> int | None:
        if code and code in self.by_code:
            return self.by_code[code]
        return self.by_name.get(" ".join(name.split()).casefold()) if name else None


def _choice(column: str, text: str) -> str:
    """Our code for a choice cell: the code itself, a label in English or Ukrainian, or a known spelling."""
    wanted = " ".join(text.replace("\u2019", "'").split()).casefold()
    found = _spellings(column, translation.get_language() or "").get(wanted)
    if found is None:
        raise ValueError(_("Unknown value \"%(value)s\"; use one of: %(known)s.")
                         % {"value": text, "known": ", ".join(str(label) for label in CHOICES[column].labels)})
    return found


@functools.lru_cache(maxsize=32)
def _spellings(column: str, language: str) -> dict[str, str]:
    """Every accepted spelling of a choice column's values (labels are fixed per language: built once)."""
    choices = CHOICES[column]
    table = dict(SYNONYMS.get(column, {}))
    for code in ("en", "uk", language or "en"):
        with translation.override(code):
            table.update({str(label).casefold(): value for value, label in choices.choices})
    table.update({str(value).casefold(): value for value in choices.values})
    return table


def _parse(cell: dict[str, str], problems: dict[str, list[str]]) -> tuple[tuple[str, str, str], dict[str, Any]]:
    """((street, number, block), the services' values) of a row; problems are collected by our column."""
    address = ("", "", "")
    if cell.get("address"):
        try:
            address = split_address(cell["address"])
        except ValueError as exc:
            problems.setdefault("address", []).append(str(exc))
    elif "address" in cell:
        problems.setdefault("address", []).append(_("The address is empty."))
    else:
        address = (cell.get("street", ""), cell.get("number", ""), cell.get("block", ""))
        for column in ("street", "number"):
            if not cell.get(column):
                problems.setdefault(column, []).append(_("This field is required."))
    values: dict[str, Any] = {}
    for column in PASSED:
        if cell.get(column):
            values[column] = cell[column].replace(",", ".") if column in ("lat", "lon") else cell[column]
    for column in ("wall_material", "roof_type", "energy_class"):
        if cell.get(column):
            try:
                values[column] = _choice(column, cell[column])
            except ValueError as exc:
                problems.setdefault(column, []).append(str(exc))
    if cell.get("is_public"):
        answer = cell["is_public"].strip().casefold()
        if answer in YES | NO:
            values["is_public"] = answer in YES
        else:
            problems.setdefault("is_public", []).append(_("Write \"так\" or \"ні\" (yes or no)."))
    return address, values


def _row(actor, community, number: int, cell: dict[str, str], headers: dict[str, str], *, apply: bool,
         buildings: dict[int, dict], known: dict, managers: _Managers, seen: dict) -> RowReport:
    problems: dict[str, list[str]] = {}
    (street, house, block), values = _parse(cell, problems)
    line = RowReport(row=number, address=cell.get("address") or ", ".join(p for p in (street, house, block) if p))
    key = address_key(street, house, block)
    if not problems and key in seen:
        problems.setdefault("address" if "address" in headers else "number", []).append(
            _("The same building as row %(row)s: this row is left out.") % {"row": seen[key]})
    manager_name, manager_code = cell.get("manager", ""), cell.get("manager_edrpou", "")
    new_manager: dict[str, Any] | None = None
    if manager_name or manager_code:
        manager_id = managers.find(manager_name, manager_code)
        if manager_id is not None:
            values["manager_id"] = manager_id
        elif not manager_name:
            problems.setdefault("manager_edrpou", []).append(
                _("No manager of this community has this code; give the manager's name to add it."))
        else:
            new_manager = {"name": manager_name, "edrpou": manager_code}
            try:
                new_manager["kind"] = _choice("manager_kind", cell.get("manager_kind") or _guess_kind(manager_name))
            except ValueError as exc:
                problems.setdefault("manager_kind", []).append(str(exc))
    if problems.keys() & {"address", "street", "number", "block"}:
        return _failed(line, problems, headers)
    seen[key] = number
    building_id = known.get(key)
    try:
        # With problems of its own already found, the row still runs (and is undone) so that the services name
        # every other wrong cell of it too: one pass over the file finds all its mistakes.
        with transaction.atomic():
            if new_manager and not apply and managers.is_planned(new_manager["name"]):
                line.new_manager = new_manager["name"]  # checked with an earlier row: not added again
            elif new_manager:
                manager = housing.manager_create(actor=actor, community=community, **new_manager)
                values["manager_id"] = manager.pk
                line.new_manager = manager.name
            if building_id is None:
                building = housing.building_create(actor=actor, community=community, street=street, number=house,
                                                   block=block, **values)
                line.outcome = CREATED
            else:
                before = buildings[building_id]
                building = housing.building_update(actor=actor, community=community, building_id=building_id,
                                                   **values)
                line.changed = [name for name in COMPARED if getattr(building, name) != before[name]]
                line.outcome = UPDATED if line.changed else UNCHANGED
            line.building_id = building.pk if apply else building_id
            if problems or not apply or line.outcome == UNCHANGED:
                raise _Undo
    except _Undo:
        pass
    except PermissionDenied:
        raise
    except DomainError as exc:  # invalid cells, or a conflict: the address taken by a spelling the key missed
        for name, reasons in (exc.fields or {"": [str(exc.message)]}).items():
            problems.setdefault(name, []).extend(reasons)
    if problems:
        line.new_manager, line.changed, line.building_id = "", [], None
        return _failed(line, problems, headers)
    if apply:
        if line.outcome == CREATED:
            known[key] = building.pk
        if line.outcome in (CREATED, UPDATED):
            buildings[building.pk] = {name: getattr(building, name) for name in ("street", "number", "block",
                                                                                 *COMPARED)}
        if new_manager:
            managers.remember(values["manager_id"], new_manager["name"], new_manager.get("edrpou", ""))
    elif new_manager:
        managers.plan(new_manager["name"])
    return line


def _guess_kind(name: str) -> str:
    folded = name.casefold()
    if "осбб" in folded or "співвласник" in folded or "жбк" in folded:
        return ManagerKind.CONDOMINIUM
    if "рада" in folded or "council" in folded:
        return ManagerKind.COUNCIL
    return ManagerKind.COMPANY


def _failed(line: RowReport, problems: dict[str, list[str]], headers: dict[str, str]) -> RowReport:
    line.outcome = FAILED
    for name, reasons in problems.items():
        column = FIELD_COLUMNS.get(name, name)
        if column in ("street", "number", "block") and "address" in headers:
            column = "address"
        header = headers.get(column, "")
        line.errors += [{"column": header, "reason": str(reason)} for reason in reasons]
    return line
