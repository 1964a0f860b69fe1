"""The resident's office: one page with all of a person's own items in this community, across capabilities.

Each enabled capability lists its items through its manifest's `resident_items` (a callable(user, community) ->
list[ResidentItem]); the page merges them newest first, filters by capability and by "needs my action", and pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, ResidentItem

PER_PAGE = 20
_OLDEST = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Facet:
    """One capability in the filter: how many items it has, and how many wait for the person."""

    slug: str
    name: object
    count: int
    to_act: int


def office_items(user, community) -> tuple[list[ResidentItem], dict[str, CapabilityManifest]]:
    """Every item of the person's in the community's enabled capabilities, newest first."""
    providers = {m.slug: m for m in community.enabled_manifests if m.resident_items}
    items: list[ResidentItem] = []
    for manifest in providers.values():
        items += capabilities.resolve(manifest.resident_items)(user, community)
    items.sort(key=lambda item: (item.updated_at or _OLDEST, item.url), reverse=True)
    return items, providers


def _facets(items: list[ResidentItem], providers: dict[str, CapabilityManifest]) -> list[Facet]:
    counted = {slug: [0, 0] for slug in providers}
    for item in items:
        tally = counted.setdefault(item.capability, [0, 0])
        tally[0] += 1
        tally[1] += item.needs_action
    return [Facet(slug, providers[slug].name, n, act) for slug, (n, act) in counted.items()
            if n and slug in providers]


@login_required
@require_GET
def office(request):
    community = request.community
    if community is None:  # the platform's own pages have no residents' items
        raise Http404
    items, providers = office_items(request.user, community)
    facets = _facets(items, providers)
    # An unknown capability or flag shows everything, as a stale bookmark should; nothing else is read.
    wanted = request.GET.get("capability", "")
    wanted = wanted if wanted in providers else ""
    to_act = request.GET.get("action") == "1"
    shown = [item for item in items if (not wanted or item.capability == wanted) and (not to_act or item.needs_action)]
    page = Paginator(shown, PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode([(key, value) for key, value in (("capability", wanted), ("action", "1" if to_act else ""))
                       if value])
    return render(request, "web/office.html", {
        "page": page, "facets": facets, "wanted": wanted, "to_act": to_act, "query": query,
        "total": len(items), "to_act_total": sum(item.needs_action for item in items),
        "rows": [(item, providers[item.capability].name) for item in page.object_list],
    })
