"""API-wide throttles keyed by the resolved caller: anonymous callers by IP, signed-in ones by user."""

from __future__ import annotations

from ninja.throttling import SimpleRateThrottle


def _caller_user(request):
    caller = getattr(request, "auth", None)
    return getattr(caller, "user", None)


class AnonymousCallerThrottle(SimpleRateThrottle):
    scope = "anon"

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
