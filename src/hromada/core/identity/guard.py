"""The rule that every public service consults a policy, made checkable: `@service` marks a public service,
`require()` is how a service asks its policy, and the test settings fail a service that returned without asking.

CKAN audits its actions the same way (every action must call check_access); here the audit runs on every
service call of the test suite, so a new service without a policy check fails its own tests."""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings

from hromada.core.errors import PermissionDenied

F = TypeVar("F", bound=Callable[..., Any])

_consulted: contextvars.ContextVar[list[bool] | None] = contextvars.ContextVar("policy_consulted", default=None)
# Every function decorated with @service, by dotted name: the kernel test walks them.
REGISTRY: dict[str, Callable] = {}


class PolicyNotConsulted(AssertionError):
    """A public service finished without asking any policy (raised only where HROMADA_AUDIT_POLICIES is on)."""


def require(allowed: bool, message=None, *, code: str | None = None) -> None:
    """Record that the calling service consulted its policy, and refuse with PermissionDenied when it said no."""
    frames = _consulted.get()
    if frames:
        frames[-1] = True
    if not allowed:
        raise PermissionDenied(message, code=code) if message is not None else PermissionDenied(code=code)


def consulted() -> None:
    """For a service whose policy is not a yes/no (a filter that narrows what the actor sees, a rule that the
    actor may only touch their own rows): records that the rule was applied."""
    require(True)


def service(func: F) -> F:
    """Mark a public service (a write callable by web, API, adapters, chatbot and tasks).

    With HROMADA_AUDIT_POLICIES on (the test settings), a call that returns without `require()` or
    `consulted()` raises PolicyNotConsulted; a call that raises a DomainError has refused, which is fine."""

    REGISTRY[f"{func.__module__}.{func.__qualname__}"] = func

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if not getattr(settings, "HROMADA_AUDIT_POLICIES", False):
            return func(*args, **kwargs)
        frames = _consulted.get()
        token = None
        if frames is None:
            frames = []
            token = _consulted.set(frames)
        frames.append(False)
        try:
            result = func(*args, **kwargs)
            asked = frames[-1]
        finally:
            frames.pop()
            if token is not None:
                _consulted.reset(token)
        if not asked:
            raise PolicyNotConsulted(f"{func.__module__}.{func.__qualname__} consulted no policy")
        if frames:  # a service called by another counts for the caller too
            frames[-1] = True
        return result

    wrapper.is_service = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]
