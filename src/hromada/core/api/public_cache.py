"""A few seconds' cache of the anonymous answers of public API lists: what every app, map and harvester polls.

Only a caller with no Authorization header and no session cookie is answered from it, so nothing personal or
role-dependent is ever shared; the key holds the community, its settings version, the language, the host and
the whole path with its query string (hashed). A hit still counts against the anonymous API limit, and the
capability gate (a disabled capability answers 404) runs before it. The figures it serves are at most
`seconds` old: a list may show a count a few signatures behind, which the live count endpoints never do.
ADR 0011 and docs/performance.md."""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language
from ninja.decorators import decorate_view

from hromada.core.tenancy.selectors import community_cache_version


def _anonymous(request) -> bool:
    return (request.method == "GET" and "HTTP_AUTHORIZATION" not in request.META
            and settings.SESSION_COOKIE_NAME not in request.COOKIES)


def _key(request) -> str:
    community = getattr(request, "community", None)
    where = hashlib.blake2b(f"{request.get_host()}{request.get_full_path()}".encode(), digest_size=16).hexdigest()
    return f"api-answer:{getattr(community, 'pk', 0)}:{community_cache_version()}:{get_language()}:{where}"


def _cache_anonymous_answers(run, seconds: int):
    operation = run.__self__  # ninja's Operation: a hit counts against the very throttles it would have run

    def within_limit(request) -> bool:
        return all([throttle.allow_request(request) for throttle in operation.throttle_objects])

    @functools.wraps(run)
    def answer(request, *args, **kwargs):
        if not _anonymous(request):
            return run(request, *args, **kwargs)
        key = _key(request)
        hit = cache.get(key)
        if hit is not None and within_limit(request):
            content, content_type = hit
            return HttpResponse(content, content_type=content_type)
        # A miss, or past the limit (ninja's own throttle then answers the 429 in the API's format).
        response = run(request, *args, **kwargs)
        if response.status_code == 200 and not response.cookies:
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return answer


def cached_for_anonymous(seconds: int = 5):
    """Decorate a public GET operation, below its `@router.get(...)`:

        @router.get("/", ...)
        @cached_for_anonymous(seconds=5)
        @paginate(PageNumber)
        def petition_list(request, ...): ..."""
    return decorate_view(functools.partial(_cache_anonymous_answers, seconds=seconds))
