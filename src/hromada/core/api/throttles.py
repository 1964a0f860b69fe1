"""API-wide throttles keyed by the resolved caller: anonymous callers by IP, signed-in ones by user.

The IP comes from `ratelimit.client_ip`, never from a client-supplied X-Forwarded-For header."""

from __future__ import annotations

from ninja.throttling import SimpleRateThrottle

from .ratelimit import client_ip


def _caller_user(request):
    caller = getattr(request, "auth", None)
    return getattr(caller, "user", None)


class AnonymousCallerThrottle(SimpleRateThrottle):
    scope = "anon"

    def get_ident(self, request):
        # ninja's default trusts every X-Forwarded-For entry, so a client could rotate it to escape the limit.
        return client_ip(request)

    def get_cache_key(self, request):
        user = _caller_user(request)
        if user is not None and user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserCallerThrottle(SimpleRateThrottle):
    scope = "user"

    def get_cache_key(self, request):
        user = _caller_user(request)
        if user is None or not user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": str(user.pk)}
