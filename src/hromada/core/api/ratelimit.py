"""Fixed-window rate limits counted in the shared cache: actions (sign, create) and whole surfaces by cost.

Counters live in the "shared" cache (Redis, or an SQLite file every local process opens), never in one
worker's memory; each surface (pages, Open311, CKAN, DCAT) answers 429 with Retry-After in its own format."""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse, JsonResponse

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


def count_hits(hits: list[tuple[str, int, int]]) -> list[tuple[int, int]]:
    """Count each (key, period, cost) in the current fixed window of `period` seconds: [(hits so far, seconds
    left)], in order, all in one round trip to the shared cache (Redis, or the SQLite file every local process
    opens), so every worker and process of the install counts into the same windows."""
    counters = caches["shared"]
    now = time.time()
    windows = [(f"{key}:{int(now // period)}", cost, period + 1) for key, period, cost in hits]
    if hasattr(counters, "count_windows"):
        totals = counters.count_windows(windows)
    else:  # any other cache backend (the tests' local memory): an atomic add, else incr
        totals = [_add_or_incr(counters, *window) for window in windows]
    return [(total, max(1, period - int(now) % period)) for total, (_, period, _) in zip(totals, hits, strict=True)]


def _add_or_incr(counters, key: str, cost: int, timeout: int) -> int:
    if counters.add(key, cost, timeout):
        return cost
    try:
        return counters.incr(key, cost)
    except ValueError:  # expired between add and incr
        counters.set(key, cost, timeout)
        return cost


def count_hit(key: str, period: int, cost: int = 1) -> tuple[int, int]:
    """count_hits for one key."""
    return count_hits([(key, period, cost)])[0]


def check_rates(limits: list[tuple[str, str, str]], *, cost: int = 1) -> None:
    """Count `cost` hits for each (scope, ident, rate) in one round trip; raise RateLimited (429 with
    Retry-After) past any of them. An empty ident is not limited."""
    limits = [(scope, ident, parse_rate(rate)) for scope, ident, rate in limits if ident]
    if not limits:
        return
    counted = count_hits([(f"rl:{scope}:{ident}", period, cost) for scope, ident, (_, period) in limits])
    refused = [retry for (_, _, (limit, _)), (hits, retry) in zip(limits, counted, strict=True) if hits > limit]
    if refused:
        raise RateLimited(retry_after=max(refused))


def check_rate(scope: str, ident: str, rate: str, *, cost: int = 1) -> None:
    """Count `cost` hits for (scope, ident); raise RateLimited (429 with Retry-After) past `rate`."""
    check_rates([(scope, ident, rate)], cost=cost)


@dataclass(frozen=True)
class RateKey:
    """Who is calling a rate-limited service: the person (when signed in) and the client address.

    Web views, API handlers and standards adapters build it from the request; tasks and commands pass None."""

    user_id: int | None
    ip: str

    @classmethod
    def from_request(cls, request, *, user=None) -> RateKey:
        """`user` is the acting person when the request carries no session (an Open311 api_key)."""
        user = user if user is not None else getattr(request, "user", None)
        user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
        return cls(user_id=user_id, ip=client_ip(request))


def check_caller_rate(caller: RateKey | None, scope: str, *, per_user: str, per_ip: str) -> None:
    """The usual pair inside a service: a limit per person and a looser one per address; None is not limited."""
    if caller is None:
        return
    check_rates([(f"{scope}:u", "" if caller.user_id is None else str(caller.user_id), per_user),
                 (f"{scope}:ip", caller.ip, per_ip)])


def check_action_rate(request, scope: str, *, per_user: str, per_ip: str, user=None) -> None:
    """The usual pair for an action: a limit per signed-in user and a looser one per IP address.

    `user` is the acting person when the request itself carries no session (an Open311 api_key)."""
    check_caller_rate(RateKey.from_request(request, user=user), scope, per_user=per_user, per_ip=per_ip)


def caller_ident(request) -> str:
    """Who a surface limit counts: the signed-in person, else the address."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u{user.pk}"
    address = client_ip(request)
    return f"ip{address}" if address else ""


def check_surface_rate(request, surface: str, *, cost: int = 1) -> None:
    """Count a request to a public surface at its cost (a big list counts more than one item) against
    settings.HROMADA_RATE_<SURFACE>; raise RateLimited past it. The caller renders the refusal."""
    check_rate(f"surface:{surface}", caller_ident(request), getattr(settings, f"HROMADA_RATE_{surface.upper()}"),
               cost=max(1, int(cost)))


def limited_surface(surface: str):
    """Mark a view that counts itself against `surface` (and renders its own 429): the pages middleware skips it."""

    def mark(view):
        view.rate_surface = surface
        return view

    return mark


def json_refusal(request, exc: RateLimited) -> HttpResponse:
    """429 in the JSON error envelope, with Retry-After."""
    response = JsonResponse({"error": exc.as_dict()}, status=429, json_dumps_params={"ensure_ascii": False})
    response["Retry-After"] = str(exc.retry_after)
    return response


def limit_view(surface: str, *, cost: int = 1, respond=json_refusal):
    """Decorate a plain view: count each call at `cost` against `surface` and refuse with `respond`."""

    def decorate(view):
        @limited_surface(surface)
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                check_surface_rate(request, surface, cost=cost)
            except RateLimited as exc:
                return respond(request, exc)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
