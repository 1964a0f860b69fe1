"""The backup archive: a zip of JSON-lines members and files, closed by a manifest with every member's checksum.

Members are streamed in and out (zip64, sizes unknown up front); every name is checked before anything is written."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

FORMAT = "hromada-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
_FLUSH_BYTES = 1 << 16
_DRIVE = re.compile(r"^[A-Za-z]:")


class ArchiveError(Exception):
    """A refusal: the archive is damaged, foreign, unsafe, or does not fit this install."""


def safe_relative(name: str) -> PurePosixPath:
    """`name` as a relative path that stays inside whatever directory it is joined to, or ArchiveError.

    A crafted archive may name members "../../etc/cron.d/x", "/abs", "C:\\x" or "a/./../b"; all are refused."""
    if (not name or "\x00" in name or "\\" in name or name.startswith("/") or _DRIVE.match(name)
            or any(part in ("", ".", "..") for part in name.split("/"))):
        raise ArchiveError(f"unsafe path in the archive: {name!r}")
    return PurePosixPath(name)


def inside(root: Path, relative: str) -> Path:
    """The path of `relative` under `root`, refused when it (or a symlink on the way) leads outside the root."""
    target = root / safe_relative(relative)
    if not target.resolve().is_relative_to(root.resolve()):
        raise ArchiveError(f"path leads outside {root}: {relative!r}")
    return target


class _MemberWriter:
    """A write handle on one member that hashes and counts what passes; takes text or bytes."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0
        self._pending: list[bytes] = []
        self._pending_bytes = 0

    def write(self, data: str | bytes) -> int:
        chunk = data.encode("utf-8") if isinstance(data, str) else data
        self._pending.append(chunk)
        self._pending_bytes += len(chunk)
        if self._pending_bytes >= _FLUSH_BYTES:
            self.flush()
        return len(data)

    def flush(self) -> None:
        # The zip writer compresses per call; gathering small JSON lines first keeps that cheap.
        if self._pending:
            block = b"".join(self._pending)
            self.sha256.update(block)
            self.size += len(block)
            self.raw.write(block)
            self._pending, self._pending_bytes = [], 0


class ArchiveWriter:
    """Builds an archive at a temporary name and moves it into place only once the manifest is written."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.partial = self.path.with_name(self.path.name + ".partial")
        # The archive holds personal data and password hashes: readable by its owner only.
        fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        self.zip = zipfile.ZipFile(os.fdopen(fd, "wb"), "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6,
                                   allowZip64=True)
        self.members: dict[str, dict] = {}

    @contextmanager
    def member(self, name: str) -> Iterator[_MemberWriter]:
        safe_relative(name)
        if name in self.members or name == MANIFEST:
            raise ArchiveError(f"member written twice: {name}")
        with self.zip.open(name, "w", force_zip64=True) as raw:
            writer = _MemberWriter(raw)
            yield writer
            writer.flush()
        self.members[name] = {"sha256": writer.sha256.hexdigest(), "size": writer.size}

    def finish(self, manifest: dict) -> Path:
        manifest = {**manifest, "members": self.members}
        self.zip.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        self.zip.close()
        os.replace(self.partial, self.path)
        return self.path

    def abandon(self) -> None:
        self.zip.close()
        self.partial.unlink(missing_ok=True)


class ArchiveReader:
    """Reads an archive written by ArchiveWriter; the manifest is checked on opening, checksums by verify()."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.zip = zipfile.ZipFile(self.path)
            self.manifest = json.loads(self.zip.read(MANIFEST))
        except FileNotFoundError:
            raise ArchiveError(f"no such file: {self.path}") from None
        except (zipfile.BadZipFile, KeyError, ValueError) as error:
            raise ArchiveError(f"{self.path} is not a Hromada backup ({error})") from None
        if not isinstance(self.manifest, dict) or self.manifest.get("format") != FORMAT:
            raise ArchiveError(f"{self.path} is not a Hromada backup (no {FORMAT} manifest)")
        if self.manifest.get("format_version") != FORMAT_VERSION:
            raise ArchiveError(f"{self.path} uses backup format {self.manifest.get('format_version')}; this Hromada "
                               f"reads format {FORMAT_VERSION}")

    def close(self) -> None:
        self.zip.close()

    def verify(self, say=None) -> None:
        """Every member is listed, safely named and intact; nothing else is in the zip."""
        members = self.manifest.get("members") or {}
        present = set(self.zip.namelist()) - {MANIFEST}
        for name in present | set(members):
            safe_relative(name)
        if extra := sorted(present - set(members)):
            raise ArchiveError(f"members not in the manifest: {', '.join(extra[:5])}")
        if missing := sorted(set(members) - present):
            raise ArchiveError(f"members missing from the archive: {', '.join(missing[:5])}")
        for done, (name, expected) in enumerate(sorted(members.items()), 1):
            digest, size = hashlib.sha256(), 0
            with self.zip.open(name) as stream:
                while block := stream.read(1 << 20):
                    digest.update(block)
                    size += len(block)
            if digest.hexdigest() != expected.get("sha256") or size != expected.get("size"):
                raise ArchiveError(f"member {name} is damaged (checksum does not match the manifest)")
            if say and done % 1000 == 0:
                say(f"  checked {done} of {len(members)} members")

    def open(self, name: str):
        if name not in (self.manifest.get("members") or {}):
            raise ArchiveError(f"member not in the manifest: {name}")
        return self.zip.open(name)

    def lines(self, name: str) -> Iterator[str]:
        with self.open(name) as raw:
            yield from io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
