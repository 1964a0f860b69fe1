"""Web pages of E-consultations: the list and one entry; as thin as the API (parse, call a selector, render).

Writes go through the services, from the back office and the API (add forms here the same way when needed)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hromada.core.errors import NotFound

from . import selectors
from .manifest import consultations_settings


@require_GET
def consultation_list(request):
    community = request.community
    entries = selectors.consultation_list(actor=request.user, community=community)
    page = Paginator(entries, consultations_settings(community).page_size).get_page(request.GET.get("page"))
    return render(request, "consultations/list.html", {"page": page})


@require_GET
def consultation_detail(request, consultation_id: int):
    try:
        consultation = selectors.consultation_get(actor=request.user, community=request.community, consultation_id=consultation_id)
    except NotFound:
        raise Http404 from None
    return render(request, "consultations/detail.html", {"consultation": consultation})
