"""The kernel's rules in the open-data portal beyond the shared contract walk (tests/test_service_contracts.py):
background jobs refuse anyone but SYSTEM, no service imports the tasks module, no actor=None is left."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import hromada.opendata
from hromada.core.errors import PermissionDenied
from hromada.opendata import services


def _service_modules():
    for info in pkgutil.iter_modules(services.__path__):
        yield importlib.import_module(f"{services.__name__}.{info.name}")


def _public_functions():
    for module in _service_modules():
        for name, value in vars(module).items():
            if inspect.isfunction(value) and not name.startswith("_") and value.__module__ == module.__name__:
                yield module, name, value


def test_no_services_module_imports_the_tasks():
    for module in _service_modules():
        source = inspect.getsource(module)
        assert ".tasks import" not in source and "import tasks" not in source, module.__name__


def test_no_actor_none_or_system_flag_left_in_opendata():
    root = Path(hromada.opendata.__file__).parent
    offenders = [str(path.relative_to(root)) for path in root.rglob("*.py")
                 if "tests" not in path.parts and ("actor=None" in (text := path.read_text(encoding="utf-8"))
                                                   or "system=True" in text or "system: bool" in text)]
    assert offenders == []


@pytest.mark.django_db
def test_background_jobs_refuse_a_person(community, community_admin):
    with pytest.raises(PermissionDenied):
        services.datastore_run_load(actor=community_admin, version_id=1)
    with pytest.raises(PermissionDenied):
        services.datasets_flag_overdue(actor=community_admin, community=community)
    with pytest.raises(PermissionDenied):
        services.live_datasets_refresh_all(actor=community_admin)
    with pytest.raises(PermissionDenied):  # the platform's own publisher is the platform's
        services.platform_publisher(actor=community_admin, community=community)


