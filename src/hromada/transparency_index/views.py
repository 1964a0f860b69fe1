"""Web pages of Transparency self-check: the list and one entry; as thin as the API (parse, call a selector, render).

Writes go through the services, from the back office and the API (add forms here the same way when needed)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hromada.core.errors import NotFound

from . import selectors
from .manifest import transparency_index_settings


@require_GET
def self_check_list(request):
    community = request.community
    entries = selectors.self_check_list(actor=request.user, community=community)
    page = Paginator(entries, transparency_index_settings(community).page_size).get_page(request.GET.get("page"))
    return render(request, "transparency_index/list.html", {"page": page})


@require_GET
def self_check_detail(request, self_check_id: int):
    try:
        self_check = selectors.self_check_get(actor=request.user, community=request.community, self_check_id=self_check_id)
    except NotFound:
        raise Http404 from None
    return render(request, "transparency_index/detail.html", {"self_check": self_check})
