"""Web pages of Assistant: the list and one entry; as thin as the API (parse, call a selector, render).

Writes go through the services, from the back office and the API (add forms here the same way when needed)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hromada.core.errors import NotFound

from . import selectors
from .manifest import assistant_settings


@require_GET
def chat_bot_list(request):
    community = request.community
    entries = selectors.chat_bot_list(actor=request.user, community=community)
    page = Paginator(entries, assistant_settings(community).page_size).get_page(request.GET.get("page"))
    return render(request, "assistant/list.html", {"page": page})


@require_GET
def chat_bot_detail(request, chat_bot_id: int):
    try:
        chat_bot = selectors.chat_bot_get(actor=request.user, community=request.community, chat_bot_id=chat_bot_id)
    except NotFound:
        raise Http404 from None
    return render(request, "assistant/detail.html", {"chat_bot": chat_bot})
