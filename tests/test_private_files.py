"""Cross-cutting (issue 9): private files are never readable through a static route.

A confidential appeal's photo and document and a private dataset's file live in HROMADA_PRIVATE_ROOT under
random names; they reach only those allowed, through permission-checked views, whose Content-Disposition names
come from public metadata. Every media and download route is probed with encoded traversal (`..%2F`, `%2E%2E`,
`%2e%2e%2f`, `%252e%252e`, backslashes, absolute paths) under `/`, the own `/c/<slug>/` and another community's.
The data migrations move an existing install's files out of the public root."""

from __future__ import annotations

import importlib
import io
import os
import re
import types
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import make_member
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from hromada.appeals import services as appeals
from hromada.appeals.tests.factories import jpeg_bytes, make_appeal, make_category, upload
from hromada.core.api.tokens import api_token_create
from hromada.core.identity.models import Role
from hromada.opendata import services as opendata
from hromada.opendata.datastore import csv_bytes
from hromada.opendata.tests.factories import add_csv, make_dataset, make_publisher
from hromada.petitions import services as petitions
from hromada.petitions.models import Decision
from hromada.petitions.tests import factories as pf

pytestmark = pytest.mark.django_db

HEX = "[0-9a-f]{32}"
UPLOADER_NAMES = ("Ivanenko", "Secret-Report", "Vidpovid")
SECRET_CSV = csv_bytes(["name", "salary"], [["Ivanenko SECRETROW", "12345"], ["Petrenko SECRETROW", "23456"]])
SECRET_PDF = b"%PDF-1.4\n% SECRETPDF Ivanenko\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class World:
    alpha: object
    beta: object
    author: object
    stranger: object
    foreigner: object
    official: object
    admin: object
    beta_admin: object
    secret_appeal: object
    public_appeal: object
    secret_photo: object
    public_photo: object
    secret_document: object
    private_dataset: object
    private_resource: object
    public_dataset: object
    public_resource: object
    petition: object
    attachment: object


@pytest.fixture
def world(community, other_community, department, official, community_admin) -> World:
    author = make_member(community, Role.RESIDENT, strong=True)
    category = make_category(community, "light", fallback=department)
    secret = make_appeal(community, author, category, public=False, description="Конфіденційна скарга",
                         photos=[upload(jpeg_bytes((70, 50)), "Ivanenko-home.jpg")])
    public = make_appeal(community, author, category, description="Публічна проблема",
                         photos=[upload(jpeg_bytes((60, 40)), "street.jpg")])
    appeals.appeal_assign(actor=official, community=community, appeal_id=secret.pk, owner_id=official.pk)
    appeals.appeal_start(actor=official, community=community, appeal_id=secret.pk)
    appeals.appeal_answer(actor=official, community=community, appeal_id=secret.pk, text="Відповідь надано.",
                          documents=[upload(SECRET_PDF, "Secret-Report_Ivanenko.pdf", "application/pdf")])

    publisher = make_publisher(community, community_admin, department=department, name="finance")
    private = make_dataset(community, community_admin, publisher, name="secret-draft", title="Чернетка",
                           private=True)
    private_resource = opendata.resource_create(
        actor=community_admin, community=community, dataset=private, name="Зарплати", content=SECRET_CSV,
        filename="Ivanenko-salaries.csv", format="CSV")
    opendata.datastore_run_load(version_id=private_resource.current_version_id)
    public_dataset = make_dataset(community, community_admin, publisher, name="budget", title="Бюджет")
    public_resource = add_csv(community, community_admin, public_dataset)

    pf.set_settings(community, threshold=1)
    petition = pf.collecting(community, author)
    petitions.petition_assign_department(actor=make_member(community, Role.MODERATOR), community=community,
                                         petition=petition, department_id=department.pk)
    pf.reach_threshold(community, petition)
    petitions.petition_answer(actor=official, community=community, petition=petition, decision=Decision.PARTLY,
                              text="Рада частково підтримує петицію.",
                              attachments=[SimpleUploadedFile("Vidpovid-Ivanenko.pdf", b"%PDF-1.4\n%%EOF",
                                                              "application/pdf")])
    for item in (private_resource, public_resource):
        item.refresh_from_db()
    return World(
        alpha=community, beta=other_community, author=author, stranger=make_member(community, Role.RESIDENT),
        foreigner=make_member(other_community, Role.RESIDENT), official=official, admin=community_admin,
        beta_admin=make_member(other_community, Role.ADMIN), secret_appeal=secret, public_appeal=public,
        secret_photo=secret.photos.get(), public_photo=public.photos.get(), secret_document=secret.documents.get(),
        private_dataset=private, private_resource=private_resource, public_dataset=public_dataset,
        public_resource=public_resource, petition=petition, attachment=petition.attachments.get())


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _stored(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


# ---------------------------------------------------------------- where files are and what they are called


def test_private_files_live_outside_the_public_root_under_random_names(world):
    media, private = Path(settings.MEDIA_ROOT).resolve(), Path(settings.HROMADA_PRIVATE_ROOT).resolve()
    assert media not in private.parents and private not in media.parents and media != private
    c = world.alpha.pk
    private_files = {
        rf"appeals/{c}/photos/{HEX}\.jpg": world.secret_photo.file,
        rf"appeals/{c}/documents/{HEX}\.pdf": world.secret_document.file,
        rf"opendata/{c}/{HEX}\.csv": world.private_resource.current_version.file,
    }
    for pattern, field_file in private_files.items():
        assert re.fullmatch(pattern, field_file.name), field_file.name
        path = Path(field_file.path).resolve()
        assert private in path.parents and media not in path.parents
        assert path.stat().st_mode & 0o077 == 0, "private files are readable by their owner only"
        with pytest.raises(ValueError):
            field_file.url  # noqa: B018 - a private file has no URL at all
    attachment = world.attachment.file
    assert re.fullmatch(rf"petitions/{c}/{world.petition.pk}/{HEX}\.pdf", attachment.name)
    assert media in Path(attachment.path).resolve().parents and world.attachment.name == "Vidpovid-Ivanenko.pdf"
    assert attachment.url == f"/media/{attachment.name}"


def test_a_large_upload_waits_for_its_check_under_a_random_private_name(world, settings):
    settings.HROMADA_OPENDATA_INLINE_CHECK_BYTES = 10
    pending = opendata.upload_submit(actor=world.admin, community=world.alpha, dataset=world.private_dataset,
                                     upload=SimpleUploadedFile("Ivanenko-big.csv", SECRET_CSV, "text/csv"))
    assert re.fullmatch(rf"opendata/incoming/{world.alpha.pk}/{HEX}\.bin", pending.file.name)
    assert Path(settings.HROMADA_PRIVATE_ROOT).resolve() in Path(pending.file.path).resolve().parents


# ---------------------------------------------------------------- who may read which file


def _appeal_file_urls(world, prefix: str) -> dict[str, str]:
    a = f"{prefix}/appeals"
    return {
        "secret photo": f"{a}/{world.secret_appeal.pk}/photos/{world.secret_photo.pk}",
        "secret document": f"{a}/{world.secret_appeal.pk}/documents/{world.secret_document.pk}",
    }


def _dataset_file_urls(world, prefix: str) -> dict[str, str]:
    base = f"{prefix}/opendata/dataset/secret-draft/resource/{world.private_resource.pk}"
    return {"private download": f"{base}/download", "private version": f"{base}/v1/download"}


def test_a_confidential_appeals_files_reach_only_its_author_and_staff(world):
    own = f"/c/{world.alpha.slug}"
    for label, user in {"anonymous": None, "another resident": world.stranger, "a resident of another community":
                        world.foreigner, "another community's admin": world.beta_admin}.items():
        for what, url in _appeal_file_urls(world, own).items():
            response = _client(user).get(url)
            assert response.status_code == 404, (label, what)
            assert b"SECRETPDF" not in _body(response)
    for user in (world.author, world.official, world.admin):
        for prefix in ("", f"/c/{world.beta.slug}"):  # no community, or someone else's: never found
            for url in _appeal_file_urls(world, prefix).values():
                assert _client(user).get(url).status_code == 404, url
        photo = _client(user).get(_appeal_file_urls(world, own)["secret photo"])
        assert photo.status_code == 200 and _body(photo) == _stored(world.secret_photo.file)
        index = world.secret_appeal.registration_index
        assert photo["Content-Disposition"] == f'inline; filename="{index}-photo-{world.secret_photo.pk}.jpg"'
        assert photo["Cache-Control"] == "private, no-store" and photo["X-Content-Type-Options"] == "nosniff"
        document = _client(user).get(_appeal_file_urls(world, own)["secret document"])
        assert document.status_code == 200 and _body(document) == SECRET_PDF
        assert document["Content-Disposition"] == (
            f'attachment; filename="{index}-document-{world.secret_document.pk}.pdf"')
        for response, field_file in ((photo, world.secret_photo.file), (document, world.secret_document.file)):
            disposition = response["Content-Disposition"]
            assert Path(field_file.name).stem not in disposition
            assert not any(name in disposition for name in UPLOADER_NAMES)


def test_a_private_datasets_file_reaches_only_the_communitys_staff(world):
    own = f"/c/{world.alpha.slug}"
    for label, user in {"anonymous": None, "a resident": world.stranger, "a resident of another community":
                        world.foreigner, "another community's admin": world.beta_admin}.items():
        for what, url in _dataset_file_urls(world, own).items():
            response = _client(user).get(url)
            assert response.status_code == 404, (label, what)
            assert b"SECRETROW" not in _body(response)
    for prefix in ("", f"/c/{world.beta.slug}"):
        for url in _dataset_file_urls(world, prefix).values():
            assert _client(world.admin).get(url).status_code == 404, url
    for user in (world.admin, world.official):
        for url in _dataset_file_urls(world, own).values():
            response = _client(user).get(url)
            assert response.status_code == 200 and _body(response) == SECRET_CSV, url
            assert response["Content-Disposition"] == 'inline; filename="secret-draft-1-v1.csv"'
            assert response["Cache-Control"] == "private, no-store"
            stored = Path(world.private_resource.current_version.file.name).stem
            assert stored not in response["Content-Disposition"] and "Ivanenko" not in response["Content-Disposition"]
    public = _client().get(f"{own}/opendata/dataset/budget/resource/{world.public_resource.pk}/download")
    assert public.status_code == 200 and public["Content-Disposition"] == 'inline; filename="budget-1-v1.csv"'


def test_ckan_resource_urls_and_dumps_of_a_private_dataset_reach_only_staff(world):
    own = f"/c/{world.alpha.slug}"
    _token, raw = api_token_create(actor=world.admin, community=world.alpha, name="ckan")
    shown = Client().get(f"{own}/api/3/action/package_show", {"id": "secret-draft"}, HTTP_AUTHORIZATION=raw)
    assert shown.status_code == 200
    url = shown.json()["result"]["resources"][0]["url"]
    path = re.sub(r"^https?://[^/]+", "", url)
    assert path == f"{own}/opendata/dataset/secret-draft/resource/{world.private_resource.pk}/download"
    assert "Ivanenko" not in shown.content.decode()
    assert _client().get(path).status_code == 404 and _client(world.stranger).get(path).status_code == 404
    assert _client(world.admin).get(path).status_code == 200
    resource_id = str(world.private_resource.pk)
    for user_header in ({}, {"HTTP_AUTHORIZATION": api_token_create(actor=world.stranger, community=world.alpha,
                                                                     name="x")[1]}):
        assert Client().get(f"{own}/api/3/action/package_show", {"id": "secret-draft"},
                            **user_header).status_code in (403, 404)
        assert Client().get(f"{own}/api/3/action/resource_show", {"id": resource_id},
                            **user_header).status_code in (403, 404)
        dump = Client().get(f"{own}/datastore/dump/{resource_id}", **user_header)
        assert dump.status_code == 404 and b"SECRETROW" not in _body(dump)
    assert Client().get(f"/c/{world.beta.slug}/datastore/dump/{resource_id}").status_code == 404
    dump = Client().get(f"{own}/datastore/dump/{resource_id}", HTTP_AUTHORIZATION=raw)
    assert dump.status_code == 200 and b"SECRETROW" in _body(dump)


def test_a_petition_answers_attachment_is_public_under_its_random_name(world):
    response = Client().get(world.attachment.file.url)
    assert response.status_code == 200 and _body(response) == b"%PDF-1.4\n%%EOF"
    assert response["Content-Disposition"] == "inline" and response["X-Content-Type-Options"] == "nosniff"
    page = Client().get(f"/c/{world.alpha.slug}/petitions/{world.petition.pk}/").content.decode()
    assert world.attachment.file.url in page and "Vidpovid-Ivanenko.pdf" in page  # the name people see


# ---------------------------------------------------------------- encoded traversal on every file route


DOTS = ("..", "%2E%2E", "%2e%2e", "%252e%252e", ".%2e", "%2E.")
SLASHES = ("/", "%2F", "%2f", "%252F", "%5C", "\\")


def _climbs(depth: int) -> list[str]:
    return [(dots + slash) * depth for dots in DOTS for slash in SLASHES]


def _media_probes(target: Path) -> list[str]:
    """Paths below /media/ that try to reach `target` (a private file) from the public root."""
    media = Path(settings.MEDIA_ROOT).resolve()
    rest = os.path.relpath(target.resolve(), media)
    ups = rest.count("../")
    tail = rest.replace("../", "")
    probes = []
    for start, depth in (("", ups), ("", ups + 1), ("public/", ups + 1), ("petitions/x/", ups + 2)):
        probes += [f"/media/{start}{climb}{tail}" for climb in _climbs(depth)]
    absolute = str(target.resolve())
    probes += [f"/media/{absolute}", f"/media/%2F{absolute.lstrip('/')}", f"/media/{absolute.replace('/', '%2F')}",
               f"/media/{absolute.replace('/', chr(92))}", f"/media/{absolute.replace('/', '%5C')}",
               f"/media/public/{rest}", f"/media/{rest}", f"/media/public/..%2Fprivate/{tail}",
               f"/media/public/%2E%2E/{tail}"]
    return probes


def _route_probes(world) -> list[str]:
    """Paths of the capabilities' file routes that try to step from a public file to a private one."""
    pub_appeal, photo = world.public_appeal.pk, world.public_photo.pk
    secret_photo = f"{world.secret_appeal.pk}/photos/{world.secret_photo.pk}"
    secret_document = f"{world.secret_appeal.pk}/documents/{world.secret_document.pk}"
    public_res, private_res = world.public_resource.pk, world.private_resource.pk
    probes = []
    for climb in _climbs(1) + _climbs(2):
        probes += [
            f"/appeals/{pub_appeal}/photos/{photo}/{climb}{climb}{secret_photo}",
            f"/appeals/{pub_appeal}/photos/{climb}{climb}{secret_photo}",
            f"/appeals/{pub_appeal}/{climb}{secret_document}",
            f"/appeals/{climb}{secret_photo}",
            f"/opendata/dataset/budget/resource/{public_res}/download/{climb * 3}secret-draft/resource/{private_res}/download",
            f"/opendata/dataset/budget/{climb}{climb}secret-draft/resource/{private_res}/download",
            f"/opendata/dataset/{climb}secret-draft/resource/{private_res}/v1/download",
            f"/opendata/dataset/budget/resource/{climb}{private_res}/download",
            f"/datastore/dump/{public_res}/{climb}{private_res}",
        ]
    probes += [f"/appeals/{secret_photo.replace('/', '%2F')}", f"/appeals/%2F{secret_photo}",
               f"/opendata/dataset/secret-draft%2Fresource%2F{private_res}%2Fdownload"]
    return probes


def test_no_encoded_path_reaches_a_private_file(world):
    targets = {
        world.secret_photo.file.path: _stored(world.secret_photo.file),
        world.secret_document.file.path: SECRET_PDF,
        world.private_resource.current_version.file.path: SECRET_CSV,
    }
    media_probes = [p for target in targets for p in _media_probes(Path(target))]
    route_probes = _route_probes(world)
    assert len(media_probes) > 400 and len(route_probes) > 600
    prefixes = ("", f"/c/{world.alpha.slug}", f"/c/{world.beta.slug}")
    # /media/ knows no users; the capabilities' routes are tried by a resident of the community too.
    runs = [(None, prefix, media_probes + route_probes) for prefix in prefixes]
    runs.append((world.stranger, f"/c/{world.alpha.slug}", route_probes))
    for user, prefix, probes in runs:
        client = _client(user)
        for probe in probes:
            response = client.get(prefix + probe)
            assert response.status_code == 404, (prefix + probe, response.status_code)
            body = _body(response)
            assert not any(secret in body for secret in (b"SECRETROW", b"SECRETPDF")), probe
            assert not any(body and body == secret for secret in targets.values()), probe


def test_the_files_of_an_install_from_before_the_fix_are_not_served_before_the_migration(world):
    """An install upgraded without `migrate` yet: its private files still sit in the public root."""
    media = Path(settings.MEDIA_ROOT)
    legacy = {
        "private/appeals/1/photos/0123456789abcdef0123456789abcdef.jpg": _stored(world.secret_photo.file),
        "opendata/2026/11/Ivanenko-salaries.csv": SECRET_CSV,
    }
    try:
        for name, data in legacy.items():
            (media / name).parent.mkdir(parents=True, exist_ok=True)
            (media / name).write_bytes(data)
        for name in legacy:
            rest = name.split("/", 1)[1]
            first = name.split("/", 1)[0]
            for path in (f"/media/{name}", f"/media/public/..%2F{name}", f"/media/public/%2E%2E/{name}",
                         f"/media/public/%2e%2e%2f{first}%2f{rest}", f"/media/public/%252e%252e/{name}",
                         f"/media/public/..%5C{name}", f"/media/public/../{name}"):
                for prefix in ("", f"/c/{world.beta.slug}"):
                    assert Client().get(prefix + path).status_code == 404, prefix + path
    finally:
        for top in ("private", "opendata"):
            import shutil

            shutil.rmtree(media / top, ignore_errors=True)


# ---------------------------------------------------------------- existing installs: the data migrations


def _migration(app: str, name: str):
    return importlib.import_module(f"hromada.{app}.migrations.{name}")


def _run(function, capture) -> None:
    from django.apps import apps

    with capture(execute=True):
        function(apps, types.SimpleNamespace(connection=connection))


@pytest.fixture
def roots(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HROMADA_PRIVATE_ROOT = tmp_path / "private"
    return settings.MEDIA_ROOT, settings.HROMADA_PRIVATE_ROOT


def _make_legacy(row, media: Path, legacy_name: str, data: bytes) -> None:
    """Put a row's file where the previous release kept it, named as it named it."""
    (media / legacy_name).parent.mkdir(parents=True, exist_ok=True)
    (media / legacy_name).write_bytes(data)
    type(row).objects.filter(pk=row.pk).update(file=legacy_name)


def test_the_opendata_migration_moves_files_to_the_private_root_under_random_names(
        world, roots, django_capture_on_commit_callbacks):
    media, private = roots
    version = world.private_resource.current_version
    _make_legacy(version, media, "opendata/2026/11/ivanenko-salaries.csv", SECRET_CSV)
    (media / "opendata/2026/10").mkdir(parents=True)
    (media / "opendata/2026/10/old-leftover.csv").write_bytes(b"old,SECRETROW")
    settings.HROMADA_OPENDATA_INLINE_CHECK_BYTES = 10
    pending = opendata.upload_submit(actor=world.admin, community=world.alpha, dataset=world.private_dataset,
                                     upload=SimpleUploadedFile("big.csv", SECRET_CSV, "text/csv"))
    _make_legacy(pending, media, "opendata/incoming/2026/11/0123456789abcdef0123456789abcdef.bin", SECRET_CSV)
    url_only = opendata.resource_create(actor=world.admin, community=world.alpha, dataset=world.public_dataset,
                                        name="Посилання", url="https://example.org/data.csv", format="CSV")

    _run(_migration("opendata", "0007_private_files").move_files, django_capture_on_commit_callbacks)

    version.refresh_from_db()
    pending.refresh_from_db()
    assert re.fullmatch(rf"opendata/{world.alpha.pk}/{HEX}\.csv", version.file.name)
    assert re.fullmatch(rf"opendata/incoming/{world.alpha.pk}/{HEX}\.bin", pending.file.name)
    assert (private / version.file.name).read_bytes() == SECRET_CSV
    assert (private / version.file.name).stat().st_mode & 0o777 == 0o600
    assert (private / pending.file.name).read_bytes() == SECRET_CSV
    assert not (media / "opendata").exists(), "nothing of open data is left in the public root"
    assert (private / "unreferenced/opendata/2026/10/old-leftover.csv").read_bytes() == b"old,SECRETROW"
    url_only.refresh_from_db()
    assert not url_only.current_version.file
    response = _client(world.admin).get(
        f"/c/{world.alpha.slug}/opendata/dataset/secret-draft/resource/{world.private_resource.pk}/download")
    assert response.status_code == 200 and _body(response) == SECRET_CSV
    assert response["Content-Disposition"] == 'inline; filename="secret-draft-1-v1.csv"'


@pytest.fixture
def photo_bytes(world):
    return _stored(world.secret_photo.file)


def test_the_appeals_migration_moves_photos_and_documents_out_of_the_public_root(
        world, photo_bytes, roots, django_capture_on_commit_callbacks):
    media, private = roots
    photo, document = world.secret_photo, world.secret_document
    old_photo = f"appeals/{world.alpha.pk}/photos/0123456789abcdef0123456789abcdef.jpg"
    _make_legacy(photo, media / "private", old_photo, photo_bytes)
    _make_legacy(document, media / "private", f"appeals/{world.alpha.pk}/documents/{'f' * 32}.pdf", SECRET_PDF)
    (media / "private/appeals/9/photos").mkdir(parents=True)
    (media / "private/appeals/9/photos/orphan.jpg").write_bytes(b"orphan")
    missing = world.public_photo
    type(missing).objects.filter(pk=missing.pk).update(file="appeals/1/photos/gone.jpg")

    _run(_migration("appeals", "0003_private_files").move_files, django_capture_on_commit_callbacks)

    photo.refresh_from_db()
    document.refresh_from_db()
    missing.refresh_from_db()
    assert re.fullmatch(rf"appeals/{world.alpha.pk}/photos/{HEX}\.jpg", photo.file.name) and photo.file.name != old_photo
    assert re.fullmatch(rf"appeals/{world.alpha.pk}/documents/{HEX}\.pdf", document.file.name)
    assert (private / photo.file.name).read_bytes() == photo_bytes
    assert (private / document.file.name).read_bytes() == SECRET_PDF
    assert missing.file.name == "appeals/1/photos/gone.jpg"  # nothing to move: left as it was
    assert not (media / "private").exists()
    assert (private / "unreferenced/private/appeals/9/photos/orphan.jpg").read_bytes() == b"orphan"
    base = f"/c/{world.alpha.slug}/appeals/{world.secret_appeal.pk}"
    assert _body(_client(world.author).get(f"{base}/photos/{photo.pk}")) == photo_bytes
    assert _client().get(f"{base}/photos/{photo.pk}").status_code == 404
    assert _client(world.author).get(f"/c/{world.alpha.slug}/appeals/{missing.appeal_id}/photos/{missing.pk}"
                                     ).status_code == 404  # a lost file is "not found", not a server error


def test_the_petitions_migration_renames_attachments_and_retires_unreferenced_files(
        world, roots, django_capture_on_commit_callbacks):
    media, private = roots
    attachment = world.attachment
    old = f"public/petitions/{world.alpha.pk}/{world.petition.pk}/Vidpovid-Ivanenko.pdf"
    _make_legacy(attachment, media, old, b"%PDF-1.4\n%%EOF")
    (media / "public/petitions/9/9").mkdir(parents=True)
    (media / "public/petitions/9/9/deleted-petition.pdf").write_bytes(b"%PDF-old")

    _run(_migration("petitions", "0002_attachment_random_names").rename_files, django_capture_on_commit_callbacks)

    attachment.refresh_from_db()
    assert re.fullmatch(rf"petitions/{world.alpha.pk}/{world.petition.pk}/{HEX}\.pdf", attachment.file.name)
    assert attachment.name == "Vidpovid-Ivanenko.pdf"
    assert (media / attachment.file.name).read_bytes() == b"%PDF-1.4\n%%EOF"
    assert not (media / "public").exists()
    assert (private / "unreferenced/public/petitions/9/9/deleted-petition.pdf").read_bytes() == b"%PDF-old"
    assert _body(Client().get(attachment.file.url)) == b"%PDF-1.4\n%%EOF"
    assert Client().get(f"/media/{old}").status_code == 404


def test_the_migrations_leave_a_fresh_install_alone(roots, django_capture_on_commit_callbacks):
    media, private = roots
    for app, name, function in (("opendata", "0007_private_files", "move_files"),
                                ("appeals", "0003_private_files", "move_files"),
                                ("petitions", "0002_attachment_random_names", "rename_files")):
        _run(getattr(_migration(app, name), function), django_capture_on_commit_callbacks)
    assert not media.exists() and not private.exists()


def test_an_mpo_phone_photo_is_stored_as_a_plain_jpeg(community, resident, department):
    from PIL import Image

    first, second = Image.new("RGB", (40, 30), (200, 0, 0)), Image.new("RGB", (40, 30), (0, 0, 200))
    out = io.BytesIO()
    first.save(out, format="MPO", save_all=True, append_images=[second])
    appeal = make_appeal(community, resident, make_category(community, "mpo", fallback=department),
                         photos=[upload(out.getvalue(), "IMG_0001.JPG")])
    stored = Image.open(io.BytesIO(_stored(appeal.photos.get().file)))
    assert stored.format == "JPEG" and getattr(stored, "n_frames", 1) == 1
