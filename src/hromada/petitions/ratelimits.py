"""Per-person and per-IP limits on signing and filing petitions, configurable per community.

The services count them (so web, API and any adapter share them); callers pass a RateKey, tasks pass None."""

from __future__ import annotations

from hromada.core import capabilities
from hromada.core.api.ratelimit import RateKey, check_caller_rate, parse_rate


def _rate(community, key: str) -> str:
    """The community's rate, or the default when an admin saved something unreadable (never a 500)."""
    value = community.setting("petitions", key)
    try:
        parse_rate(value)
    except (ValueError, KeyError, IndexError, AttributeError):
        return capabilities.manifest("petitions").setting(key).default
    return value


def check_sign_rate(caller: RateKey | None, community) -> None:
    check_caller_rate(caller, f"petitions.sign:{community.pk}",
                      per_user=_rate(community, "sign_rate_user"), per_ip=_rate(community, "sign_rate_ip"))


def check_create_rate(caller: RateKey | None, community) -> None:
    check_caller_rate(caller, f"petitions.create:{community.pk}",
                      per_user=_rate(community, "create_rate_user"), per_ip=_rate(community, "create_rate_ip"))
