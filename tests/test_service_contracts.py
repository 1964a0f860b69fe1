"""The one service contract, checked for the kernel and every registered capability in one place: each public
function of a services module (or package) is a @service (so the policy audit covers it), takes keyword
arguments with the actor first and the community next, and no module of the project is over 500 lines.

A new capability is covered as soon as its manifest is registered: nothing to copy into its own tests."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import hromada
from hromada.core import capabilities

KERNEL_SERVICES = ("hromada.core.identity.services", "hromada.core.tenancy.services",
                   "hromada.core.calendar.services", "hromada.core.notifications.services", "hromada.core.api.tokens",
                   "hromada.core.transparency.services")
# Public functions that are deliberately not services, with the reason.
NOT_SERVICES = {
    "hromada.core.identity.services.subject_hash": "a pure function: the keyed hash of an identifier",
    "hromada.core.notifications.services.notify": "called by services inside their own transactions",
    "hromada.core.api.tokens.api_token_authenticate": "proves who the actor is: there is nobody to ask yet",
}
MAX_LINES = 500


def _modules(dotted: str):
    module = importlib.import_module(dotted)
    yield module
    for info in pkgutil.iter_modules(getattr(module, "__path__", [])):
        yield importlib.import_module(f"{dotted}.{info.name}")


def _services_packages() -> list[str]:
    apps = [m.urls.rsplit(".", 1)[0] for m in capabilities.manifests() if m.urls]
    return [*KERNEL_SERVICES, *(f"{app}.services" for app in apps)]


def _public_functions(dotted: str):
    for module in _modules(dotted):
        for name, value in vars(module).items():
            if inspect.isfunction(value) and not name.startswith("_") and value.__module__ == module.__name__:
                qualified = f"{module.__name__}.{name}"
                if qualified not in NOT_SERVICES:
                    yield qualified, value


@pytest.mark.parametrize("dotted", _services_packages())
def test_every_public_function_of_a_services_module_is_a_service(dotted):
    found = dict(_public_functions(dotted))
    assert found, f"the walk found no services in {dotted}"
    assert [name for name, value in found.items() if not getattr(value, "is_service", False)] == []


@pytest.mark.parametrize("dotted", _services_packages())
def test_services_take_keyword_arguments_with_the_actor_first_and_the_community_next(dotted):
    for name, value in _public_functions(dotted):
        parameters = list(inspect.signature(value).parameters.values())
        assert all(p.kind in (p.KEYWORD_ONLY, p.VAR_KEYWORD) for p in parameters), name
        assert parameters and parameters[0].name == "actor", name
        if "community" in inspect.signature(value).parameters:
            assert parameters[1].name == "community", name


def test_a_package_re_exports_every_service_of_its_modules():
    for dotted in _services_packages():
        package = importlib.import_module(dotted)
        if not hasattr(package, "__path__"):
            continue
        for name, value in _public_functions(dotted):
            assert getattr(package, name.rsplit(".", 1)[1], None) is value, name


def test_no_module_of_the_project_is_over_500_lines():
    root = Path(hromada.__file__).parent
    long = {str(path.relative_to(root)): n for path in root.rglob("*.py") if "migrations" not in path.parts
            and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
