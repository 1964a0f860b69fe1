"""The kernel's rules in appeals beyond the shared contract walk (tests/test_service_contracts.py): the services
package is really split, so no concern grows back into one long module."""

import importlib
import pkgutil

from hromada.appeals import services


def test_the_services_package_is_split_by_concern():
    modules = {info.name for info in pkgutil.iter_modules(services.__path__)}
    assert {"filing", "handling", "areas", "catalogue", "reminders"} <= modules
    for name in modules:
        assert importlib.import_module(f"{services.__name__}.{name}").__doc__, name
