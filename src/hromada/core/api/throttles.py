"""API-wide throttles keyed by the resolved caller: anonymous callers by IP, signed-in ones by user.

Fixed windows counted with one cache add/incr (ninja's default keeps a list of every hit's time and
rewrites it on each request, which grows with the limit). The IP comes from `ratelimit.client_ip`,
never from a client-supplied X-Forwarded-For header."""

from __future__ import annotations

import threading

from ninja.throttling import SimpleRateThrottle

from .ratelimit import client_ip, count_hit


def _caller_user(request):
    caller = getattr(request, "auth", None)
    return getattr(caller, "user", None)


class _FixedWindowThrottle(SimpleRateThrottle):
    def __init__(self, rate: str | None = None):
        super().__init__(rate)
        self._local = threading.local()  # one instance serves every thread of a worker

    def allow_request(self, request) -> bool:
        key = self.get_cache_key(request)
        if key is None or self.num_requests is None:
            return True
        hits, retry_after = count_hit(f"throttle:{key}", int(self.duration))
        self._local.retry_after = retry_after
        return hits <= self.num_requests

    def wait(self) -> float:
        return float(getattr(self._local, "retry_after", self.duration))

    def get_ident(self, request):
        # ninja's default trusts every X-Forwarded-For entry, so a client could rotate it to escape the limit.
        return client_ip(request)


class AnonymousCallerThrottle(_FixedWindowThrottle):
    scope = "anon"

    def get_cache_key(self, request):
        user = _caller_user(request)
        if user is not None and user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserCallerThrottle(_FixedWindowThrottle):
    scope = "user"

    def get_cache_key(self, request):
        user = _caller_user(request)
        if user is None or not user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": str(user.pk)}
