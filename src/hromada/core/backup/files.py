"""The files of a backup: every file under every file root the settings define (media, private files ...).

Restoring writes only inside those roots; a member name that would lead elsewhere refuses the whole archive."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from .archive import ArchiveError, inside

# Rebuilt from the installed packages by collectstatic; not data.
NOT_DATA = {"STATIC_ROOT"}


def file_roots() -> dict[str, Path]:
    """{setting name: directory} for MEDIA_ROOT and every other *_ROOT setting that holds stored files."""
    roots = {}
    for name in dir(settings):
        if name.isupper() and name.endswith("_ROOT") and name not in NOT_DATA:
            value = getattr(settings, name)
            if isinstance(value, (str, os.PathLike)) and str(value):
                roots[name] = Path(value)
    return dict(sorted(roots.items()))


def stored_files() -> Iterator[tuple[str, str, Path]]:
    """(root setting, path relative to the root in POSIX form, absolute path) of every regular file.

    A root nested in another (private files under MEDIA_ROOT/private) is walked once, as itself.
    Symbolic links are skipped: they may point anywhere, and restoring one could write outside the roots."""
    roots = file_roots()
    resolved = {name: path.resolve() for name, path in roots.items()}
    for name, root in roots.items():
        if not root.is_dir():
            continue
        others = [p for other, p in resolved.items() if other != name and p != resolved[name]
                  and p.is_relative_to(resolved[name])]
        for directory, subdirs, files in os.walk(root):
            here = Path(directory)
            subdirs[:] = sorted(d for d in subdirs
                                if not (here / d).is_symlink() and (here / d).resolve() not in others)
            for filename in sorted(files):
                path = here / filename
                if path.is_symlink() or not path.is_file():
                    continue
                yield name, path.relative_to(root).as_posix(), path


def root_has_files(root: Path) -> bool:
    return root.is_dir() and any(path.is_file() for path in root.rglob("*"))


def file_target(root_name: str, relative: str) -> Path:
    """Where a restored file goes, or ArchiveError when its root is unknown here or the path leaves it."""
    roots = file_roots()
    if root_name not in roots:
        raise ArchiveError(f"the archive has files for {root_name}, which these settings do not define")
    return inside(roots[root_name], relative)


def file_restore(stream, target: Path) -> int:
    """Write one file (through a temporary name, so a crash leaves no half file under the real one)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".restoring")
    with open(partial, "wb") as out:
        shutil.copyfileobj(stream, out, 1 << 20)
        size = out.tell()
    os.replace(partial, target)
    return size
