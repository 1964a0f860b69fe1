"""The periodic sweep of old imports: an import whose last step is older than the community's *Days an import is
kept* (7 by default) loses its upload and reports; a fresher one, one still running, and another community's with a
longer setting stay; the sweep is registered with the scheduler."""

from __future__ import annotations

import os
import time

from conftest import make_member
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.core.identity.models import Role
from hromada.core.storage import private_storage
from hromada.core.web.management.commands.run_scheduler import periodic_tasks
from hromada.housing.reporting import runs
from hromada.housing.reporting.tasks import building_imports_cleanup

CSV = "Адреса;Поверховість\nвул. Шевченка, 12;9\n"
DAY = 24 * 3600


def _import(actor, community) -> str:
    run = runs.building_import_upload(actor=actor, community=community,
                                      upload=SimpleUploadedFile("buildings.csv", CSV.encode()))
    return run.token


def _age(community, token: str, days: float) -> None:
    """Make every file of a kept import look written `days` ago."""
    folder = f"housing/{community.pk}/imports/{token}"
    moment = time.time() - days * DAY
    for name in private_storage.listdir(folder)[1]:
        os.utime(private_storage.path(f"{folder}/{name}"), (moment, moment))


def _kept(community, token: str) -> bool:
    return private_storage.exists(f"housing/{community.pk}/imports/{token}/run.json")


def test_old_imports_are_deleted_and_the_rest_stay(community, other_community, community_admin, settings, tmp_path):
    settings.HROMADA_PRIVATE_ROOT = str(tmp_path)
    their_admin = make_member(other_community, Role.ADMIN)
    other_community.capability_settings = {"housing": {"import_keep_days": 30}}
    other_community.save(update_fields=["capability_settings"])
    old, fresh, running = (_import(community_admin, community) for _ in range(3))
    theirs = _import(their_admin, other_community)
    assert runs.step_state(community=community, token=old, step=runs.CHECK).report is not None
    _age(community, old, 8)
    _age(community, fresh, 6)
    _age(community, running, 9)
    _age(other_community, theirs, 8)
    caches["shared"].set(runs._progress_key(community, running, runs.APPLY),
                         {"state": "running", "done": 1, "total": 2}, 60)

    assert building_imports_cleanup.call() == {"removed": 1}

    assert not _kept(community, old)
    assert not os.path.exists(private_storage.path(f"housing/{community.pk}/imports/{old}"))
    assert _kept(community, fresh) and _kept(community, running) and _kept(other_community, theirs)
    caches["shared"].delete(runs._progress_key(community, running, runs.APPLY))  # its worker has finished
    assert building_imports_cleanup.call() == {"removed": 1}
    assert not _kept(community, running) and _kept(community, fresh)


def test_the_sweep_with_no_import_anywhere_removes_nothing(settings, tmp_path, community):
    settings.HROMADA_PRIVATE_ROOT = str(tmp_path)
    assert building_imports_cleanup.call() == {"removed": 0}


def test_the_sweep_is_scheduled():
    assert ("hromada.housing.reporting.tasks.building_imports_cleanup", 3600) in periodic_tasks()
