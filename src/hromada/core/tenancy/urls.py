"""Links to a community's pages from outside a request (tasks, emails, feeds, open data).

Inside a request `reverse()` already includes the community prefix; elsewhere use `community_path`."""

from __future__ import annotations

from django.conf import settings
from django.urls import get_script_prefix, reverse


def community_path(community, viewname: str, *args, **kwargs) -> str:
    """The path of a named view inside `community`, e.g. "/c/demo/petitions/5/" (valid on every install)."""
    path = reverse(viewname, args=args or None, kwargs=kwargs or None)
    prefix = get_script_prefix()
    if path.startswith(prefix):
        path = "/" + path[len(prefix):]
    return f"/c/{community.slug}{path}"


def community_url(community, viewname: str, *args, **kwargs) -> str:
    """Absolute URL: the community's own host when it has one, else the site URL with the /c/<slug>/ prefix."""
    if community.domain:
        path = reverse(viewname, args=args or None, kwargs=kwargs or None)
        prefix = get_script_prefix()
        if path.startswith(prefix):
            path = "/" + path[len(prefix):]
        return f"https://{community.domain}{path}"
    return settings.HROMADA_SITE_URL + community_path(community, viewname, *args, **kwargs)
