"""The community's sitemap.xml (sitemaps.org 0.9): its home page, each enabled capability's landing page, and the
entries a capability registers here (a site's pages and news), for search engines.

A capability registers a dotted path to callable(community) -> iterable of (path, last modified or None) with
`register(slug, dotted)` in its AppConfig.ready(); only the sources of capabilities the community has on are asked."""

from __future__ import annotations

from xml.etree import ElementTree

from django.http import Http404, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from hromada.core import capabilities

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
LIMIT = 50_000  # the protocol's most URLs in one file
_sources: dict[str, str] = {}


def register(slug: str, dotted: str) -> None:
    _sources[slug] = dotted


def entries(community):
    """(path, last modified) pairs: home, landing pages of enabled capabilities, then the registered sources."""
    yield reverse("web:home"), None
    for manifest in community.enabled_manifests:
        if manifest.url_name:
            try:
                yield reverse(manifest.url_name), None
            except NoReverseMatch:
                continue
    for manifest in community.enabled_manifests:
        if manifest.slug in _sources:
            yield from capabilities.resolve(_sources[manifest.slug])(community)


@require_GET
def sitemap_xml(request):
    community = getattr(request, "community", None)
    if community is None:
        raise Http404
    root = ElementTree.Element("urlset", xmlns=NAMESPACE)
    seen: set[str] = set()
    for path, modified in entries(community):
        if path in seen or len(seen) >= LIMIT:
            continue
        seen.add(path)
        url = ElementTree.SubElement(root, "url")
        ElementTree.SubElement(url, "loc").text = request.build_absolute_uri(path)
        if modified is not None:
            ElementTree.SubElement(url, "lastmod").text = modified.date().isoformat()
    body = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="utf-8")
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
