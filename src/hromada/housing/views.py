"""Web pages of Housing: the list and one entry; as thin as the API (parse, call a selector, render).

Writes go through the services, from the back office and the API (add forms here the same way when needed)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hromada.core.errors import NotFound

from . import selectors
from .manifest import housing_settings


@require_GET
def building_list(request):
    community = request.community
    entries = selectors.building_list(actor=request.user, community=community)
    page = Paginator(entries, housing_settings(community).page_size).get_page(request.GET.get("page"))
    return render(request, "housing/list.html", {"page": page})


@require_GET
def building_detail(request, building_id: int):
    try:
        building = selectors.building_get(actor=request.user, community=request.community, building_id=building_id)
    except NotFound:
        raise Http404 from None
    return render(request, "housing/detail.html", {"building": building})
