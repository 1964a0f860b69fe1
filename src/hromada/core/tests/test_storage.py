"""The kernel's file storage: a private root no URL reaches, random stored names, the /media/ view that serves
only plain paths inside the public root, the settings that refuse overlapping roots, and the deploy checks.
(Every capability's file routes are probed in tests/test_private_files.py.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.test import Client

from hromada.core import storage

SECRET = b"SECRET-PRIVATE-BYTES"


@pytest.fixture
def roots(settings, tmp_path):
    """A public and a private root side by side, as the default layout has them (data/media, data/private)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HROMADA_PRIVATE_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT, settings.HROMADA_PRIVATE_ROOT


def test_random_names_keep_only_a_plain_extension():
    assert re.fullmatch(r"a/b/[0-9a-f]{32}\.pdf", storage.random_name("a/b/", "Звіт Іваненка.PDF"))
    assert re.fullmatch(r"a/[0-9a-f]{32}", storage.random_name("a", "evil.p h p"))
    assert re.fullmatch(r"a/[0-9a-f]{32}", storage.random_name("a", "noext"))
    assert re.fullmatch(r"a/[0-9a-f]{32}\.jpg", storage.random_name("a", "x.png", extension=".jpg"))
    assert storage.random_name("a", "x.csv") != storage.random_name("a", "x.csv")


def test_private_storage_writes_owner_only_files_under_the_private_root_and_has_no_urls(roots):
    media, private = roots
    name = storage.private_storage.save(storage.random_name("x/1", "a.csv"), ContentFile(SECRET))
    path = Path(storage.private_storage.path(name))
    assert private in path.parents and media not in path.parents and path.read_bytes() == SECRET
    assert path.stat().st_mode & 0o777 == 0o600 and path.parent.stat().st_mode & 0o777 == 0o700
    with pytest.raises(ValueError):
        storage.private_storage.url(name)
    assert storage.get_private_storage() is storage.private_storage


def _probes(target: Path, media: Path) -> list[str]:
    """Encoded ways from /media/ to `target` (a private file): `..%2F`, `%2E%2E`, `%2e%2e%2f`, `%252e%252e`,
    backslashes, absolute paths."""
    rest = os.path.relpath(target, media)  # ../private/…
    tail = rest.split("/", 1)[1]
    probes = []
    for dots in ("..", "%2E%2E", "%2e%2e", "%252e%252e", ".%2e", "%2e."):
        for slash in ("/", "%2F", "%2f", "%252F", "%5C", "\\"):
            for depth in (1, 2):
                probes.append(f"/media/{'public/' * (depth - 1)}{(dots + slash) * depth}{tail}")
                probes.append(f"/media/{'public/' * (depth - 1)}{(dots + slash) * depth}{tail.replace('/', slash)}")
    probes += [f"/media/{target}", f"/media/%2F{str(target).lstrip('/')}", f"/media/{str(target).replace('/', '%2F')}",
               f"/media/{str(target).replace('/', chr(92))}", f"/media/public/{rest}", f"/media/./{rest}"]
    return probes


def test_the_media_view_serves_public_files_and_nothing_outside_the_public_root(roots, db):
    media, private = roots
    (media / "petitions" / "1").mkdir(parents=True)
    (media / "petitions" / "1" / "a.pdf").write_bytes(b"%PDF-public")
    secret = private / "appeals" / "1" / "photos" / "b.jpg"
    secret.parent.mkdir(parents=True)
    secret.write_bytes(SECRET)
    client = Client()
    served = client.get("/media/petitions/1/a.pdf")
    assert served.status_code == 200 and b"".join(served.streaming_content) == b"%PDF-public"
    assert served["Content-Type"] == "application/pdf" and served["Content-Disposition"] == "inline"
    assert served["X-Content-Type-Options"] == "nosniff"
    probes = _probes(secret, media)
    assert len(probes) > 100
    for prefix in ("", "/c/nowhere"):
        for probe in probes:
            response = client.get(prefix + probe)
            assert response.status_code == 404, probe
            assert SECRET not in b"".join(getattr(response, "streaming_content", [response.content])), probe
    for path in ("/media/", "/media/petitions", "/media/petitions/1/", "/media/petitions//1/a.pdf",
                 "/media/.hidden", "/media/petitions/1/a.pdf%00"):
        assert client.get(path).status_code in (404, 400), path
    assert client.post("/media/petitions/1/a.pdf").status_code == 405


def test_the_media_view_does_not_follow_links_out_of_the_public_root(roots, db):
    media, private = roots
    private.mkdir(parents=True, exist_ok=True)
    (private / "s.csv").write_bytes(SECRET)
    os.symlink(private, media / "link")
    os.symlink(private / "s.csv", media / "s.csv")
    assert Client().get("/media/link/s.csv").status_code == 404
    assert Client().get("/media/s.csv").status_code == 404


def test_the_media_view_never_serves_the_folders_where_earlier_releases_kept_private_files(roots, db):
    media, _private = roots
    for legacy in ("private/appeals/1/photos/x.jpg", "opendata/2026/11/budget.csv"):
        (media / legacy).parent.mkdir(parents=True)
        (media / legacy).write_bytes(SECRET)
        assert Client().get(f"/media/{legacy}").status_code == 404
        assert Client().get(f"/media/public/..%2F{legacy}").status_code == 404


def test_private_file_response_names_only_what_the_caller_gives(roots):
    _media, _private = roots
    name = storage.private_storage.save("x/0123456789abcdef0123456789abcdef.csv", ContentFile(SECRET))
    field_file = FieldFile(None, type("F", (), {"storage": storage.private_storage})(), name)
    response = storage.private_file_response(field_file, content_type="text/csv", download_name="звіт-1-v2.csv")
    assert response["Content-Disposition"] == "inline; filename*=utf-8''%D0%B7%D0%B2%D1%96%D1%82-1-v2.csv"
    assert response["Cache-Control"] == "private, no-store" and b"".join(response.streaming_content) == SECRET
    response = storage.private_file_response(field_file, content_type="text/csv", attachment=True)
    assert response["Content-Disposition"] == "attachment" and "0123456789abcdef" not in str(response.headers)
    missing = FieldFile(None, type("F", (), {"storage": storage.private_storage})(), "x/missing.csv")
    with pytest.raises(Http404):
        storage.private_file_response(missing, content_type="text/csv")


def _check(env: dict, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hromada.config.settings", **env}
    env.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "hromada.cli", "check", *args], env=env,  # noqa: S603 - our command
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("private", ["media/private", "media", ".", "static/x"])
def test_settings_refuse_a_private_root_overlapping_a_served_one(tmp_path, private):
    result = _check({"HROMADA_DATA_DIR": str(tmp_path), "HROMADA_MEDIA_ROOT": str(tmp_path / "media"),
                     "HROMADA_PRIVATE_ROOT": str((tmp_path / private).resolve())})
    assert result.returncode != 0 and "HROMADA_PRIVATE_ROOT" in result.stderr


def test_deploy_check_reports_leftover_private_folders_and_a_readable_private_root(roots):
    media, private = roots
    assert storage.check_private_root() == []
    private.mkdir()
    os.chmod(private, 0o755)  # noqa: S103 - the mistake the check is there to report
    (media / "opendata").mkdir()
    ids = sorted(problem.id for problem in storage.check_private_root())
    assert ids == ["hromada.E010", "hromada.W010"]
