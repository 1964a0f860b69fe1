"""The limit on filing appeals, per person and per IP address, configurable per community.

The web form, the JSON API and Open311 call this one check, so an api_key counts like a session."""

from __future__ import annotations

from hromada.core import capabilities
from hromada.core.api.ratelimit import check_action_rate, parse_rate


def _rate(community, key: str) -> str:
    """The community's rate, or the default when an admin saved something unreadable (never a 500)."""
    value = community.setting("appeals", key)
    try:
        parse_rate(value)
    except (ValueError, KeyError, IndexError, AttributeError, TypeError):
        return capabilities.manifest("appeals").setting(key).default
    return value


def check_create_rate(request, community, *, user=None) -> None:
    """Count one new appeal by `user` (default: the request's signed-in user) and from the request's address."""
    check_action_rate(request, f"appeals.create:{community.pk}", user=user,
                      per_user=_rate(community, "create_rate_per_user"), per_ip=_rate(community, "create_rate_per_ip"))
