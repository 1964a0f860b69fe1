"""Web pages of Site and news: the list and one entry; as thin as the API (parse, call a selector, render).

Writes go through the services, from the back office and the API (add forms here the same way when needed)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hromada.core.errors import NotFound

from . import selectors
from .manifest import site_settings


@require_GET
def page_list(request):
    community = request.community
    entries = selectors.page_list(actor=request.user, community=community)
    page = Paginator(entries, site_settings(community).page_size).get_page(request.GET.get("page"))
    return render(request, "site/list.html", {"page": page})


@require_GET
def page_detail(request, page_id: int):
    try:
        page = selectors.page_get(actor=request.user, community=request.community, page_id=page_id)
    except NotFound:
        raise Http404 from None
    return render(request, "site/detail.html", {"page": page})
