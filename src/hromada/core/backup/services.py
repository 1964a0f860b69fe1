"""backup_create and backup_restore: a whole install into one archive and back, on SQLite or PostgreSQL.

Rows and tables are read in one consistent snapshot; a restore checks the archive before it writes anything."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import django
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction

from . import rows
from .archive import FORMAT, FORMAT_VERSION, ArchiveError, ArchiveReader, ArchiveWriter, safe_relative
from .files import file_restore, file_roots, file_target, root_has_files, stored_files
from .tables import table_sets

Say = Callable[[str], None]


def _quiet(message: str) -> None:
    pass


def hromada_version() -> str:
    try:
        return version("hromada")
    except PackageNotFoundError:
        return "unknown"


@contextmanager
def snapshot() -> Iterator[None]:
    """Every read inside sees the database as it was at one moment, while the site keeps writing."""
    if connection.in_atomic_block:
        # Already inside the caller's transaction (a test, a shell): that transaction is the view.
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    # SQLite (WAL): a deferred read transaction pins the snapshot at its first read and blocks no writer.
    # Django's atomic() would begin IMMEDIATE (the write lock) as these settings ask; hence the plain BEGIN.
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")


def backup_create(*, output: Path, say: Say = _quiet) -> dict:
    """Write every model row, every capability table and every stored file to the archive `output`.
    Returns the manifest."""
    archive = ArchiveWriter(output)
    try:
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "hromada_version": hromada_version(),
            "django_version": django.get_version(),
            "database_vendor": connection.vendor,
            "created_at": datetime.now(UTC).isoformat(),
            "file_roots": sorted(file_roots()),
            "models": [],
            "tables": [],
            "files": [],
        }
        with snapshot():
            manifest["migrations"] = rows.migration_state()
            for model in rows.backed_up_models():
                label = model._meta.label
                member = f"models/{model._meta.label_lower}.jsonl"
                with archive.member(member) as stream:
                    count = rows.model_rows_dump(model, stream, say=say)
                manifest["models"].append({"label": label, "member": member, "rows": count})
                say(f"  {label}: {count} rows")
            for capability, tableset in table_sets():
                for name in tableset.names():
                    member = f"tables/{capability}/{name}.jsonl"
                    count = 0
                    with archive.member(member) as stream:
                        for row in tableset.rows(name):
                            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
                            count += 1
                    manifest["tables"].append({"capability": capability, "name": name, "member": member,
                                               "schema": tableset.schema(name), "rows": count})
                    say(f"  table {name}: {count} rows")
        for done, (root, relative, path) in enumerate(stored_files(), 1):
            member = f"files/{root}/{relative}"
            with archive.member(member) as stream, open(path, "rb") as source:
                while block := source.read(1 << 20):
                    stream.write(block)
            manifest["files"].append({"root": root, "path": relative, "member": member})
            if done % 500 == 0:
                say(f"  files: {done} ...")
        say(f"  files: {len(manifest['files'])}")
        archive.finish(manifest)
    except BaseException:
        archive.abandon()
        raise
    return manifest


def _check_schema(manifest: dict) -> None:
    newer, older = rows.migration_differences(manifest.get("migrations") or {})
    if newer:
        raise ArchiveError(
            f"The archive comes from a newer schema (made by Hromada {manifest.get('hromada_version')}): this "
            f"database lacks {len(newer)} of its migrations ({', '.join(newer[:5])}). Install a Hromada at least "
            "as new, run `hromada migrate`, then restore.")
    if older:
        raise ArchiveError(
            f"The archive comes from an older schema (made by Hromada {manifest.get('hromada_version')}): it lacks "
            f"{len(older)} migrations applied here ({', '.join(older[:5])}). Restore it into a database migrated "
            "only as far as the archive (or with the Hromada that made it), then run `hromada migrate`.")


def _check_files(manifest: dict) -> list[tuple[dict, Path]]:
    """Where each archived file goes; refuses the whole archive if any would land outside its root."""
    placed = []
    for entry in manifest.get("files") or []:
        if entry.get("member") != f"files/{entry.get('root')}/{entry.get('path')}":
            raise ArchiveError(f"file entry does not match its member: {entry.get('member')!r}")
        safe_relative(str(entry.get("root")))
        placed.append((entry, file_target(entry["root"], entry["path"])))
    return placed


def _check_empty(force: bool) -> None:
    filled = rows.tables_with_rows()
    with_files = [name for name, root in file_roots().items() if root_has_files(root)]
    if force or not (filled or with_files):
        return
    what = [f"{label} has {count} rows" for label, count in filled[:5]]
    what += [f"{name} holds files" for name in with_files]
    raise ArchiveError(
        "This install is not empty (" + "; ".join(what) + "). Restore into a freshly migrated database with empty "
        "file roots, or pass --force to erase its database first (files in the roots are overwritten, not "
        "deleted).")


def backup_restore(*, archive_path: Path, force: bool = False, say: Say = _quiet) -> dict:
    """Restore the archive into this (migrated) database and file roots; returns what was restored."""
    reader = ArchiveReader(archive_path)
    try:
        manifest = reader.manifest
        say(f"Checking {archive_path} (made {manifest.get('created_at')} on {manifest.get('database_vendor')}) ...")
        placed = _check_files(manifest)
        reader.verify(say)
        _check_schema(manifest)
        _check_empty(force)
        known = {model._meta.label for model in rows.backed_up_models()}
        if unknown := [e.get("label") for e in manifest.get("models") or [] if e.get("label") not in known]:
            raise ArchiveError(f"the archive has rows of models this install does not have: {unknown[:5]}")
        sets = dict(table_sets())
        for entry in manifest.get("tables") or []:
            if entry.get("capability") not in sets:
                raise ArchiveError(f"the archive has tables of {entry.get('capability')!r}, which is not installed")
            safe_relative(entry.get("name") or "")
        return _write(reader, manifest, placed, sets, force=force, say=say)
    finally:
        reader.close()


class RestoreIncomplete(ArchiveError):
    """The restore stopped after it had started writing; the install holds part of the archive."""


def _write(reader, manifest, placed, sets, *, force: bool, say: Say) -> dict:
    try:
        return _write_all(reader, manifest, placed, sets, force=force, say=say)
    except Exception as error:
        raise RestoreIncomplete(f"The restore stopped part-way ({type(error).__name__}: {error}). Fix the cause and "
                                "run it again with --force.") from error


def _write_all(reader, manifest, placed, sets, *, force: bool, say: Say) -> dict:
    if force:
        say("Erasing this database (--force) ...")
        for tableset in sets.values():
            tableset.drop_all()
        call_command("flush", interactive=False, verbosity=0)
    # Rows name content types by natural key; a cache filled before the flush would give the old ids.
    ContentType.objects.clear_cache()

    say("Restoring rows ...")
    loaded = rows.model_rows_load(manifest.get("models") or [], reader.lines, say=say)

    say("Restoring tables ...")
    tables = {}
    for entry in manifest.get("tables") or []:
        lines = (json.loads(line) for line in reader.lines(entry["member"]) if line.strip())
        count = sets[entry["capability"]].restore(entry["name"], entry.get("schema") or {}, lines)
        if count != entry.get("rows"):
            raise ArchiveError(f"table {entry['name']}: {count} rows restored, the manifest says {entry['rows']}")
        tables[entry["name"]] = count
        say(f"  table {entry['name']}: {count} rows")

    say("Restoring files ...")
    for done, (entry, target) in enumerate(placed, 1):
        with reader.open(entry["member"]) as stream:
            file_restore(stream, target)
        if done % 500 == 0:
            say(f"  files: {done} of {len(placed)} ...")
    say(f"  files: {len(placed)}")
    return {"models": loaded, "tables": tables, "files": len(placed)}
