"""Cross-cutting: `hromada backup` then `hromada restore` into a fresh database of either vendor carries every
row, every datastore table and every file, and the restored CKAN API answers as the original did."""

from __future__ import annotations

import io
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from conftest import make_community, make_member
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.db.utils import load_backend
from django.test import Client

from hromada.appeals.tests.factories import jpeg_bytes, make_appeal, make_area, make_category, upload
from hromada.core.backup.files import stored_files
from hromada.core.backup.rows import backed_up_models, model_rows_digest
from hromada.core.backup.tables import table_sets
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Role
from hromada.core.tenancy.selectors import invalidate_community_cache
from hromada.core.transparency.services import transparency_publish
from hromada.opendata.tests.factories import add_csv, make_dataset, make_publisher
from hromada.petitions import services as petitions
from hromada.petitions.tests.factories import collecting, strong_resident

pytestmark = pytest.mark.django_db(transaction=True)

SQLITE_OPTIONS = {"timeout": 30, "transaction_mode": "IMMEDIATE",
                  "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;"}


def _postgres_server() -> dict:
    """Where a PostgreSQL target is made: the suite's own server when it runs there, else CI_POSTGRES_URL."""
    import os

    import dj_database_url

    current = connections["default"].settings_dict
    if current["ENGINE"].endswith("postgresql"):
        return {key: current[key] for key in ("HOST", "PORT", "USER", "PASSWORD")}
    url = dj_database_url.parse(os.environ.get("CI_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432") + "/postgres")
    return {key: url[key] for key in ("HOST", "PORT", "USER", "PASSWORD")}


def _admin_connection(server: dict):
    return psycopg.connect(host=server["HOST"], port=server["PORT"] or 5432, user=server["USER"],
                           password=server["PASSWORD"] or None, dbname="postgres", autocommit=True, connect_timeout=3)


@contextmanager
def fresh_database(vendor: str, tmp_path: Path):
    """A new empty database of `vendor`, made the default connection for the duration (as a restore in a
    separate process would see it); dropped afterwards."""
    original = connections["default"]
    settings_dict = {**original.settings_dict, "TEST": {**original.settings_dict.get("TEST", {})}}
    name = f"hromada_restore_{uuid.uuid4().hex[:10]}"
    if vendor == "sqlite":
        settings_dict.update(ENGINE="django.db.backends.sqlite3", NAME=str(tmp_path / f"{name}.sqlite3"),
                             OPTIONS=SQLITE_OPTIONS, HOST="", PORT="", USER="", PASSWORD="")
    else:
        server = _postgres_server()
        try:
            with _admin_connection(server) as admin:
                admin.execute(f'CREATE DATABASE "{name}"')
        except psycopg.OperationalError as error:
            pytest.skip(f"PostgreSQL not reachable at {server['HOST']}:{server['PORT']} ({error}); set "
                        "CI_POSTGRES_URL to run the SQLite-to-PostgreSQL restore")
        settings_dict.update(ENGINE="django.db.backends.postgresql", NAME=name, OPTIONS={}, **server)
    target = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
    connections["default"] = target
    ContentType.objects.clear_cache()
    try:
        yield target
    finally:
        target.close()
        connections["default"] = original
        ContentType.objects.clear_cache()
        cache.clear()
        if vendor == "postgresql":
            with _admin_connection(_postgres_server()) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build_community():
    """A community with a petition and its signatures, an appeal with a photo, and a loaded datastore table."""
    community = make_community("alpha")
    department = Department.objects.create(community=community, name="Відділ благоустрою")
    admin = make_member(community, Role.ADMIN)
    petition = collecting(community, make_member(community, Role.RESIDENT, strong=True))
    for _ in range(3):
        petitions.petition_sign(actor=strong_resident(community), community=community, petition=petition)
    transparency_publish(actor=SYSTEM, community=community)  # the signatures' leaves, subtrees and signed head
    make_area(community, "Центр", 34.55, 49.59)
    category = make_category(community, "light", fallback=department)
    make_appeal(community, make_member(community, Role.RESIDENT), category, photos=[upload(jpeg_bytes())])
    publisher = make_publisher(community, admin, department=department, name="finance")
    dataset = make_dataset(community, admin, publisher, name="budget", title="Бюджет громади")
    resource = add_csv(community, admin, dataset)
    return community, petition, resource


def snapshot_of_install() -> dict:
    """What must survive: every model's count and row checksum, every datastore table's rows, every file."""
    return {
        "models": {model._meta.label: model_rows_digest(model) for model in backed_up_models()},
        "tables": {name: list(tables.rows(name)) for _slug, tables in table_sets() for name in tables.names()},
        "files": {(root, relative): path.read_bytes() for root, relative, path in stored_files()},
    }


def datastore_search(community, resource) -> dict:
    invalidate_community_cache()
    response = Client().get(f"/c/{community.slug}/api/3/action/datastore_search",
                            {"resource_id": str(resource.pk), "limit": 100})
    assert response.status_code == 200, response.content
    return response.json()["result"]


@pytest.mark.parametrize("target", ["sqlite", "postgresql"])
def test_backup_restores_everything_into_a_fresh_database(target, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "source" / "media"
    settings.HROMADA_PRIVATE_ROOT = tmp_path / "source" / "private"
    community, petition, resource = build_community()
    before = snapshot_of_install()
    search_before = datastore_search(community, resource)
    assert before["tables"] and len(before["files"]) >= 3  # the CSV, the appeal's photo and its small rendition
    assert {root for root, _path in before["files"]} == {"HROMADA_PRIVATE_ROOT"}
    assert before["models"]["petitions.Signature"][0] == 3 and before["models"]["appeals.AppealPhoto"][0] == 1
    assert before["models"]["transparency.Leaf"][0] == 3 and before["models"]["transparency.TreeHead"][0] == 1

    archive = tmp_path / "backup.zip"
    progress = io.StringIO()
    call_command("backup", output=archive, stdout=io.StringIO(), stderr=progress)
    assert "petitions.Signature: 3 rows" in progress.getvalue() and "files: 3" in progress.getvalue()
    assert archive.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only

    settings.MEDIA_ROOT = tmp_path / "restored" / "media"
    settings.HROMADA_PRIVATE_ROOT = tmp_path / "restored" / "private"
    try:
        with fresh_database(target, tmp_path) as restored:
            call_command("migrate", verbosity=0, interactive=False)
            progress = io.StringIO()
            call_command("restore", str(archive), stderr=progress)
            assert restored.vendor == target
            assert "Restored" in progress.getvalue() and "table opendata_ds_" in progress.getvalue()
            after = snapshot_of_install()
            assert after["models"] == before["models"]
            assert after["tables"] == before["tables"]
            assert after["files"] == before["files"]
            assert datastore_search(community, resource) == search_before

            # New rows after a restore take fresh ids (sequences moved past the restored ones).
            petitions.petition_sign(actor=strong_resident(community), community=community, petition=petition)
    finally:
        for _slug, tables in table_sets():
            tables.drop_all()
