"""The rate limit on web pages: every view that is not a surface of its own (the API, Open311, CKAN, DCAT) counts here.

Counted per signed-in person, else per address, in the shared cache; past HROMADA_RATE_PAGES a small 429 page."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.static import serve

from hromada.core.api.ratelimit import check_surface_rate
from hromada.core.errors import RateLimited


def _own_limits(request, view_func) -> bool:
    """Views that count themselves (marked with limited_surface), the JSON API (its throttles) and media files."""
    if getattr(view_func, "rate_surface", None) or view_func is serve:
        return True
    match = getattr(request, "resolver_match", None)
    return match is not None and "api" in match.namespaces


class PageRateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if _own_limits(request, view_func):
            return None
        try:
            check_surface_rate(request, "pages")
        except RateLimited as exc:
            # No base template: it queries the community and navigation, which a flood should not pay for.
            body = render_to_string("429.html", {"retry_after": exc.retry_after})
            response = HttpResponse(body, status=429, content_type="text/html; charset=utf-8")
            response["Retry-After"] = str(exc.retry_after)
            return response
        return None
