"""Which error format each family of URLs answers in: the JSON API's envelope under /api/, and whatever the
standards adapters (Open311, CKAN) register for their own paths.

The bad-input guard and the project's 400/403/404/500 handlers render refusals through here, so no caller of a
machine API ever gets an HTML page, whichever layer refused the request."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _

# Community prefixes are stripped by the tenancy middleware, but a request it refused still carries one.
_COMMUNITY_PREFIX = re.compile(r"^/c/[^/]+(?=/)")
# Headers a refusal keeps when it is rendered again in its surface's format.
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Access-Control-Allow-Origin")
CODES = {400: "bad_request", 401: "not_authenticated", 403: "permission_denied", 404: "not_found",
         405: "method_not_allowed", 409: "conflict", 413: "too_large", 414: "uri_too_long",
         415: "unsupported_media_type", 429: "rate_limited"}
MESSAGES = {400: _("The request cannot be understood."), 401: _("Sign in or send a valid API token."),
            403: _("You are not allowed to do this."), 404: _("Not found."), 405: _("This method is not allowed here."),
            413: _("The request body is too large."), 414: _("The URL is too long."),
            429: _("Too many requests. Please wait a little and try again."),
            500: _("An unexpected error occurred; it has been logged.")}


@dataclass(frozen=True)
class Surface:
    name: str
    prefixes: tuple[str, ...]
    render: Callable[[HttpRequest, int, str], HttpResponse]  # (request, status, message) -> response
    speaks: Callable[[HttpResponse], bool]  # whether a response is already in this surface's format


def json_body(response: HttpResponse):
    """The JSON a small, non-streamed response carries, or None."""
    if response.streaming or "json" not in response.get("Content-Type", "") or len(response.content) > 65536:
        return None
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        return None


def _envelope(request, status: int, message: str) -> HttpResponse:
    return JsonResponse({"error": {"code": CODES.get(status, "error"), "message": message, "fields": {}}},
                        status=status, json_dumps_params={"ensure_ascii": False})


def _is_envelope(response: HttpResponse) -> bool:
    body = json_body(response)
    return isinstance(body, dict) and isinstance(body.get("error"), dict)


API = Surface("api", ("/api/",), _envelope, _is_envelope)
_registered: list[Surface] = []


def register(surface: Surface) -> None:
    """Called from a capability's AppConfig.ready(); registering the same name again replaces it."""
    _registered[:] = [s for s in _registered if s.name != surface.name] + [surface]


def path_of(request) -> str:
    return _COMMUNITY_PREFIX.sub("", request.path_info, count=1)


def surface_for(request) -> Surface | None:
    path = path_of(request)
    for surface in sorted(_registered, key=lambda s: -max(map(len, s.prefixes))):
        if path.startswith(surface.prefixes):
            return surface
    return API if path.startswith(API.prefixes) else None


def refusal(request, status: int, message: str | None = None) -> HttpResponse | None:
    """The refusal in the request's surface format, or None where pages answer in HTML."""
    surface = surface_for(request)
    if surface is None:
        return None
    return surface.render(request, status, str(message or MESSAGES.get(status, _("The request was refused."))))


def reshape(request, response: HttpResponse) -> HttpResponse:
    """An error response some other layer produced (Django's HTML 404, a 405, a platform envelope under a
    standard's path) rendered again in the surface's format, keeping its status and protocol headers."""
    if response.status_code < 400:
        return response
    surface = surface_for(request)
    if surface is None or surface.speaks(response):
        return response
    again = surface.render(request, response.status_code,
                           str(MESSAGES.get(response.status_code, _("The request was refused."))))
    for header in KEPT_HEADERS:
        if response.has_header(header):
            again[header] = response[header]
    return again


# The project's error handlers (config/urls.py): a refusal raised in any layer, even before a community is
# resolved, answers in the surface's format under the machine APIs and as the site's page elsewhere.


def bad_request(request, exception):
    from django.views import defaults

    return refusal(request, 400) or defaults.bad_request(request, exception)


def permission_denied(request, exception):
    from django.views import defaults

    return refusal(request, 403) or defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    from django.views import defaults

    return refusal(request, 404) or defaults.page_not_found(request, exception)


def server_error(request):
    from django.views import defaults

    return refusal(request, 500) or defaults.server_error(request)
