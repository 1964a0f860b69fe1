"""What the portal's pages tell people agrees with itself: the first publication is never after the last, the
"updated" date and the overdue flag come from the same columns (the demo's overdue set too); codes are shown
as Ukrainian words; the preview shows human column titles and numbers written the Ukrainian way; the CSV for
Excel starts with a byte-order mark so Cyrillic survives."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from hromada.opendata.models import Dataset, Resource, ResourceVersion
from hromada.opendata.preview import cell, readable

from .factories import add_csv, make_dataset, make_publisher

pytestmark = pytest.mark.django_db

NBSP = "\xa0"


def _base(community):
    return f"/c/{community.slug}/opendata/"


def test_the_demo_overdue_dataset_has_dates_that_agree(client):
    from hromada.core import capabilities
    from hromada.demo.people import create_demo_community

    community, _people = create_demo_community(slug="od-dates", residents=2)
    loader = next(m.demo_loader for m in capabilities.manifests() if m.slug == "opendata")
    capabilities.resolve(loader)(community, size="small")
    now = timezone.now()
    for dataset in Dataset.objects.filter(community=community, last_published_at__isnull=False):
        assert dataset.first_published_at <= dataset.last_published_at, dataset.name
        for resource in Resource.objects.filter(dataset=dataset):
            assert resource.last_modified <= dataset.last_published_at + timedelta(seconds=1), dataset.name
    water = Dataset.objects.get(community=community, name="water-quality")
    assert water.is_overdue and water.next_update_due < now
    assert water.first_published_at == water.last_published_at  # published once, two months ago
    assert all(v.created_at <= water.last_published_at
               for v in ResourceVersion.objects.filter(resource__dataset=water))
    # The dataset page's "updated" date is the one the overdue flag was computed from.
    page = client.get("/c/od-dates/opendata/dataset/water-quality/").content.decode()
    shown = timezone.localtime(water.last_published_at).strftime("%d.%m.%Y")
    assert f"Дані оновлено {shown}" in page and "badge--overdue" in page
    catalogue = client.get("/c/od-dates/opendata/", {"q": "Якість"}).content.decode()
    assert f"дані оновлено {shown}" in catalogue and "badge--overdue" in catalogue


def test_first_publication_after_the_last_is_refused_by_the_database(community, community_admin):
    publisher = make_publisher(community, community_admin)
    dataset = make_dataset(community, community_admin, publisher)
    add_csv(community, community_admin, dataset)
    dataset.refresh_from_db()
    with pytest.raises(IntegrityError), transaction.atomic():
        Dataset.objects.filter(pk=dataset.pk).update(first_published_at=dataset.last_published_at + timedelta(days=1))


def test_a_passport_edit_does_not_make_old_data_look_fresh(community, community_admin):
    from hromada.opendata import services

    publisher = make_publisher(community, community_admin)
    dataset = make_dataset(community, community_admin, publisher, update_frequency="once a week", title="Ціни")
    add_csv(community, community_admin, dataset)
    past = timezone.now() - timedelta(days=40)
    Dataset.objects.filter(pk=dataset.pk).update(first_published_at=past, last_published_at=past,
                                                 next_update_due=past + timedelta(days=7))
    services.dataset_update(actor=community_admin, community=community, dataset=dataset, purpose="Нова мета")
    dataset.refresh_from_db()
    assert dataset.metadata_modified > past + timedelta(days=30)  # the passport moved ...
    assert dataset.is_overdue  # ... but the data did not
    html = Client().get(f"{_base(community)}").content.decode()
    assert f"дані оновлено {timezone.localtime(past).strftime('%d.%m.%Y')}" in html and "badge--overdue" in html


def test_language_and_licence_are_shown_in_ukrainian(portal):
    html = Client().get(f"{_base(portal.community)}dataset/{portal.public.name}/").content.decode()
    assert "<dd>українська</dd>" in html
    assert "Creative Commons «Зазначення авторства» 4.0 (CC BY 4.0)" in html and 'rel="license"' in html
    catalogue = Client().get(_base(portal.community)).content.decode()
    assert "Creative Commons «Зазначення авторства» 4.0" in catalogue  # the licence facet


def test_the_preview_shows_titles_and_ukrainian_numbers(community, community_admin):
    from hromada.opendata.datastore import csv_bytes

    publisher = make_publisher(community, community_admin)
    dataset = make_dataset(community, community_admin, publisher, name="water")
    content = csv_bytes(["chlorine_mg_l", "samples_total", "ok"], [["0.35", "12345", "true"]])
    resource = add_csv(community, community_admin, dataset, content=content)
    html = Client().get(f"{_base(community)}dataset/water/resource/{resource.pk}/preview").content.decode()
    assert "Chlorine mg l" in html and '<span class="od-column-id">chlorine_mg_l</span>' in html
    assert f"12{NBSP}345" in html and "0,35" in html and ">так<" in html
    assert 'class="table cards-on-phone od-table"' in html and 'data-label="Samples total"' in html


def test_cell_formats(settings):
    assert cell(1234567, "int") == f"1{NBSP}234{NBSP}567"
    assert cell("1234.5", "numeric") == f"1{NBSP}234,5"
    assert cell("2025-01-06", "date") == "06.01.2025"
    assert cell(None, "text") == "" and cell("abc", "numeric") == "abc"
    assert readable("date_of-birth") == "Date of birth"


def test_csv_for_excel_keeps_cyrillic(portal):
    base = f"{_base(portal.community)}dataset/{portal.public.name}"
    page = Client().get(base + "/").content.decode()
    assert "?bom=1" in page and "CSV для Excel" in page
    plain = Client().get(f"{base}/resource/{portal.table_resource.pk}/download")
    excel = Client().get(f"{base}/resource/{portal.table_resource.pk}/download", {"bom": "1"})
    plain_bytes = b"".join(plain.streaming_content) if plain.streaming else plain.content
    assert not plain_bytes.startswith(b"\xef\xbb\xbf")
    assert excel.status_code == 200 and excel.content == b"\xef\xbb\xbf" + plain_bytes
    assert "Рядок 1".encode() in excel.content and "excel.csv" in excel["Content-Disposition"]
    dump = Client().get(f"/c/{portal.community.slug}/datastore/dump/{portal.table_resource.pk}", {"bom": "1"})
    assert b"".join(dump.streaming_content).startswith(b"\xef\xbb\xbf")


def test_the_datastore_table_downloads_as_an_excel_workbook(community, community_admin):
    import io

    from openpyxl import load_workbook

    from hromada.opendata.datastore import csv_bytes

    publisher = make_publisher(community, community_admin)
    dataset = make_dataset(community, community_admin, publisher, name="prices")
    content = csv_bytes(["day", "назва", "ціна"], [["2025-01-06", "Хліб «Київський»", "23.5"],
                                                   ["2025-01-07", "=1+1", "-4"]])
    resource = add_csv(community, community_admin, dataset, content=content)
    page = Client().get(f"{_base(community)}dataset/prices/").content.decode()
    assert "?format=xlsx" in page
    response = Client().get(f"/c/{community.slug}/datastore/dump/{resource.pk}", {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["_id", "day", "назва", "ціна"]
    assert rows[1][2] == "Хліб «Київський»" and rows[1][3] == 23.5 and rows[1][1].date().isoformat() == "2025-01-06"
    assert rows[2][2] == "=1+1" and sheet.cell(row=3, column=3).data_type == "s"  # text, never a formula
    assert rows[2][3] == -4
    bad = Client().get(f"/c/{community.slug}/datastore/dump/{resource.pk}", {"format": "xls"})
    assert bad.status_code == 409 and "xlsx" in bad.json()["error"]["format"][0]  # CKAN's validation answer


def test_a_yes_no_column_loads_into_the_datastore_on_every_database(community, community_admin):
    from hromada.opendata.datastore import csv_bytes
    from hromada.opendata.models import DatastoreTable

    publisher = make_publisher(community, community_admin)
    dataset = make_dataset(community, community_admin, publisher, name="checks")
    resource = add_csv(community, community_admin, dataset,
                       content=csv_bytes(["point", "ok"], [["Точка 1", "true"], ["Точка 2", "false"], ["Точка 3", ""]]))
    table = DatastoreTable.objects.get(version=resource.current_version)
    assert table.status == "active", table.error  # PostgreSQL's boolean column once refused 1/0
    html = Client().get(f"{_base(community)}dataset/checks/resource/{resource.pk}/preview").content.decode()
    assert html.count(">так<") == 1 and html.count(">ні<") == 1
