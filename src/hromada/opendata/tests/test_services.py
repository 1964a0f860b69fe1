"""Services of the portal: publishing with validation (nothing published on bad input), versions,
datastore loading, policies, subscriptions notified once per update, overdue flags, live datasets."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.notifications.models import Notification
from hromada.opendata import datastore, services
from hromada.opendata.models import Dataset, DatastoreTable, Resource, ResourceVersion

from .factories import GOOD_CSV, add_csv, csv_bytes, make_dataset, make_publisher, new_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def publisher(community, community_admin, department):
    return make_publisher(community, community_admin, department=department)


@pytest.fixture
def dataset(community, community_admin, publisher):
    return make_dataset(community, community_admin, publisher)


def test_dataset_create_keeps_the_passport(community, community_admin, publisher):
    ds = make_dataset(community, community_admin, publisher, legal_basis="Постанова 835", language="ua",
                      update_frequency="once a quarter")
    assert ds.license_id == "cc-by-4.0" and ds.language == "ua"
    assert ds.update_frequency == "once a quarter"
    assert list(ds.tags.values_list("name", flat=True)) == ["бюджет"]
    assert AuditEvent.objects.filter(action="opendata.dataset.created", target_id=str(ds.pk)).exists()


@pytest.mark.parametrize("field,value", [
    ("title", "x" * 255), ("description", "x" * 4001), ("purpose", "x" * 513),
    ("update_frequency", "weekly"), ("license_id", "proprietary"), ("maintainer_email", "not-an-email"),
    ("name", "Не латиниця"),
])
def test_dataset_create_rejects_bad_passport(community, community_admin, publisher, field, value):
    with pytest.raises(ValidationFailed) as exc:
        make_dataset(community, community_admin, publisher, **{field: value})
    assert field in exc.value.fields
    assert not Dataset.objects.exists()


def test_only_admin_or_department_official_publishes(community, resident, official, publisher, other_community):
    with pytest.raises(PermissionDenied):
        make_dataset(community, resident, publisher)
    assert make_dataset(community, official, publisher).pk  # the official works in the publisher's department
    foreign = make_publisher(community, None if False else _admin(community))
    with pytest.raises(PermissionDenied):
        make_dataset(community, official, foreign)  # a publisher without the official's department


def _admin(community):
    from conftest import make_member

    from hromada.core.identity.models import Role

    return make_member(community, Role.ADMIN)


def test_upload_is_loaded_into_a_typed_datastore_table(community, community_admin, dataset):
    resource = add_csv(community, community_admin, dataset)
    table = DatastoreTable.objects.get(version=resource.current_version)
    assert table.status == "active" and table.rows_loaded == 30
    assert [f["type"] for f in table.fields] == ["int", "text", "numeric", "date"]
    query = datastore.Query(table, filters={"id": 7}, sort="amount desc", limit=5)
    assert query.records()[0]["name"] == "Рядок 7" and query.total() == 1
    dataset.refresh_from_db()
    assert dataset.first_published_at and dataset.next_update_due > dataset.last_published_at


@pytest.mark.parametrize("content,expect", [
    ("id,name\n1,Київ\n".encode("cp1251"), "UTF-8"),
    (b"id,name,amount\n1,a,1\n2,b\n3,c,3,4\n", "missing-cell"),
    (b"", "empty"),
])
def test_broken_files_are_rejected_and_nothing_is_published(community, community_admin, dataset, content, expect):
    from django.utils import translation

    with pytest.raises(ValidationFailed) as exc, translation.override("en"):
        add_csv(community, community_admin, dataset, content=content)
    assert expect in " ".join(exc.value.fields["file"])
    assert not Resource.objects.exists() and not ResourceVersion.objects.exists()
    dataset.refresh_from_db()
    assert dataset.last_published_at is None


def test_type_errors_against_the_template_are_rejected(community, community_admin, publisher):
    template = services.template_create(actor=community_admin, community=community, slug="t1", title="T",
                                        table_schema={"fields": [{"name": "id", "type": "integer"},
                                                                 {"name": "amount", "type": "number"}]})
    ds = make_dataset(community, community_admin, publisher, template=template)
    with pytest.raises(ValidationFailed) as exc:
        add_csv(community, community_admin, ds, content=b"id,amount\n1,2.5\nx,oops\n")
    assert "type-error" in " ".join(exc.value.fields["file"])
    assert not Resource.objects.exists()
    add_csv(community, community_admin, ds, content=b"id,amount\n1,2.5\n2,3\n")
    assert Resource.objects.count() == 1


def test_without_template_mixed_columns_stay_text(community, community_admin, dataset):
    rows = [[i, str(i)] for i in range(1, 150)] + [[150, "A-15"]]
    resource = add_csv(community, community_admin, dataset, content=csv_bytes(["id", "code"], rows))
    table = resource.current_version.datastore
    assert [f["type"] for f in table.fields] == ["int", "text"] and table.rows_loaded == 150


@override_settings(HROMADA_MAX_UPLOAD_BYTES=100)
def test_oversized_upload_is_rejected(community, community_admin, dataset):
    from django.utils import translation

    with pytest.raises(ValidationFailed) as exc, translation.override("en"):
        add_csv(community, community_admin, dataset, content=GOOD_CSV)
    assert "larger" in exc.value.fields["file"][0]
    assert not Resource.objects.exists()


def test_json_xml_geojson_checked_by_content(community, community_admin, dataset):
    def add(content, fmt):
        return services.resource_create(actor=community_admin, community=community, dataset=dataset, name=fmt,
                                        content=content, filename=f"x.{fmt.lower()}", format=fmt)

    add(b'{"a": 1}', "JSON")
    add(b"<root><a>1</a></root>", "XML")
    add(b'{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point",'
        b'"coordinates":[34.5,49.5]},"properties":{}}]}', "GeoJSON")
    for bad, fmt in ((b"{oops", "JSON"), (b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "XML"),
                     (b'{"type":"Feature"}', "GeoJSON")):
        with pytest.raises(ValidationFailed):
            add(bad, fmt)
    assert Resource.objects.count() == 3


def test_new_version_keeps_history_and_new_table(community, community_admin, dataset):
    resource = add_csv(community, community_admin, dataset)
    first = resource.current_version
    v2 = new_version(community, community_admin, resource,
                     csv_bytes(["id", "name", "amount", "day"], [[1, "a", "2", "2025-01-01"]]))
    v2.refresh_from_db()
    assert v2.number == 2 and ResourceVersion.objects.filter(resource=resource).count() == 2
    assert first.datastore.table_name != v2.datastore.table_name
    assert v2.datastore.rows_loaded == 1


def test_ready_version_drops_the_tables_it_supersedes(community, community_admin, dataset):
    from django.db import connection

    resource = add_csv(community, community_admin, dataset)
    first = resource.current_version.datastore
    second = DatastoreTable.objects.get(version=new_version(community, community_admin, resource, GOOD_CSV))
    first.refresh_from_db()
    tables = connection.introspection.table_names()
    assert first.status == "superseded" and first.table_name not in tables and first.rows_loaded == 30
    assert second.table_name in tables and second.status == "active"
    assert ResourceVersion.objects.filter(resource=resource).count() == 2  # the files and history stay


def test_deleting_a_dataset_drops_its_datastore_tables(community, community_admin, dataset,
                                                       django_capture_on_commit_callbacks):
    from django.db import connection

    name = add_csv(community, community_admin, dataset).current_version.datastore.table_name
    with django_capture_on_commit_callbacks(execute=True):
        Dataset.objects.filter(pk=dataset.pk).delete()
    assert name not in connection.introspection.table_names()
    assert not DatastoreTable.objects.filter(table_name=name).exists()


def test_followers_notified_once_per_update(community, community_admin, dataset, publisher, resident,
                                            django_capture_on_commit_callbacks):
    services.follow_create(actor=resident, community=community, dataset=dataset)
    services.follow_create(actor=resident, community=community, publisher=publisher)  # follows both: still once
    with pytest.raises(Conflict):
        services.follow_create(actor=resident, community=community, dataset=dataset)
    with django_capture_on_commit_callbacks(execute=True):
        resource = services.resource_create(actor=community_admin, community=community, dataset=dataset,
                                            name="T", content=GOOD_CSV, filename="t.csv")
    assert resource.versions.get().datastore.__class__.objects.get(pk=resource.versions.get().datastore.pk).status \
        == "active"  # the after-commit task loaded it
    assert Notification.objects.filter(user=resident, event="opendata.resource.created").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_update(actor=community_admin, community=community, resource=resource, content=GOOD_CSV)
    assert Notification.objects.filter(user=resident, event="opendata.resource.updated").count() == 1
    assert len([m for m in mail.outbox if resident.email in m.to]) == 2
    assert not Notification.objects.filter(user=community_admin).exists()  # the actor is not told


def test_private_dataset_cannot_be_followed_by_outsiders(community, community_admin, publisher, resident,
                                                         other_community):
    private = make_dataset(community, community_admin, publisher, private=True)
    with pytest.raises(NotFound):
        services.follow_create(actor=resident, community=community, dataset=private)
    with pytest.raises(NotFound):
        services.follow_create(actor=resident, community=other_community, dataset=private)


def test_overdue_datasets_flagged_once(community, community_admin, official, dataset):
    from datetime import timedelta

    from django.utils import timezone

    add_csv(community, community_admin, dataset)
    later = timezone.now() + timedelta(days=70)
    assert services.datasets_flag_overdue(actor=SYSTEM, community=community, now=later) == 1
    assert services.datasets_flag_overdue(actor=SYSTEM, community=community, now=later) == 0
    assert Notification.objects.filter(user=official, event="opendata.dataset.overdue").count() == 1


def test_live_dataset_refresh_publishes_only_on_change(community, django_capture_on_commit_callbacks):
    from hromada.core.capabilities import CapabilityManifest, OpenDataExport

    export = OpenDataExport(slug="things", title="Things", description="d",
                            fields=(("id", "integer"), ("kind", "string")),
                            rows="hromada.opendata.tests.test_services.fake_rows",
                            geojson="hromada.opendata.tests.test_services.fake_geojson")
    manifest = CapabilityManifest(slug="fake", name="Fake", description="")
    with django_capture_on_commit_callbacks(execute=True):
        dataset = services.live_dataset_refresh(actor=SYSTEM, community=community, manifest=manifest, export=export)
    assert dataset.publisher.kind == "platform"
    assert sorted(dataset.resources.values_list("format", flat=True)) == ["CSV", "GeoJSON"]
    table = Resource.objects.get(dataset=dataset, format="CSV").current_version.datastore
    assert table.status == "active" and table.rows_loaded == 3
    services.live_dataset_refresh(actor=SYSTEM, community=community, manifest=manifest, export=export)
    assert ResourceVersion.objects.filter(resource__dataset=dataset).count() == 2  # unchanged: no new versions


def fake_rows(community):
    return [{"id": i, "kind": "a"} for i in range(3)]


def fake_geojson(community):
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [34.5, 49.5]}, "properties": {"id": 1}}]}


def test_dataset_update_changes_passport_and_schedule(community, community_admin, resident, dataset):
    add_csv(community, community_admin, dataset)
    dataset.refresh_from_db()
    monthly_due = dataset.next_update_due
    updated = services.dataset_update(actor=community_admin, community=community, dataset=dataset,
                                      update_frequency="once a year", title="Нова назва", tags=["a", "b"])
    assert updated.title == "Нова назва" and updated.next_update_due > monthly_due
    assert sorted(updated.tags.values_list("name", flat=True)) == ["a", "b"]
    assert AuditEvent.objects.filter(action="opendata.dataset.updated", target_id=str(dataset.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.dataset_update(actor=resident, community=community, dataset=dataset, title="x")
    with pytest.raises(ValidationFailed):
        services.dataset_update(actor=community_admin, community=community, dataset=dataset, owner="x")
    with pytest.raises(ValidationFailed):
        services.dataset_update(actor=community_admin, community=community, dataset=dataset, update_frequency="daily")
    dataset.refresh_from_db()
    assert dataset.title == "Нова назва" and dataset.update_frequency == "once a year"


def test_failed_load_is_recorded_and_table_dropped(community, community_admin, dataset, monkeypatch):
    from django.db import connection

    def broken(table, content, fmt, **kwargs):
        datastore.create_table(table)
        raise RuntimeError("disk full")

    monkeypatch.setattr(datastore, "load", broken)
    resource = services.resource_create(actor=community_admin, community=community, dataset=dataset, name="T",
                                        content=GOOD_CSV, filename="t.csv")
    table = services.datastore_run_load(actor=SYSTEM, version_id=resource.current_version_id)
    table.refresh_from_db()
    assert table.status == "failed" and "disk full" in table.error
    assert table.table_name not in connection.introspection.table_names()


def test_url_resources_and_bad_links(community, community_admin, dataset):
    res = services.resource_create(actor=community_admin, community=community, dataset=dataset, name="Link",
                                   url="https://example.org/data.csv")
    assert res.format == "CSV" and res.current_version.source_url == "https://example.org/data.csv"
    for bad in ("ftp://example.org/x.csv", "javascript:alert(1)"):
        with pytest.raises(ValidationFailed):
            services.resource_create(actor=community_admin, community=community, dataset=dataset, name="x", url=bad)
    with pytest.raises(ValidationFailed):
        services.resource_create(actor=community_admin, community=community, dataset=dataset, name="x",
                                 url="https://example.org/x", content=b"a,b\n1,2\n")
    assert Resource.objects.count() == 1


def test_csv_chunks_end_at_record_boundaries():
    data = b'id,note\n1,"two\nlines"\n2,"a ""quoted"" word\n"\n3,plain'
    for size in range(1, len(data) + 2):
        chunks = list(datastore.csv_chunks(data, size))
        assert b"".join(chunks) == data[len(b"id,note\n"):]
        assert all(chunk.count(b'"') % 2 == 0 for chunk in chunks)
    assert list(datastore.csv_chunks(b'"head\ner",x\n1,2\n', 1)) == [b"1,2\n"]  # a quoted newline in the header
    assert list(datastore.csv_chunks(b"id,note\n", 4)) == []


def test_chunked_load_keeps_file_order_quoted_newlines_and_shows_progress(community, community_admin, dataset,
                                                                           monkeypatch):
    rows = [[i, f"рядок {i}\nз переносом" if i % 7 == 0 else f"рядок {i}"] for i in range(1, 301)]
    monkeypatch.setattr(datastore, "COPY_CHUNK", 512)  # many chunks: one transaction and progress step each
    steps = []
    real_progress = datastore._progress
    monkeypatch.setattr(datastore, "_progress", lambda table, **changes: (
        steps.append(changes.get("rows_loaded")), real_progress(table, **changes))[1])
    resource = add_csv(community, community_admin, dataset, content=csv_bytes(["id", "note"], rows))
    table = DatastoreTable.objects.get(version=resource.current_version)
    assert table.status == "active" and table.rows_loaded == 300
    records = datastore.Query(table, sort="_id", limit=300).records()
    assert [(r["_id"], r["id"], r["note"]) for r in records] == [(i, i, note) for i, note in rows]
    loaded = [n for n in steps if n]
    if datastore._vendor() == "postgresql":  # COPY reports after every chunk
        assert len(loaded) > 5 and loaded == sorted(loaded)


def test_publisher_and_theme_updates_are_for_admins_and_keep_the_short_name(community, community_admin, resident,
                                                                             publisher, other_community):
    with pytest.raises(PermissionDenied):
        services.publisher_update(actor=resident, community=community, publisher=publisher, title="X")
    with pytest.raises(NotFound):
        services.publisher_update(actor=community_admin, community=other_community, publisher=publisher, title="X")
    with pytest.raises(PermissionDenied):
        services.publisher_update(actor=community_admin, community=community,
                                  publisher=services.platform_publisher(actor=SYSTEM, community=community), title="X")
    with pytest.raises(ValidationFailed):
        services.publisher_update(actor=community_admin, community=community, publisher=publisher, title="X",
                                  kind="platform")
    updated = services.publisher_update(actor=community_admin, community=community, publisher=publisher,
                                        title="Нова назва", kind="enterprise")
    assert updated.name == publisher.name and updated.kind == "enterprise"
    theme = services.theme_create(actor=community_admin, community=community, title="Дороги", name="roads")
    with pytest.raises(PermissionDenied):
        services.theme_update(actor=resident, community=community, theme=theme, title="X")
    assert services.theme_update(actor=community_admin, community=community, theme=theme, title="Шляхи").name == "roads"


def test_dataset_title_of_invisible_characters_is_refused(community, community_admin, department):
    from hromada.core.errors import ValidationFailed

    from .factories import make_dataset, make_publisher

    publisher = make_publisher(community, community_admin, department=department, name="titles")
    with pytest.raises(ValidationFailed) as refused:
        make_dataset(community, community_admin, publisher, title="\u200b\u2060\ufeff\u0301")
    assert "title" in refused.value.fields
