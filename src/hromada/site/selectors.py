"""Every read of the community's site: published pages, news as residents see them (never a draft, never before its
publication moment), the menu (cached per community), officials, the sitemap's entries and the open-data rows.

`news_latest(community, limit)` is the one other code calls (the home page, the assistant)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from hromada.core import capabilities
from hromada.core.errors import NotFound
from hromada.core.versioned_cache import CacheVersion

from .models import MenuItem, NewsCategory, NewsItem, Official, Page, SiteProfile

# Bumped (per community) after a menu item or a page changes: the layout's menu is read from the cache.
MENU_VERSION = CacheVersion("site-menu")
SEARCH_MAX = 100


def site_profile(community) -> SiteProfile | None:
    return SiteProfile.objects.filter(community=community).first()


# --- pages -----------------------------------------------------------------------------------------------------


def page_list(*, community) -> QuerySet[Page]:
    return Page.objects.for_community(community).filter(is_published=True).order_by("title", "pk")


def page_get(*, community, slug: str) -> Page:
    """A published page; another community's, an unpublished one or none at all are the same NotFound."""
    page = page_list(community=community).filter(slug=slug).first()
    if page is None:
        raise NotFound()
    return page


# --- news ------------------------------------------------------------------------------------------------------


def news_published(*, community, now: datetime | None = None) -> QuerySet[NewsItem]:
    """News residents may see: not drafts, and due (a scheduled item appears nowhere before its moment)."""
    return (NewsItem.objects.for_community(community)
            .filter(is_draft=False, publish_at__lte=now or timezone.now())
            .select_related("category").order_by("-publish_at", "-pk"))


def news_list(*, community, query: str = "", category: str = "") -> QuerySet[NewsItem]:
    """Published news, newest first, optionally matching words of the title, summary or text and a category slug."""
    news = news_published(community=community)
    for word in (query or "").strip()[:SEARCH_MAX].casefold().split()[:8]:
        news = news.filter(search_text__contains=word)
    if category:
        news = news.filter(category__slug=category)
    return news


def news_get(*, community, news_id: int) -> NewsItem:
    item = news_published(community=community).filter(pk=news_id).first()
    if item is None:
        raise NotFound()
    return item


def news_latest(community, limit: int = 5) -> list[NewsItem]:
    """The newest published news of the community (one query), for the home page and the assistant."""
    return list(news_published(community=community)[: max(0, min(int(limit), 50))])


def category_list(*, community) -> QuerySet[NewsCategory]:
    return NewsCategory.objects.for_community(community).order_by("name", "pk")


def official_list(*, community) -> QuerySet[Official]:
    return Official.objects.for_community(community).order_by("order", "pk")


# --- menu ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MenuLink:
    label: str
    kind: str
    target: str  # a page's slug, a capability's slug or an external address


def _menu_rows(community) -> list[MenuLink]:
    rows = (MenuItem.objects.for_community(community).filter(Q(page__isnull=True) | Q(page__is_published=True))
            .select_related("page").order_by("position", "pk"))
    return [MenuLink(item.label, item.kind,
                     item.page.slug if item.page else item.capability or item.url) for item in rows]


def menu(community) -> list[tuple[str, str, bool]]:
    """The site's menu as (label, href, external), read from the cache; links to a capability the community has
    since disabled are left out."""
    links = MENU_VERSION.cached("menu", lambda: _menu_rows(community), scope=community.pk)
    result = []
    for link in links:
        if link.kind == MenuItem.Kind.EXTERNAL:
            result.append((link.label, link.target, True))
            continue
        try:
            if link.kind == MenuItem.Kind.PAGE:
                href = reverse("site:page", args=[link.target])
            elif community.capability_enabled(link.target):
                href = reverse(capabilities.manifest(link.target).url_name)
            else:
                continue
        except (NoReverseMatch, KeyError):
            continue
        result.append((link.label, href, False))
    return result


def menu_changed(community) -> None:
    MENU_VERSION.bump(community.pk)


# --- sitemap and open data -------------------------------------------------------------------------------------


def sitemap_entries(community) -> Iterator[tuple[str, datetime | None]]:
    """(path, last modified) of the site's published pages and news, for the kernel's sitemap.xml."""
    yield reverse("site:contacts"), None
    for slug, updated in page_list(community=community).values_list("slug", "updated_at"):
        yield reverse("site:page", args=[slug]), updated
    for pk, updated in news_published(community=community).values_list("pk", "updated_at")[:5000]:
        yield reverse("site:news_detail", args=[pk]), updated


def news_open_data_rows(community) -> Iterator[dict]:
    """Published news without personal data: no author, only what the public page shows."""
    for item in news_published(community=community).order_by("pk").iterator():
        yield {"id": item.pk, "title": item.title, "summary": item.summary,
               "category": item.category.name if item.category else "",
               "published_at": item.publish_at.isoformat(), "updated_at": item.updated_at.isoformat()}
