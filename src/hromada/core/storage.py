"""Where uploads live: public files under MEDIA_ROOT (served at /media/), private ones under HROMADA_PRIVATE_ROOT,
which no URL serves; capabilities hand private files out only through permission-checked views (private_file_response).

Every stored name is random (random_name), never the uploader's file name; people see names made of public metadata."""

from __future__ import annotations

import contextlib
import logging
import mimetypes
import os
import re
import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

_EXTENSION = re.compile(r"^\.[a-z0-9]{1,8}$")


class PrivateStorage(FileSystemStorage):
    """Files under HROMADA_PRIVATE_ROOT (read from settings on every use), readable by the app's user only,
    and without a URL: a template that tries `.url` fails loudly instead of printing an unchecked link."""

    def __init__(self):
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property
    def base_location(self):
        return Path(settings.HROMADA_PRIVATE_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("A private file has no URL: serve it with a permission-checked view.")


private_storage = PrivateStorage()


def get_private_storage() -> PrivateStorage:
    """The `storage=` of every private FileField (a callable, so migrations never record a path)."""
    return private_storage


def random_name(prefix: str, filename: str = "", *, extension: str | None = None) -> str:
    """`<prefix>/<32 hex>.<ext>`: the extension (of `filename`, or given) is kept when it is a short plain one."""
    ext = (extension if extension is not None else os.path.splitext(filename or "")[1]).lower()
    return f"{prefix.strip('/')}/{uuid.uuid4().hex}{ext if _EXTENSION.match(ext) else ''}"


def private_file_response(field_file, *, content_type: str, download_name: str = "", attachment: bool = False,
                          cache_control: str = "private, no-store") -> FileResponse:
    """Stream a stored file to someone the caller has already checked. Content-Disposition carries only
    `download_name` (built from public metadata by the caller), never the stored or the uploaded name; only a
    file everyone may see should get a shared-cache `cache_control`."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404() from exc
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = (content_disposition_header(attachment, download_name) if download_name
                                       else ("attachment" if attachment else "inline"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache_control
    return response


# ---------------------------------------------------------------- /media/: public files only

_PUBLIC_SEGMENT = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199}$")
# Folders of MEDIA_ROOT where earlier releases kept private files; the data migrations empty them, and until
# they have run nothing below them is served.
LEGACY_PRIVATE_FOLDERS = ("private", "opendata")


@require_safe
def public_media(request, path: str):
    """A file under MEDIA_ROOT (only public files live there). Anything but plain name segments — `..`, `.`,
    empty segments, backslashes, `%`, absolute paths — and anything resolving outside the root is a 404."""
    segments = path.split("/")
    if (not path or len(segments) > 12 or not all(_PUBLIC_SEGMENT.match(s) for s in segments)
            or segments[0] in LEGACY_PRIVATE_FOLDERS):
        raise Http404()
    root = Path(settings.MEDIA_ROOT).resolve()
    full = (root / path).resolve()
    if root not in full.parents or not full.is_file():
        raise Http404()
    private_root = Path(settings.HROMADA_PRIVATE_ROOT).resolve()
    if full == private_root or private_root in full.parents:
        raise Http404()
    content_type = mimetypes.guess_type(full.name)[0] or "application/octet-stream"
    response = FileResponse(full.open("rb"), content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response


@checks.register(checks.Tags.security, deploy=True)
def check_private_root(app_configs=None, **kwargs):
    """`check --deploy`: private files must not be readable by other users (the web server's, for one), and
    folders of earlier releases must be gone from MEDIA_ROOT (nginx would serve them)."""
    problems = []
    root = Path(settings.HROMADA_PRIVATE_ROOT)
    if root.is_dir() and root.stat().st_mode & 0o077:
        problems.append(checks.Warning(
            f"HROMADA_PRIVATE_ROOT ({root}) can be read by other users; chmod 700 it.", id="hromada.W010"))
    for folder in LEGACY_PRIVATE_FOLDERS:
        legacy = Path(settings.MEDIA_ROOT) / folder
        if legacy.exists():
            problems.append(checks.Error(
                f"{legacy} holds private files of an earlier release inside the public MEDIA_ROOT: run "
                "`hromada migrate`.", id="hromada.E010"))
    return problems


# ---------------------------------------------------------------- moving files of existing installs


def relocate_files(queryset, *, old_root: Path, new_root: Path, new_name, private: bool, label: str) -> int:
    """Give every stored file of `queryset` (rows with a `file` field) a new random name under `new_root`,
    taken from `old_root` (used by data migrations). The file is hard-linked (or copied) to its new place
    and the row updated; the old name is removed only when the transaction commits, so a failed migration
    leaves every file where its rows say it is. Returns how many files moved."""
    from django.db import transaction

    old_root, new_root = Path(old_root), Path(new_root)
    moved: list[Path] = []
    manager = queryset.model._base_manager.db_manager(queryset.db)
    for row in list(queryset.exclude(file="")):
        name = row.file.name
        source = old_root / name
        if not name or Path(name).is_absolute() or ".." in Path(name).parts or not source.is_file():
            if not (new_root / name).is_file():
                logger.warning("%s %s: stored file %r is missing; left as it is", label, row.pk, name)
            continue
        target_name = new_name(row, name)
        target = new_root / target_name
        _make_dirs(target.parent, new_root, private)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
        if private:
            with contextlib.suppress(OSError):
                os.chmod(target, 0o600)
        manager.filter(pk=row.pk).update(file=target_name)
        moved.append(source)
    transaction.on_commit(lambda: [path.unlink(missing_ok=True) for path in moved], using=queryset.db)
    return len(moved)


def sweep_directory(directory: Path, *, into: Path | None) -> None:
    """Move what is left under `directory` (files no row refers to) below `into` keeping their relative paths
    (or leave them when `into` is None), then remove the empty folders. Run after relocate_files commits."""
    directory = Path(directory)
    if not directory.is_dir():
        return
    if into is not None:
        for path in sorted(p for p in directory.rglob("*") if p.is_file() or p.is_symlink()):
            target = Path(into) / path.relative_to(directory)
            _make_dirs(target.parent, Path(into), True)
            shutil.move(str(path), str(target))
            if target.is_file() and not target.is_symlink():
                with contextlib.suppress(OSError):
                    os.chmod(target, 0o600)
            logger.warning("moved the unreferenced file %s to %s", path, target)
    for folder in sorted((p for p in directory.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        _rmdir_if_empty(folder)
    _rmdir_if_empty(directory)


def _make_dirs(folder: Path, root: Path, private: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if not private:
        return
    current = folder
    while current == root or root in current.parents:
        with contextlib.suppress(OSError):  # a mounted root may not let us; its own mode then rules
            os.chmod(current, 0o700)
        if current == root:
            break
        current = current.parent


def _rmdir_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:
        pass
