"""The policy audit: a public service that returns without consulting a policy fails; SYSTEM is one actor."""

from __future__ import annotations

import pickle

import pytest

from hromada.core.errors import PermissionDenied
from hromada.core.identity.actors import SYSTEM, is_system
from hromada.core.identity.guard import REGISTRY, PolicyNotConsulted, consulted, require, service


@service
def _asks(*, allowed: bool) -> str:
    require(allowed)
    return "done"


@service
def _forgets() -> str:
    return "done"


@service
def _delegates() -> str:
    return _asks(allowed=True)


@service
def _filters() -> str:
    consulted()
    return "done"


def test_a_service_that_asks_its_policy_runs_or_refuses():
    assert _asks(allowed=True) == "done"
    with pytest.raises(PermissionDenied):
        _asks(allowed=False)


def test_a_service_that_asks_no_policy_fails_under_the_audit():
    with pytest.raises(PolicyNotConsulted, match="_forgets"):
        _forgets()


def test_the_audit_is_off_outside_tests(settings):
    settings.HROMADA_AUDIT_POLICIES = False
    assert _forgets() == "done"


def test_a_service_calling_another_and_a_filtering_rule_count_as_asked():
    assert _delegates() == "done" and _filters() == "done"


def test_services_are_registered_by_dotted_name():
    assert REGISTRY[f"{__name__}._asks"].__name__ == "_asks"


def test_system_is_one_actor_that_survives_pickling():
    assert is_system(SYSTEM) and not is_system(None)
    assert pickle.loads(pickle.dumps(SYSTEM)) is SYSTEM  # noqa: S301 - our own bytes
    assert not SYSTEM.is_authenticated and SYSTEM.pk is None
