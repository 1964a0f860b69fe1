"""Web pages of Grant competitions: the list and one entry; as thin as the API (parse, call a selector, render).

Writes go through the services, from the back office and the API (add forms here the same way when needed)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hromada.core.errors import NotFound

from . import selectors
from .manifest import competitions_settings


@require_GET
def call_list(request):
    community = request.community
    entries = selectors.call_list(actor=request.user, community=community)
    page = Paginator(entries, competitions_settings(community).page_size).get_page(request.GET.get("page"))
    return render(request, "competitions/list.html", {"page": page})


@require_GET
def call_detail(request, call_id: int):
    try:
        call = selectors.call_get(actor=request.user, community=request.community, call_id=call_id)
    except NotFound:
        raise Http404 from None
    return render(request, "competitions/detail.html", {"call": call})
