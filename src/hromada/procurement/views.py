"""Web pages of Procurement: the list and one entry; as thin as the API (parse, call a selector, render).

Writes go through the services, from the back office and the API (add forms here the same way when needed)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hromada.core.errors import NotFound

from . import selectors
from .manifest import procurement_settings


@require_GET
def tender_list(request):
    community = request.community
    entries = selectors.tender_list(actor=request.user, community=community)
    page = Paginator(entries, procurement_settings(community).page_size).get_page(request.GET.get("page"))
    return render(request, "procurement/list.html", {"page": page})


@require_GET
def tender_detail(request, tender_id: int):
    try:
        tender = selectors.tender_get(actor=request.user, community=request.community, tender_id=tender_id)
    except NotFound:
        raise Http404 from None
    return render(request, "procurement/detail.html", {"tender": tender})
