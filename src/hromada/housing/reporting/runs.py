"""A building import from its upload to its applied report: the file and each step's report kept in private storage
under a random token inside the community's folder, and a running step's progress in the shared cache.

A file of up to SYNC_ROWS rows is checked and applied within the request; a larger one by a background task
(core.jobs) whose progress the import page shows. Applying again is harmless: rows already imported are unchanged."""

from __future__ import annotations

import contextlib
import json
import os
import re
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.core.cache import caches
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.errors import Conflict, DomainError, NotFound
from hromada.core.identity.guard import require, service
from hromada.core.jobs.enqueue import enqueue_on_commit
from hromada.core.storage import private_storage
from hromada.core.uploads import read_upload
from hromada.housing import policies
from hromada.housing.manifest import housing_settings

from . import importing
from .importing import ImportReport

# Measured by bench/housing_import.py (docs/housing.md): a row takes 10-20 ms through the services, so 200 rows
# keep a request within a few seconds; a longer file is a task with its progress on the page.
SYNC_ROWS = 200
STEP_TASK = "hromada.housing.reporting.tasks.building_import_step"
CHECK, APPLY = "check", "apply"
STATE_SECONDS = 2 * 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Run:
    token: str
    name: str  # the uploader's file name, for display only
    size: int
    format: str
    rows: int
    uploaded_by: int | None
    uploaded_at: str

    @property
    def background(self) -> bool:
        return self.rows > SYNC_ROWS


@dataclass(frozen=True)
class StepState:
    """Where a step is: "queued", "running", "done", "failed", or "" (never started, or its task was lost)."""

    state: str = ""
    done: int = 0
    total: int = 0
    report: ImportReport | None = None
    error: str = ""

    @property
    def pending(self) -> bool:
        return self.state in ("queued", "running")

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


def _folder(community, token: str) -> str:
    return f"housing/{community.pk}/imports/{token}"


def _progress_key(community, token: str, step: str) -> str:
    return f"housing:import:{community.pk}:{token}:{step}"


def _write_json(name: str, data: dict) -> None:
    if private_storage.exists(name):
        private_storage.delete(name)
    private_storage.save(name, ContentFile(json.dumps(data, ensure_ascii=False).encode()))


def _read_json(name: str) -> dict | None:
    try:
        with private_storage.open(name, "rb") as handle:
            return json.loads(handle.read())
    except (FileNotFoundError, ValueError):
        return None


@service
def building_import_upload(*, actor, community, upload) -> Run:
    """Keep an uploaded building list (refused at once when it cannot be imported at all) and start its check."""
    require(policies.is_editor(actor, community), _("Only the community's housing editors may import buildings."))
    data = read_upload(upload, field="file", max_bytes=importing.MAX_BYTES)
    file_format, _columns, _positions, rows = importing.read_rows(data)
    run = Run(token=uuid.uuid4().hex, name=str(getattr(upload, "name", "") or "file")[-120:], size=len(data),
              format=file_format, rows=len(rows), uploaded_by=actor.pk, uploaded_at=timezone.now().isoformat())
    folder = _folder(community, run.token)
    private_storage.save(f"{folder}/source", ContentFile(data))
    _write_json(f"{folder}/run.json", asdict(run))
    _start(actor, community, run, CHECK)
    return run


@service
def building_import_confirm(*, actor, community, token: str) -> Run:
    """Apply a checked import: within the request for a small file, else by the background task."""
    require(policies.is_editor(actor, community), _("Only the community's housing editors may import buildings."))
    run = run_get(community=community, token=token)
    if step_state(community=community, token=token, step=CHECK).report is None:
        raise Conflict(_("The file has not been checked yet."))
    _start(actor, community, run, APPLY)
    return run


def _start(actor, community, run: Run, step: str) -> None:
    key = _progress_key(community, run.token, step)
    if not caches["shared"].add(key, {"state": "queued", "done": 0, "total": run.rows}, STATE_SECONDS):
        if caches["shared"].get(key, {}).get("state") in ("queued", "running"):
            raise Conflict(_("This import is already running."))
        caches["shared"].set(key, {"state": "queued", "done": 0, "total": run.rows}, STATE_SECONDS)
    if run.background:
        enqueue_on_commit(STEP_TASK, community.pk, run.token, step, actor.pk)
    else:
        run_step(actor=actor, community=community, token=run.token, step=step)


@service
def run_step(*, actor, community, token: str, step: str) -> StepState:
    """Carry out one step (check or apply) of a kept import, recording its progress and, at the end, its report."""
    require(policies.is_editor(actor, community), _("Only the community's housing editors may import buildings."))
    run = run_get(community=community, token=token)
    key = _progress_key(community, token, step)
    cache = caches["shared"]

    def progress(done: int, total: int) -> None:
        cache.set(key, {"state": "running", "done": done, "total": total}, STATE_SECONDS)

    progress(0, run.rows)
    carry_out = importing.building_import_apply if step == APPLY else importing.building_import_check
    try:
        with private_storage.open(f"{_folder(community, token)}/source", "rb") as handle:
            data = handle.read()
        report = carry_out(actor=actor, community=community, data=data, progress=progress)
    except DomainError as exc:
        cache.set(key, {"state": "failed", "done": 0, "total": run.rows,
                        "error": "; ".join(m for ms in exc.fields.values() for m in ms) or str(exc.message)},
                  STATE_SECONDS)
        raise
    except Exception:
        cache.set(key, {"state": "failed", "done": 0, "total": run.rows,
                        "error": _("The import stopped because of an error on the server; rows already imported "
                                   "stay, and applying the file again carries on.")}, STATE_SECONDS)
        raise
    _write_json(f"{_folder(community, token)}/{step}.json", report.as_dict())
    cache.set(key, {"state": "done", "done": run.rows, "total": run.rows}, STATE_SECONDS)
    return StepState("done", run.rows, run.rows, report)


def _tokens(community) -> list[str]:
    try:
        folders, _files = private_storage.listdir(f"housing/{community.pk}/imports")
    except FileNotFoundError:
        return []
    return sorted(name for name in folders if _TOKEN.match(name))


def _last_step_at(folder: str) -> datetime | None:
    """When anything of a kept import was last written (the upload, a report); None for an empty folder."""
    _folders, files = private_storage.listdir(folder)
    moments = [private_storage.get_modified_time(f"{folder}/{name}") for name in files]
    return max(moments) if moments else None


@service
def building_imports_expire(*, actor, community, now: datetime | None = None) -> int:
    """Delete the kept imports of a community (the upload and its reports) whose last step is older than the
    community's *Days an import is kept*; an import with a step queued or running is left for a later sweep."""
    require(policies.is_editor(actor, community), _("Only the community's housing editors may import buildings."))
    cutoff = (now or timezone.now()) - timedelta(days=housing_settings(community).import_keep_days)
    removed = 0
    for token in _tokens(community):
        folder = _folder(community, token)
        last = _last_step_at(folder)
        if last is not None and last >= cutoff:
            continue
        if any(step_state(community=community, token=token, step=step).pending for step in (CHECK, APPLY)):
            continue
        _folders, files = private_storage.listdir(folder)
        for name in files:
            private_storage.delete(f"{folder}/{name}")
        with contextlib.suppress(OSError):  # a file written into it meanwhile keeps the folder for the next sweep
            os.rmdir(private_storage.path(folder))
        caches["shared"].delete_many([_progress_key(community, token, step) for step in (CHECK, APPLY)])
        removed += 1
    return removed


def run_get(*, community, token: str) -> Run:
    """A kept import of this community; another community's token, or none, is NotFound."""
    data = _read_json(f"{_folder(community, token)}/run.json") if _TOKEN.match(token or "") else None
    if data is None:
        raise NotFound()
    return Run(**data)


def step_state(*, community, token: str, step: str) -> StepState:
    report = _read_json(f"{_folder(community, token)}/{step}.json")
    progress = caches["shared"].get(_progress_key(community, token, step)) or {}
    if progress.get("state") in ("queued", "running", "failed"):
        return StepState(progress["state"], progress.get("done", 0), progress.get("total", 0),
                         ImportReport.from_dict(report) if report else None, progress.get("error", ""))
    if report is not None:
        rows = len(report["rows"])
        return StepState("done", rows, rows, ImportReport.from_dict(report))
    return StepState()
