"""The kernel's rules hold in the open-data portal: every public function of the services package is a
@service (so the policy audit of the test settings covers it) re-exported by the package, services take
keyword arguments with the actor first, background jobs refuse anyone but SYSTEM, no service imports the
tasks module, and no module of the capability is over 500 lines."""

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


def test_every_public_function_of_the_services_is_a_service():
    found = list(_public_functions())
    assert len(found) >= 18  # the walk really found the services
    assert [f"{module.__name__}.{name}" for module, name, value in found if not getattr(value, "is_service", False)] == []


def test_the_package_re_exports_every_service():
    names = {name for _module, name, _value in _public_functions()}
    assert names <= set(services.__all__)
    for name in names:
        assert getattr(services, name).is_service


def test_services_take_keyword_arguments_with_the_actor_first():
    for _module, name, value in _public_functions():
        parameters = list(inspect.signature(value).parameters.values())
        assert all(p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD) for p in parameters), name
        assert parameters[0].name == "actor", name
        if "community" in inspect.signature(value).parameters:
            assert parameters[1].name == "community", name


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


def test_no_module_of_opendata_is_over_500_lines():
    root = Path(hromada.opendata.__file__).parent
    long = {str(path.relative_to(root)): n for path in root.rglob("*.py") if "migrations" not in path.parts
            and (n := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
