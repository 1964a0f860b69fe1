"""Resolves `request.community` from the host name, a `/c/<slug>/` prefix, or the single community.

With a path prefix the prefix becomes part of the script prefix, so every reverse() inside the
request stays inside the community and URL patterns never mention it."""

from __future__ import annotations

import re

from django.http import Http404
from django.urls import get_script_prefix, set_script_prefix

from .selectors import community_by_domain, community_by_slug, community_default

_PREFIX = re.compile(r"^/c/(?P<slug>[a-z0-9][a-z0-9-]{0,62})(?P<rest>/.*|$)")


class CommunityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The script prefix is thread-local: restore it afterwards, or the next request served by this
        # thread outside a WSGI handler (tests, management code) would inherit "/c/<slug>/" and nest it.
        previous = get_script_prefix()
        try:
            return self.get_response(self._resolve(request, previous))
        finally:
            set_script_prefix(previous)

    @staticmethod
    def _resolve(request, script_prefix: str):
        request.community = None
        request.community_prefix = ""
        host = request.get_host().split(":")[0].lower() if request.META.get("HTTP_HOST") else ""
        community = community_by_domain(host) if host else None
        match = _PREFIX.match(request.path_info)
        if match and community is None:
            community = community_by_slug(match["slug"])
            if community is None:
                raise Http404("No such community")
            prefix = f"c/{match['slug']}/"
            request.community_prefix = "/" + prefix
            request.path_info = match["rest"] or "/"
            set_script_prefix(script_prefix + prefix)
        if community is None:
            community = community_default()
        request.community = community
        return request
