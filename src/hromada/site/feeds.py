"""RSS 2.0 and Atom feeds of the community's published news (django.contrib.syndication): a scheduled item joins
them at its publication moment, never before. One feed instance serves every request, so the community travels in
the object get_object returns."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from hromada.core.richtext import plain_text

from . import selectors
from .manifest import site_settings


class NewsRss(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request, *args, **kwargs):
        if request.community is None:
            raise Http404
        return request.community

    def title(self, community):
        return _("News of %(name)s") % {"name": community.name}

    def link(self, community):
        return reverse("site:news")

    def description(self, community):
        return _("Published news of %(name)s") % {"name": community.name}

    subtitle = description

    def items(self, community):
        return selectors.news_latest(community, site_settings(community).feed_size)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or plain_text(item.body_html, limit=500)

    def item_link(self, item):
        return reverse("site:news_detail", args=[item.pk])

    def item_guid(self, item):
        return f"urn:hromada:news:{item.community_id}:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.category.name] if item.category else []


class NewsAtom(NewsRss):
    feed_type = Atom1Feed
