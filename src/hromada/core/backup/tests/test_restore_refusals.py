"""What `hromada restore` refuses, before it writes anything: a path out of the roots, a damaged or foreign
archive, a newer schema, a database that is not empty (unless --force, which then restores in place)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from conftest import make_community, make_user
from django.core.management import CommandError, call_command

from hromada.core.backup.archive import ArchiveError, inside, safe_relative
from hromada.core.backup.rows import backed_up_models, model_rows_digest
from hromada.core.tenancy.models import Community


@pytest.fixture
def roots(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HROMADA_PRIVATE_ROOT = tmp_path / "private"
    (tmp_path / "media" / "petitions").mkdir(parents=True)
    (tmp_path / "media" / "petitions" / "answer.pdf").write_bytes(b"%PDF-1.4 answer")
    return tmp_path


def backup(path: Path) -> Path:
    call_command("backup", output=path, stdout=io.StringIO(), stderr=io.StringIO())
    return path


def restore(path: Path, *args) -> str:
    err = io.StringIO()
    call_command("restore", str(path), *args, stderr=err)
    return err.getvalue()


def rewrite(source: Path, target: Path, *, manifest=None, members: dict[str, bytes] | None = None,
            damage: str = "") -> Path:
    """A copy of an archive with the manifest edited, members added (checksums listed), or one member damaged."""
    import hashlib

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        data = json.loads(old.read("manifest.json"))
        for name in old.namelist():
            if name != "manifest.json":
                content = old.read(name)
                new.writestr(name, content + b"x" if name == damage else content)
        for name, content in (members or {}).items():
            new.writestr(name, content)
            data["members"][name] = {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
        if manifest:
            manifest(data)
        new.writestr("manifest.json", json.dumps(data))
    return target


def test_member_names_that_leave_the_root_are_refused(tmp_path):
    for name in ["../x", "a/../../x", "/etc/passwd", "C:/x", "a\\..\\x", "a//b", "./a", "", "a\x00b"]:
        with pytest.raises(ArchiveError):
            safe_relative(name)
    assert safe_relative("appeals/1/photos/a.jpg").parts == ("appeals", "1", "photos", "a.jpg")
    outside = tmp_path / "outside"
    outside.mkdir()
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "link").symlink_to(outside)
    with pytest.raises(ArchiveError, match="outside"):
        inside(tmp_path / "root", "link/planted.txt")


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["../../planted.txt", "petitions/../../../planted.txt", "link/planted.txt"])
def test_a_malicious_archive_writes_nothing_outside_the_roots(roots, path):
    make_community("alpha")
    archive = backup(roots / "good.zip")
    (roots / "media" / "link").symlink_to(roots)
    evil = rewrite(archive, roots / "evil.zip", members={f"files/MEDIA_ROOT/{path}": b"owned"},
                   manifest=lambda m: m["files"].append({"root": "MEDIA_ROOT", "path": path,
                                                         "member": f"files/MEDIA_ROOT/{path}"}))
    with pytest.raises(CommandError, match="Nothing restored.*(unsafe path|outside)"):
        restore(evil, "--force")
    assert not list(roots.parent.rglob("planted.txt"))
    assert Community.objects.filter(slug="alpha").exists()  # --force erased nothing: the check came first


@pytest.mark.django_db
def test_damaged_foreign_and_newer_archives_are_refused(roots):
    make_community("alpha")
    archive = backup(roots / "good.zip")
    damaged = rewrite(archive, roots / "damaged.zip", damage="files/MEDIA_ROOT/petitions/answer.pdf")
    with pytest.raises(CommandError, match="damaged"):
        restore(damaged, "--force")
    (roots / "note.zip").write_bytes(b"not a zip")
    with pytest.raises(CommandError, match="not a Hromada backup"):
        restore(roots / "note.zip")
    newer = rewrite(archive, roots / "newer.zip",
                    manifest=lambda m: m["migrations"]["tenancy"].append("9999_from_the_future"))
    with pytest.raises(CommandError, match=r"newer schema.*tenancy\.9999_from_the_future.*hromada migrate"):
        restore(newer, "--force")
    older = rewrite(archive, roots / "older.zip", manifest=lambda m: m["migrations"]["tenancy"].pop())
    with pytest.raises(CommandError, match="older schema"):
        restore(older, "--force")
    assert Community.objects.filter(slug="alpha").exists()


@pytest.mark.django_db
def test_a_database_with_rows_is_refused_without_force(roots):
    make_community("alpha")
    archive = backup(roots / "good.zip")
    with pytest.raises(CommandError, match=r"not empty \(.*tenancy.Community has 1 rows.*--force"):
        restore(archive)


@pytest.mark.django_db(transaction=True)
def test_force_replaces_the_database_with_the_archive(roots):
    make_community("alpha")
    make_user(email="kept@example.org")
    before = {model._meta.label: model_rows_digest(model) for model in backed_up_models()}
    archive = backup(roots / "good.zip")
    make_community("beta")
    (roots / "media" / "petitions" / "answer.pdf").write_bytes(b"changed")
    output = restore(archive, "--force")
    assert "Erasing this database" in output and "files: 1" in output
    assert {model._meta.label: model_rows_digest(model) for model in backed_up_models()} == before
    assert (roots / "media" / "petitions" / "answer.pdf").read_bytes() == b"%PDF-1.4 answer"
    make_community("gamma")  # ids continue after the restored ones
