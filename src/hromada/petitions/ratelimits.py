"""Per-person and per-IP limits on signing and filing petitions, configurable per community.

The web pages and the API call the same checks, so both answer 429 with Retry-After."""

from __future__ import annotations

from hromada.core import capabilities
from hromada.core.api.ratelimit import check_action_rate, parse_rate


def _rate(community, key: str) -> str:
    """The community's rate, or the default when an admin saved something unreadable (never a 500)."""
    value = community.setting("petitions", key)
    try:
        parse_rate(value)
    except (ValueError, KeyError, IndexError, AttributeError):
        return capabilities.manifest("petitions").setting(key).default
    return value


def check_sign_rate(request, community) -> None:
    check_action_rate(request, f"petitions.sign:{community.pk}",
                      per_user=_rate(community, "sign_rate_user"), per_ip=_rate(community, "sign_rate_ip"))


def check_create_rate(request, community) -> None:
    check_action_rate(request, f"petitions.create:{community.pk}",
                      per_user=_rate(community, "create_rate_user"), per_ip=_rate(community, "create_rate_ip"))
