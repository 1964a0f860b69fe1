"""Web pages of Enrolment: the list and one entry; as thin as the API (parse, call a selector, render).

Writes go through the services, from the back office and the API (add forms here the same way when needed)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hromada.core.errors import NotFound

from . import selectors
from .manifest import enrollment_settings


@require_GET
def application_list(request):
    community = request.community
    entries = selectors.application_list(actor=request.user, community=community)
    page = Paginator(entries, enrollment_settings(community).page_size).get_page(request.GET.get("page"))
    return render(request, "enrollment/list.html", {"page": page})


@require_GET
def application_detail(request, application_id: int):
    try:
        application = selectors.application_get(actor=request.user, community=request.community, application_id=application_id)
    except NotFound:
        raise Http404 from None
    return render(request, "enrollment/detail.html", {"application": application})
