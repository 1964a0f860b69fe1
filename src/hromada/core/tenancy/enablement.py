"""Capabilities enabled per community, enforced where their URLs are mounted: every view of a capability is gated,
so where the community has it disabled its pages, standards endpoints and API routes answer 404 as if absent.

config/urls.py gates each manifest's `urls` and `extra_urls`, core/api/root.py each manifest's API router; views
never check enablement themselves."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from django.http import Http404
from django.urls import URLPattern, URLResolver, include, path

from hromada.core.api import surfaces


def is_enabled(community, slug: str) -> bool:
    """Whether a request for `community` may reach capability `slug`.

    Without a resolved community there is nothing to check against: the capability answers as it does without
    one (Open311 picks the community by jurisdiction_id; pages and the other APIs answer 404)."""
    return community is None or community.capability_enabled(slug)


def gate(slug: str, view: Callable) -> Callable:
    """`view`, answering 404 in the request's surface format (API envelope, CKAN, Open311, else the site's 404
    page) when the request's community has capability `slug` disabled."""

    @functools.wraps(view)  # keeps csrf_exempt, view_class and the name the resolver and middleware read
    def gated(request, *args, **kwargs):
        if not is_enabled(getattr(request, "community", None), slug):
            refusal = surfaces.refusal(request, 404)
            if refusal is None:
                raise Http404(f"{slug} is not enabled in this community")
            return refusal
        return view(request, *args, **kwargs)

    gated.capability = slug  # type: ignore[attr-defined]
    return gated


def gated_patterns(slug: str, patterns: Iterable[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """A copy of `patterns` (nested includes too) whose every view is gated by capability `slug`."""
    result: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            result.append(URLResolver(pattern.pattern, gated_patterns(slug, pattern.url_patterns),
                                      pattern.default_kwargs, pattern.app_name, pattern.namespace))
        else:
            result.append(URLPattern(pattern.pattern, gate(slug, pattern.callback), pattern.default_args,
                                     pattern.name))
    return result


def capability_path(route: str, urlconf: str | object, *, slug: str) -> URLResolver:
    """`path(route, include(urlconf))` for a capability's urls module (dotted path, or anything with
    `urlpatterns` and `app_name`), every view gated by `slug`."""
    module, app_name, namespace = include(urlconf)
    patterns = getattr(module, "urlpatterns", module)
    return path(route, include((gated_patterns(slug, patterns), app_name), namespace=namespace))


def is_gated(view: Callable) -> str | None:
    """The capability a resolved view is gated by, or None (for tests and system checks)."""
    return getattr(view, "capability", None)


__all__ = ["is_enabled", "gate", "gated_patterns", "capability_path", "is_gated"]
