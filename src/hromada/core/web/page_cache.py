"""Whole-page cache for anonymous visitors, with each visitor's own CSRF token put back in on every hit.

Only cookie-less GETs are served from it (no session, no pending messages), so nothing personal is ever
cached; the key carries the community, its cache version, the language, the host and the path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from hromada.core.tenancy.selectors import community_cache_version

# Rendered where the token goes; replaced per request so a cached page never shares a CSRF secret.
CSRF_PLACEHOLDER = "hromada-csrf-token-placeholder"


def is_cacheable(request) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method in ("GET", "HEAD")
        and (user is None or not user.is_authenticated)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        # ?anything=random would otherwise fill the cache with copies; public pages with filters render fresh
        and not request.META.get("QUERY_STRING")
    )


def render_anonymous_cached(request, template: str, context: Callable[[], dict[str, Any]], *,
                            timeout: int = 30) -> HttpResponse:
    """`render()` for a public page; `context` is a callable so a cache hit costs no queries."""
    if not is_cacheable(request):
        return render(request, template, context())
    community = getattr(request, "community", None)
    key = (f"page:{getattr(community, 'pk', 0)}:{community_cache_version()}:{get_language()}:"
           f"{request.get_host()}:{request.path}")
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request)
        cache.set(key, html, timeout)
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
