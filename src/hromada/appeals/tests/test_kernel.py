"""The kernel's rules hold in appeals: every public function of the services package is a @service (so the
policy audit covers it), the package re-exports each of them, and no module of the capability is too long."""

import importlib
import inspect
import pkgutil
from pathlib import Path

import hromada.appeals
from hromada.appeals import services


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
    assert len(found) >= 20  # the walk really found the services
    not_services = [f"{module.__name__}.{name}" for module, name, value in found
                    if not getattr(value, "is_service", False)]
    assert not_services == []


def test_the_package_re_exports_every_service():
    names = {name for _module, name, _value in _public_functions()}
    assert names <= set(services.__all__)
    for name in names:
        assert getattr(services, name).is_service


def test_services_take_keyword_arguments_with_actor_and_community_first():
    for _module, name, value in _public_functions():
        parameters = list(inspect.signature(value).parameters.values())
        assert all(p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD) for p in parameters), name
        assert [p.name for p in parameters[:2]] == ["actor", "community"], name


def test_no_module_of_appeals_is_over_500_lines():
    root = Path(hromada.appeals.__file__).parent
    long = {str(path.relative_to(root)): n for path in root.rglob("*.py") if "migrations" not in path.parts
            and (n := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert long == {}
