"""The Content-Security-Policy header on every response: scripts, styles and frames from this site only.

Map tiles are the one foreign origin, taken from HROMADA_MAP_TILES; the policy itself is the HROMADA_CSP setting."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.conf import settings


def tile_origin(template: str) -> str:
    """The origin of a tile URL template, e.g. "https://{s}.tile.example.org/{z}/{x}/{y}.png" ->
    "https://*.tile.example.org"; "" when tiles are off or the template has no host."""
    parts = urlsplit(template or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    # Leaflet's {s} sub-domain placeholder: CSP allows a wildcard only as the leftmost label.
    host = re.sub(r"^\{[^}]*\}\.", "*.", parts.netloc)
    if "{" in host or "}" in host:
        return ""
    return f"{parts.scheme}://{host}"


def policy_header(policy: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([directive, *sources]).strip() for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """Adds HROMADA_CSP unless the view set its own policy. A hand-written middleware rather than
    django-csp: the policy is one static string (no nonces, since no page has an inline script),
    and Django 6.0 ships the same middleware, which this one makes easy to swap in."""

    def __init__(self, get_response):
        self.get_response = get_response
        policy = {directive: list(sources) for directive, sources in settings.HROMADA_CSP.items()}
        tiles = tile_origin(settings.HROMADA_MAP_TILES)
        if tiles:
            policy.setdefault("img-src", ["'self'"]).append(tiles)
        self.header = policy_header(policy)

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.header
        return response
