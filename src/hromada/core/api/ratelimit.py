"""Fixed-window rate limits counted in the cache, for writes the web and the API share (sign, create).

The API also has django-ninja throttles for all traffic; these guard specific actions per user and IP."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from hromada.core.errors import RateLimited

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period.strip()[0]]


def client_ip(request) -> str:
    """The caller's address: REMOTE_ADDR, or with HROMADA_NUM_PROXIES = N trusted proxies in front, the
    N-th address from the right of X-Forwarded-For (the one our own outermost proxy saw)."""
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "HROMADA_NUM_PROXIES", 0) or 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    # Entries left of the ones our proxies appended are whatever the client sent: never trust them.
    addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
    return addresses[-min(proxies, len(addresses))] if addresses else remote


def count_hit(key: str, period: int) -> tuple[int, int]:
    """Count one hit in the current fixed window of `period` seconds: (hits so far, seconds left).

    O(1) in the cache (add + incr), so it is shared by every worker when the cache is Redis."""
    now = time.time()
    window_key = f"{key}:{int(now // period)}"
    if cache.add(window_key, 1, period + 1):
        hits = 1
    else:
        try:
            hits = cache.incr(window_key)
        except ValueError:  # expired between add and incr
            cache.set(window_key, 1, period + 1)
            hits = 1
    return hits, max(1, period - int(now) % period)


def check_rate(scope: str, ident: str, rate: str) -> None:
    """Count one hit for (scope, ident); raise RateLimited (429 with Retry-After) past `rate`."""
    if not ident:
        return
    limit, period = parse_rate(rate)
    hits, retry_after = count_hit(f"rl:{scope}:{ident}", period)
    if hits > limit:
        raise RateLimited(retry_after=retry_after)


def check_action_rate(request, scope: str, *, per_user: str, per_ip: str) -> None:
    """The usual pair for an action: a limit per signed-in user and a looser one per IP address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        check_rate(f"{scope}:u", str(user.pk), per_user)
    check_rate(f"{scope}:ip", client_ip(request), per_ip)
