"""Per-person and per-IP limits on signing and filing petitions, configurable per community.

The web pages and the API call the same checks, so both answer 429 with Retry-After."""

from __future__ import annotations

from hromada.core.api.ratelimit import check_action_rate


def check_sign_rate(request, community) -> None:
    check_action_rate(request, f"petitions.sign:{community.pk}",
                      per_user=community.setting("petitions", "sign_rate_user"),
                      per_ip=community.setting("petitions", "sign_rate_ip"))


def check_create_rate(request, community) -> None:
    check_action_rate(request, f"petitions.create:{community.pk}",
                      per_user=community.setting("petitions", "create_rate_user"),
                      per_ip=community.setting("petitions", "create_rate_ip"))
