"""Fixed-window rate limits counted in the cache, for writes the web and the API share (sign, create).

The API also has django-ninja throttles for all traffic; these guard specific actions per user and IP."""

from __future__ import annotations

import time

from django.core.cache import cache

from hromada.core.errors import RateLimited

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip()[0]]


def client_ip(request) -> str:
    # Behind a proxy the operator sets the real address via X-Forwarded-For handling in the proxy;
    # we deliberately read REMOTE_ADDR only, so the header cannot be spoofed by clients.
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def check_rate(scope: str, ident: str, rate: str) -> None:
    """Count one hit for (scope, ident); raise RateLimited (429 with Retry-After) past `rate`."""
    if not ident:
        return
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    key = f"rl:{scope}:{ident}:{window}"
    if cache.add(key, 1, period + 1):
        hits = 1
    else:
        try:
            hits = cache.incr(key)
        except ValueError:
            cache.set(key, 1, period + 1)
            hits = 1
    if hits > limit:
        retry_after = period - int(time.time()) % period
        raise RateLimited(retry_after=max(retry_after, 1))


def check_action_rate(request, scope: str, *, per_user: str, per_ip: str) -> None:
    """The usual pair for an action: a limit per signed-in user and a looser one per IP address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        check_rate(f"{scope}:u", str(user.pk), per_user)
    check_rate(f"{scope}:ip", client_ip(request), per_ip)
