"""The building-list import: CSV and XLSX files made here, checked then applied through the building services as
the staff member who uploaded them; broken files refused whole, broken rows reported by column and left unwritten,
re-imports idempotent, residents refused, and another community's buildings never touched."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from conftest import make_member
from django.utils import translation
from openpyxl import Workbook

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import PermissionDenied, ValidationFailed
from hromada.core.identity.models import Role
from hromada.housing import services
from hromada.housing.models import Building, Manager, ManagerKind, WallMaterial
from hromada.housing.reporting import importing
from hromada.housing.reporting.importing import CREATED, FAILED, UNCHANGED, UPDATED


@pytest.fixture(autouse=True)
def _english():
    """Labels and reasons are compared in English (pages default to Ukrainian, tests read the msgids)."""
    with translation.override("en"):
        yield


HEADER = "Адреса;Рік побудови;Поверховість;Квартир;Загальна площа (м2);Матеріал стін;Клас енергоефективності;Управитель"
GOOD = [
    "вул. Шевченка, 12;1975;9;144;\"7 850,40\";панельний;D;ОСББ «Затишок»",
    "просп. Миру, 3а, корп. 2;1982;5;60;3200;цегла;C;",
    "вул. Героїв Дніпра 5/1;1990;16;;;Моноліт;В;КП «Житло»",
]


def csv_file(*lines: str, encoding: str = "utf-8-sig") -> bytes:
    return "\r\n".join(lines).encode(encoding)


def xlsx_file(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def outcomes(report) -> list[str]:
    return [row.outcome for row in report.rows]


def test_a_check_writes_nothing_and_says_what_would_happen(community, community_admin):
    report = importing.building_import_check(actor=community_admin, community=community,
                                             data=csv_file(HEADER, *GOOD))
    assert (report.applied, report.format) == (False, "csv")
    assert outcomes(report) == [CREATED, CREATED, CREATED]
    assert [row.new_manager for row in report.rows] == ["ОСББ «Затишок»", "", "КП «Житло»"]
    assert not Building.objects.exists() and not Manager.objects.exists() and not AuditEvent.objects.exists()


def test_a_good_csv_is_applied_through_the_services_as_the_uploader(community, community_admin):
    report = importing.building_import_apply(actor=community_admin, community=community,
                                             data=csv_file(HEADER, *GOOD))
    assert report.counts == {CREATED: 3, UPDATED: 0, UNCHANGED: 0, FAILED: 0}
    first = Building.objects.get(street="вул. Шевченка", number="12")
    assert (first.year_built, first.floors, first.flats, first.total_area, first.wall_material, first.energy_class,
            first.created_by) == (1975, 9, 144, Decimal("7850.40"), WallMaterial.PANEL, "D", community_admin)
    assert first.manager.name == "ОСББ «Затишок»" and first.manager.kind == ManagerKind.CONDOMINIUM
    second = Building.objects.get(number="3а")
    assert (second.street, second.block, second.manager) == ("просп. Миру", "2", None)
    third = Building.objects.get(number="5/1")
    assert (third.energy_class, third.flats, third.manager.kind) == ("B", None, ManagerKind.COMPANY)
    events = AuditEvent.objects.filter(action__startswith="housing.")
    assert sorted(events.values_list("action", flat=True)) == sorted(["housing.building.created"] * 3
                                                                     + ["housing.manager.created"] * 2)
    assert set(events.values_list("actor", flat=True)) == {community_admin.pk}


def test_an_xlsx_with_english_headers_and_numeric_cells(community, community_admin):
    data = xlsx_file([["Street", "House number", "Block", "Year built", "Total area", "Latitude", "Longitude",
                       "Public", "Notes (free text)"],
                      ["вул. Соборна", 7, None, 1961, 1234.5, 49.0661, 33.4203, "ні", "Кам'яниця"],
                      [None, None, None, None, None, None, None, None, None],
                      ["вул. Соборна", "9Б", "1", 1963.0, 980, None, None, "yes", ""]])
    report = importing.building_import_apply(actor=community_admin, community=community, data=data)
    assert report.format == "xlsx"
    assert [(row.row, row.outcome) for row in report.rows] == [(2, CREATED), (4, CREATED)]
    seven = Building.objects.get(number="7")
    assert (seven.total_area, seven.lat, seven.lon, seven.is_public, seven.notes) == (
        Decimal("1234.50"), 49.0661, 33.4203, False, "Кам'яниця")
    assert Building.objects.get(number="9Б").year_built == 1963


def test_importing_the_same_file_again_changes_nothing_and_a_changed_row_updates(community, community_admin):
    data = csv_file(HEADER, *GOOD)
    importing.building_import_apply(actor=community_admin, community=community, data=data)
    events = AuditEvent.objects.count()
    again = importing.building_import_apply(actor=community_admin, community=community, data=data)
    assert outcomes(again) == [UNCHANGED] * 3
    assert (Building.objects.count(), Manager.objects.count(), AuditEvent.objects.count()) == (3, 2, events)
    # Another spelling of the same addresses, one number changed: updates, never a second building.
    changed = csv_file("Вулиця;Номер будинку;Корпус;Поверховість",
                       "Шевченка вул.;12;;10", "проспект Миру;3-А;корп. 2;5")
    report = importing.building_import_apply(actor=community_admin, community=community, data=changed)
    assert outcomes(report) == [UPDATED, UNCHANGED]
    assert report.rows[0].changed == ["floors"]
    assert Building.objects.count() == 3
    assert Building.objects.get(number="12").floors == 10
    assert Building.objects.get(number="12").year_built == 1975  # an absent column keeps its value


def test_windows_1251_is_read_and_other_encodings_are_refused(community, community_admin):
    report = importing.building_import_check(actor=community_admin, community=community,
                                             data=csv_file(HEADER, *GOOD, encoding="cp1251"))
    assert outcomes(report) == [CREATED] * 3
    for data in (csv_file(HEADER, *GOOD, encoding="utf-16-le"), b"\x00\x01\x02binary\xff" * 50):
        with pytest.raises(ValidationFailed) as refused:
            importing.building_import_check(actor=community_admin, community=community, data=data)
        assert "UTF-8" in refused.value.fields["file"][0]


@pytest.mark.parametrize(("header", "message"), [
    ("Рік побудови;Поверховість", "Адреса"),
    ("Вулиця;Поверховість", "Адреса"),
    ("Адреса;Вулиця;Номер будинку", "not both"),
    ("Адреса;Поверхів;Поверховість", "both give"),
])
def test_a_file_without_its_address_columns_is_refused_whole(community, community_admin, header, message):
    with pytest.raises(ValidationFailed) as refused:
        importing.building_import_apply(actor=community_admin, community=community,
                                        data=csv_file(header, "вул. Шевченка, 12;5;6"))
    assert message in refused.value.fields["file"][0]
    assert not Building.objects.exists()


def test_empty_files_and_other_kinds_are_refused(community, community_admin):
    for data in (b"", b"\xef\xbb\xbf", csv_file("Адреса"), xlsx_file([]), b"PK\x03\x04broken zip"):
        with pytest.raises(ValidationFailed):
            importing.building_import_check(actor=community_admin, community=community, data=data)


def test_a_bad_row_is_reported_by_column_and_writes_nothing(community, community_admin):
    data = csv_file(HEADER,
                    "вул. Шевченка, 12;тисяча;9;144;7850;панельний;D;ОСББ «Нове»",  # bad year: no manager either
                    "вул. Шевченка, 14;1975;-3;12,5;сто;солома;Z;",
                    "вул. Шевченка;1975;9;;;;;",
                    "вул. Шевченка, 16;1977;9;;;;;")
    report = importing.building_import_apply(actor=community_admin, community=community, data=data)
    assert outcomes(report) == [FAILED, FAILED, FAILED, CREATED]
    assert report.rows[0].errors == [{"column": "Рік побудови", "reason": "Enter a whole number."}]
    assert {e["column"] for e in report.rows[1].errors} == {"Поверховість", "Квартир", "Загальна площа (м2)",
                                                            "Матеріал стін", "Клас енергоефективності"}
    assert report.rows[2].errors[0]["column"] == "Адреса" and "told apart" in report.rows[2].errors[0]["reason"]
    assert list(Building.objects.values_list("number", flat=True)) == ["16"]
    assert not Manager.objects.exists()  # the bad row's new manager went with it


def test_a_row_repeating_a_building_is_reported_and_left_out(community, community_admin):
    data = csv_file("Адреса;Поверховість", "вул. Шевченка, 12;9", "вулиця Шевченка, 12;10", "вул. Шевченка, 12а;5")
    report = importing.building_import_apply(actor=community_admin, community=community, data=data)
    assert outcomes(report) == [CREATED, FAILED, CREATED]
    assert report.rows[1].errors == [{"column": "Адреса",
                                      "reason": "The same building as row 2: this row is left out."}]
    assert Building.objects.get(number="12").floors == 9


def test_a_known_manager_is_found_by_code_or_name(community, community_admin):
    manager = services.manager_create(actor=community_admin, community=community, kind=ManagerKind.COMPANY,
                                      name="ТОВ «Дім»", edrpou="12345678")
    data = csv_file("Адреса;Управитель;Код ЄДРПОУ управителя", "вул. Лесі Українки, 1;;12345678",
                    "вул. Лесі Українки, 2;тов «дім»;", "вул. Лесі Українки, 3;;87654321")
    report = importing.building_import_apply(actor=community_admin, community=community, data=data)
    assert outcomes(report) == [CREATED, CREATED, FAILED]
    assert report.rows[2].errors[0]["column"] == "Код ЄДРПОУ управителя"
    assert set(Building.objects.values_list("manager", flat=True)) == {manager.pk}


def test_too_many_rows_or_bytes_are_refused_before_anything_is_written(community, community_admin):
    rows = [f"вул. Довга, {n};5" for n in range(1, importing.MAX_ROWS + 2)]
    with pytest.raises(ValidationFailed) as refused:
        importing.building_import_apply(actor=community_admin, community=community,
                                        data=csv_file("Адреса;Поверховість", *rows))
    assert str(importing.MAX_ROWS) in refused.value.fields["file"][0]
    with pytest.raises(ValidationFailed):
        importing.building_import_check(actor=community_admin, community=community,
                                        data=b"a" * (importing.MAX_BYTES + 1))
    assert not Building.objects.exists()


def test_residents_and_officials_outside_housing_may_not_import(community, resident, official):
    for person in (resident, official):
        for step in (importing.building_import_check, importing.building_import_apply):
            with pytest.raises(PermissionDenied):
                step(actor=person, community=community, data=csv_file(HEADER, *GOOD))
    assert not Building.objects.exists()


def test_another_communitys_buildings_and_managers_are_never_matched(community, other_community, community_admin):
    theirs_admin = make_member(other_community, Role.ADMIN)
    importing.building_import_apply(actor=theirs_admin, community=other_community, data=csv_file(HEADER, *GOOD))
    report = importing.building_import_apply(actor=community_admin, community=community,
                                             data=csv_file(HEADER, *GOOD))
    assert outcomes(report) == [CREATED] * 3
    assert Building.objects.filter(community=community).count() == 3
    assert Building.objects.filter(community=other_community).count() == 3
    assert Manager.objects.filter(community=community).count() == 2
    with pytest.raises(PermissionDenied):
        importing.building_import_apply(actor=theirs_admin, community=community, data=csv_file(HEADER, *GOOD))
