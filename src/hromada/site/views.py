"""Web pages of the community's site: news (search, categories, pagination), one news item, pages, contacts and
officials, and the site's accent stylesheet. As thin as the API: parse, call a selector, render.

Staff write through the back office and the API (the same services)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hromada.core.errors import NotFound
from hromada.core.richtext import plain_text

from . import selectors
from .manifest import site_settings

DESCRIPTION_MAX = 200


@require_GET
def news_list(request):
    community = request.community
    query = request.GET.get("q", "")[: selectors.SEARCH_MAX]
    categories = list(selectors.category_list(community=community))
    chosen = request.GET.get("category", "")
    chosen = chosen if any(c.slug == chosen for c in categories) else ""
    news = selectors.news_list(community=community, query=query, category=chosen)
    page = Paginator(news, site_settings(community).page_size).get_page(request.GET.get("page"))
    profile = selectors.site_profile(community)
    return render(request, "site/news_list.html", {
        "page": page, "query": query, "categories": categories, "chosen": chosen, "profile": profile,
        "keep": urlencode({k: v for k, v in (("q", query), ("category", chosen)) if v}),
        "pages": selectors.page_list(community=community)[:20],
        "og_image": profile.cover.url if profile and profile.cover else "",
    })


@require_GET
def news_detail(request, news_id: int):
    try:
        item = selectors.news_get(community=request.community, news_id=news_id)
    except NotFound:
        raise Http404 from None
    return render(request, "site/news_detail.html", {
        "item": item, "description": item.summary or plain_text(item.body_html, limit=DESCRIPTION_MAX),
        "og_image": item.photo.url if item.photo else "",
    })


@require_GET
def page_index(request):
    return render(request, "site/page_index.html", {"pages": selectors.page_list(community=request.community)})


@require_GET
def page_detail(request, slug: str):
    try:
        page = selectors.page_get(community=request.community, slug=slug)
    except NotFound:
        raise Http404 from None
    return render(request, "site/page_detail.html", {
        "page": page, "description": plain_text(page.body_html, limit=DESCRIPTION_MAX),
    })


@require_GET
def contacts(request):
    community = request.community
    return render(request, "site/contacts.html", {
        "profile": selectors.site_profile(community), "officials": selectors.official_list(community=community),
    })


@require_GET
def theme_css(request):
    """The accent colour (kept as chosen: the service refused one below AA) for the cover band and headings."""
    profile = selectors.site_profile(request.community)
    css = ""
    if profile and profile.accent_colour:
        css = f".site-accent{{background:{profile.accent_colour};color:#fff}}.site-accent a{{color:#fff}}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
