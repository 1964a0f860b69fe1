"""Pages: catalogue with search and facets (query count pinned), dataset page with passport, preview,
map and API hints, uploads through the web form (rejections publish nothing), follow buttons,
publisher pages, the timeliness dashboard and downloads of private data."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.opendata.models import Dataset, Follow, Resource

from .factories import GOOD_CSV

pytestmark = pytest.mark.django_db


def test_catalogue_search_and_facets(client, portal, django_assert_max_num_queries):
    base = f"/c/{portal.community.slug}/opendata/"
    with django_assert_max_num_queries(20):
        page = client.get(base).content.decode()
    assert "Бюджет громади" in page and "Чернетка" not in page and "Чужий бюджет" not in page
    assert "Відділ даних" in page and "CSV" in page  # publisher and format facets
    assert "Бюджет громади" not in client.get(base, {"q": "нічого"}).content.decode()
    assert "Бюджет громади" in client.get(base, {"organization": "finance", "res_format": "CSV"}).content.decode()
    assert "Бюджет громади" not in client.get(base, {"tags": "інше"}).content.decode()


def test_catalogue_shows_private_to_staff(client, portal):
    client.force_login(portal.admin)
    assert "Чернетка" in client.get(f"/c/{portal.community.slug}/opendata/").content.decode()


def test_dataset_page_passport_preview_and_hints(client, portal):
    base = f"/c/{portal.community.slug}/opendata/dataset/budget/"
    page = client.get(base).content.decode()
    for text in ("Прозорість", "Олена Коваленко", "olena@example.org", "datastore_search?resource_id=",
                 "package_show?id=", "datapackage", "hx-get"):
        assert text in page
    rid = portal.table_resource.pk
    preview = client.get(f"{base}resource/{rid}/preview", {"page": 2}).content.decode()
    assert "Рядок 26" in preview and "Рядок 25" not in preview and "Сторінка 2 з 2" in preview
    progress = client.get(f"{base}resource/{rid}/progress", HTTP_HX_REQUEST="true").content.decode()
    assert "Рядок 1" in progress  # loaded: the poll is replaced by the table
    assert client.get(f"/c/{portal.community.slug}/opendata/dataset/secret-draft/").status_code == 404
    assert client.get("/c/beta/opendata/dataset/budget/").status_code == 404


def test_geojson_resource_gets_a_map(client, portal):
    from hromada.opendata import services

    services.resource_create(actor=portal.admin, community=portal.community, dataset=portal.public, name="Карта",
                             content=b'{"type":"FeatureCollection","features":[]}', filename="m.geojson")
    page = client.get(f"/c/{portal.community.slug}/opendata/dataset/budget/").content.decode()
    assert "data-geojson=" in page and "leaflet/leaflet.js" in page


def test_web_upload_rejects_broken_file_and_accepts_good_one(client, portal, django_capture_on_commit_callbacks):
    client.force_login(portal.admin)
    url = f"/c/{portal.community.slug}/opendata/dataset/budget/upload"
    bad = SimpleUploadedFile("bad.csv", "a,b\n1,Київ,3\n".encode("cp1251"), content_type="text/csv")
    response = client.post(url, {"name": "Bad", "file": bad}, follow=True)
    assert "UTF-8" in response.content.decode()
    assert Resource.objects.filter(dataset=portal.public).count() == 1
    good = SimpleUploadedFile("good.csv", GOOD_CSV, content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"name": "Good", "file": good})
    assert Resource.objects.filter(dataset=portal.public).count() == 2


def test_residents_cannot_upload(client, portal, resident):
    client.force_login(resident)
    good = SimpleUploadedFile("good.csv", GOOD_CSV, content_type="text/csv")
    response = client.post(f"/c/{portal.community.slug}/opendata/dataset/budget/upload", {"name": "x", "file": good})
    assert response.status_code == 404 and Resource.objects.filter(dataset=portal.public).count() == 1


def test_follow_buttons(client, portal, resident):
    base = f"/c/{portal.community.slug}/opendata/"
    assert client.post(f"{base}dataset/budget/follow").status_code == 302  # to sign in
    assert not Follow.objects.exists()
    client.force_login(resident)
    client.post(f"{base}dataset/budget/follow")
    client.post(f"{base}publishers/finance/follow")
    assert Follow.objects.filter(user=resident).count() == 2
    assert 'name="action" value="unfollow"' in client.get(f"{base}dataset/budget/").content.decode()
    client.post(f"{base}dataset/budget/follow", {"action": "unfollow"})
    assert Follow.objects.filter(user=resident).count() == 1


def test_publisher_pages_and_timeliness(client, portal):
    from datetime import timedelta

    from django.utils import timezone

    base = f"/c/{portal.community.slug}/opendata/"
    assert "Відділ даних" in client.get(f"{base}publishers/").content.decode()
    page = client.get(f"{base}publishers/finance/").content.decode()
    assert "Бюджет громади" in page and "Чернетка" not in page
    assert client.get(f"{base}publishers/nope/").status_code == 404
    Dataset.objects.filter(pk=portal.public.pk).update(next_update_due=timezone.now() - timedelta(days=1))
    board = client.get(f"{base}timeliness/").content.decode()
    assert "Бюджет громади" in board and "badge--overdue" in board


def test_private_downloads_are_not_found(client, portal):
    from hromada.opendata import services

    resource = services.resource_create(actor=portal.admin, community=portal.community, dataset=portal.private,
                                        name="x", content=b'{"a":1}', filename="x.json")
    url = f"/c/{portal.community.slug}/opendata/dataset/secret-draft/resource/{resource.pk}/download"
    assert client.get(url).status_code == 404
    client.force_login(portal.admin)
    assert client.get(url).status_code == 200


def test_new_dataset_form(client, portal, resident):
    url = f"/c/{portal.community.slug}/opendata/new/"
    client.force_login(resident)
    assert client.get(url).status_code == 404
    client.force_login(portal.admin)
    form = {"publisher": str(portal.publisher.pk), "title": "Новий набір", "name": "new-set",
            "update_frequency": "once a year", "maintainer": "Особа", "maintainer_email": "a@example.org",
            "license_id": "cc-by-4.0", "tags": "a, b"}
    assert client.post(url, {**form, "maintainer_email": "bad"}).status_code == 200
    assert not Dataset.objects.filter(name="new-set").exists()
    response = client.post(url, form)
    assert response.status_code == 302 and Dataset.objects.get(name="new-set").tags.count() == 2
    assert client.post(url, form).status_code == 200  # the same URL again: shown on the form, nothing written


def test_passport_edit_form(client, portal, resident):
    url = f"/c/{portal.community.slug}/opendata/dataset/budget/edit"
    client.force_login(resident)
    assert client.get(url).status_code == 404
    client.force_login(portal.admin)
    form = {"publisher": str(portal.publisher.pk), "title": "Бюджет 2026", "update_frequency": "once a quarter",
            "maintainer": "Особа", "maintainer_email": "a@example.org", "license_id": "cc-by-4.0", "tags": "x"}
    assert client.post(url, {**form, "update_frequency": "sometimes"}).status_code == 200
    assert Dataset.objects.get(pk=portal.public.pk).title == "Бюджет громади"
    assert client.post(url, form).status_code == 302
    saved = Dataset.objects.get(pk=portal.public.pk)
    assert saved.title == "Бюджет 2026" and saved.update_frequency == "once a quarter"
    assert list(saved.tags.values_list("name", flat=True)) == ["x"]
