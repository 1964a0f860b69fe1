"""The work report on a known fixture: exact totals by building, manager, period and kind, for the staff and for the
public (public works of public buildings, unpublished managers unnamed); the CSV parsed back, the PDF's text read
with pypdf, query counts pinned, and another community's works never counted."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from conftest import make_member
from django.utils import translation
from pypdf import PdfReader

from hromada.core.identity.models import Role
from hromada.housing import services
from hromada.housing.models import ManagerKind, WorkKind, WorkStatus
from hromada.housing.reporting import reports
from hromada.housing.reporting.reports import ReportFilter

URL = "/c/{slug}/housing/reports/works/"


@pytest.fixture(autouse=True)
def _english():
    """Labels and reasons are compared in English (pages default to Ukrainian, tests read the msgids)."""
    with translation.override("en"):
        yield


@pytest.fixture
def estate(community, community_admin):
    """Three buildings (one unpublished), two managers (one unpublished), six works of every status."""
    actor = community_admin

    def building(street, number, **extra):
        return services.building_create(actor=actor, community=community, street=street, number=number, **extra)

    def work(on, kind, status, **extra):
        return services.work_create(actor=actor, community=community, building_id=on.pk, kind=kind, status=status,
                                    title=f"{kind} {on.number}", **extra)

    cosy = services.manager_create(actor=actor, community=community, kind=ManagerKind.CONDOMINIUM, name="ОСББ «Затишок»")
    hidden = services.manager_create(actor=actor, community=community, kind=ManagerKind.COMPANY, name="КП «Житло»",
                                     is_public=False)
    shevchenka = building("вул. Шевченка", "12", manager_id=cosy.pk)
    myru = building("просп. Миру", "3", manager_id=hidden.pk)
    sobornа = building("вул. Соборна", "7", is_public=False)
    work(shevchenka, WorkKind.REPAIR, WorkStatus.DONE, cost_planned="100000", cost_actual="95000.50",
         actual_start="2025-03-01", actual_end="2025-03-20")
    work(shevchenka, WorkKind.CAPITAL_REPAIR, WorkStatus.PLANNED, cost_planned="500000", planned_start="2026-06-01")
    work(shevchenka, WorkKind.MAINTENANCE, WorkStatus.DONE, cost_planned="1000", cost_actual="1200",
         actual_start="2025-11-10", actual_end="2025-11-10", is_public=False)
    work(myru, WorkKind.REPAIR, WorkStatus.CANCELLED, cost_planned="30000", planned_start="2025-05-01")
    work(myru, WorkKind.INSPECTION, WorkStatus.IN_PROGRESS, cost_planned="2000", actual_start="2026-01-15")
    work(sobornа, WorkKind.REPAIR, WorkStatus.DONE, cost_planned="7000", cost_actual="6500",
         actual_start="2025-07-01", actual_end="2025-07-02")
    return {"shevchenka": shevchenka, "myru": myru, "soborna": sobornа, "cosy": cosy, "hidden": hidden}


def rows(user, community, **query):
    report_filter = ReportFilter.from_query(query)
    return [(r.label, r.works, r.planned, r.done, r.cancelled, r.cost_planned, r.cost_actual)
            for r in (reports.report_row(report_filter.group, report_filter.period, values) for values in
                      reports.report_groups(user=user, community=community, report_filter=report_filter))]


def totals(user, community, **query):
    t = reports.report_totals(user=user, community=community, report_filter=ReportFilter.from_query(query))
    return (t.works, t.planned, t.done, t.cancelled, t.cost_planned, t.cost_actual)


def test_staff_totals_count_every_work_and_leave_cancelled_money_out(estate, community, community_admin):
    assert totals(community_admin, community) == (6, 2, 3, 1, Decimal("610000.00"), Decimal("102700.50"))


def test_the_public_sees_public_works_of_public_buildings(estate, community, resident):
    expected = (4, 2, 1, 1, Decimal("602000.00"), Decimal("95000.50"))
    assert totals(resident, community) == expected
    assert totals(None, community) == expected


def test_staff_may_look_at_the_public_variant(estate, community, community_admin):
    assert totals(community_admin, community, public="1")[0] == 4


def test_by_building(estate, community, community_admin):
    assert rows(community_admin, community) == [
        ("вул. Соборна, 7", 1, 0, 1, 0, Decimal("7000"), Decimal("6500")),
        ("вул. Шевченка, 12", 3, 1, 2, 0, Decimal("601000"), Decimal("96200.50")),
        ("просп. Миру, 3", 2, 1, 0, 1, Decimal("2000"), Decimal("0")),
    ]


def test_by_manager_names_an_unpublished_manager_to_the_staff_only(estate, community, community_admin, resident):
    assert [r[:2] for r in rows(community_admin, community, group="manager")] == [
        ("No manager (or not published)", 1), ("КП «Житло»", 2), ("ОСББ «Затишок»", 3)]
    assert [r[:2] for r in rows(resident, community, group="manager")] == [
        ("No manager (or not published)", 2), ("ОСББ «Затишок»", 2)]


def test_by_period(estate, community, community_admin):
    assert rows(community_admin, community, group="period") == [
        ("2025", 4, 0, 3, 1, Decimal("108000"), Decimal("102700.50")),
        ("2026", 2, 2, 0, 0, Decimal("502000"), Decimal("0")),
    ]
    assert [r[:2] for r in rows(community_admin, community, group="period", period="quarter")] == [
        ("Q1 2025", 1), ("Q2 2025", 1), ("Q3 2025", 1), ("Q4 2025", 1), ("Q1 2026", 1), ("Q2 2026", 1)]
    assert [r[0] for r in rows(community_admin, community, group="period", period="month")][:2] == ["03.2025",
                                                                                                    "05.2025"]


def test_by_kind_and_filters(estate, community, community_admin):
    report_filter = ReportFilter.from_query({"group": "kind"})
    assert [(values["key"], values["works"]) for values in reports.report_groups(
        user=community_admin, community=community, report_filter=report_filter)] == [
        ("capital_repair", 1), ("inspection", 1), ("maintenance", 1), ("repair", 3)]
    assert totals(community_admin, community, kind="repair", since="2025-01-01", until="2025-12-31") == (
        3, 0, 2, 1, Decimal("107000.00"), Decimal("101500.50"))
    assert totals(community_admin, community, manager=str(estate["cosy"].pk), status="done")[:3] == (2, 0, 2)
    assert totals(community_admin, community, building=str(estate["myru"].pk))[:2] == (2, 1)
    # Nonsense in the querystring is ignored, never an error.
    assert totals(community_admin, community, since="yesterday", kind="x", group="y", building="-1")[0] == 6


def test_the_page_for_staff_and_public_with_pinned_queries(estate, community, community_admin, client,
                                                           django_assert_max_num_queries):
    url = URL.format(slug=community.slug)
    with django_assert_max_num_queries(9):
        public = client.get(url)
    assert public.status_code == 200
    assert "вул. Шевченка, 12" in public.text and "вул. Соборна" not in public.text
    client.force_login(community_admin)
    with django_assert_max_num_queries(14):
        staff = client.get(url, {"group": "building"})
    assert staff.status_code == 200 and "вул. Соборна, 7" in staff.text
    assert client.get(url, {"group": "period", "period": "quarter", "page": "99"}).status_code == 200


def test_the_csv_parses_back_with_exact_figures(estate, community, community_admin, client):
    client.force_login(community_admin)
    response = client.get(URL.format(slug=community.slug).replace("works/", "works.csv"), {"group": "period"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(table) == 4
    assert table[1][0] == "2025" and table[1][2:] == ["4", "0", "3", "1", "108000.00", "102700.50", "-5299.50"]
    assert table[3][2:] == ["6", "2", "3", "1", "610000.00", "102700.50", "-507299.50"]


def test_the_pdf_prints_ukrainian_text_and_the_figures(estate, community, community_admin, client):
    client.force_login(community_admin)
    response = client.get(URL.format(slug=community.slug).replace("works/", "works.pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("вул. Шевченка, 12", "просп. Миру, 3", "вул. Соборна, 7", "96", "200,50", "610", "000,00",
                     str(community.name)):
        assert expected in text, expected


def test_another_communitys_works_are_never_counted(estate, community, other_community, client):
    admin = make_member(other_community, Role.ADMIN)
    theirs = services.building_create(actor=admin, community=other_community, street="вул. Інша", number="1")
    services.work_create(actor=admin, community=other_community, building_id=theirs.pk, kind=WorkKind.REPAIR,
                         title="Їхня", cost_planned="999")
    assert totals(admin, other_community)[:1] == (1,)
    assert totals(admin, community, building=str(theirs.pk))[0] == 0
    client.force_login(admin)
    page = client.get(URL.format(slug=other_community.slug))
    assert "вул. Шевченка" not in page.text and "вул. Інша, 1" in page.text


def test_an_empty_report_still_renders_downloads_and_prints(community, client):
    url = URL.format(slug=community.slug)
    page = client.get(url, {"group": "period", "since": "2030-01-01"})
    assert page.status_code == 200 and 'class="empty"' in page.text
    table = list(csv.reader(io.StringIO(b"".join(client.get(url.replace("works/", "works.csv")).streaming_content)
                                        .decode("utf-8").lstrip("\ufeff"))))
    assert len(table) == 2 and table[1][2:] == ["0", "0", "0", "0", "0.00", "0.00", "0.00"]
    pdf = client.get(url.replace("works/", "works.pdf"), {"group": "manager"})
    assert pdf.status_code == 200 and len(PdfReader(io.BytesIO(pdf.content)).pages) == 1
