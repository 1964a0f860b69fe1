"""Atom feeds of dataset changes, as CKAN serves them: /feeds/dataset.atom (every public dataset) and
/feeds/organization/<id or name>.atom (one publisher's datasets).

One feed instance serves every request of a process (and every thread), so what a request chose (its
community, its publisher) travels in the object get_object returns, never on the instance."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import Dataset, Publisher

ITEMS = 50


@dataclass(frozen=True)
class FeedScope:
    """What one request asked for: the community and, for a publisher's feed, the publisher."""

    community: object
    publisher: Publisher | None = None


class DatasetFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs) -> FeedScope:
        if request.community is None:
            raise Http404
        return FeedScope(community=request.community)

    def title(self, obj):
        return _("Recently changed datasets of %(name)s") % {"name": obj.community.name}

    def link(self, obj):
        return reverse("opendata:catalogue")

    def subtitle(self, obj):
        return _("New and updated open data")

    def items(self, obj):
        datasets = Dataset.objects.filter(community=obj.community, private=False).select_related("publisher")
        if obj.publisher is not None:
            datasets = datasets.filter(publisher=obj.publisher)
        return datasets.order_by("-metadata_modified")[:ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description[:1000]

    def item_link(self, item):
        return reverse("opendata:dataset", args=[item.name])

    def item_guid(self, item):
        return f"urn:uuid:{item.pk}:{item.metadata_modified.isoformat()}"

    def item_updateddate(self, item):
        return item.metadata_modified

    def item_pubdate(self, item):
        return item.metadata_created

    def item_author_name(self, item):
        return item.publisher.title

    def item_categories(self, item):
        return [item.update_frequency]


class PublisherFeed(DatasetFeed):
    def get_object(self, request, ident: str) -> FeedScope:
        community = super().get_object(request).community
        from .ckan.actions import _looks_like_uuid

        lookup = {"pk": ident} if _looks_like_uuid(ident) else {"name": ident}
        publisher = Publisher.objects.filter(community=community, **lookup).first()
        if publisher is None:
            raise Http404
        return FeedScope(community=community, publisher=publisher)

    def title(self, obj):
        return _("Datasets of %(publisher)s") % {"publisher": obj.publisher.title}

    def link(self, obj):
        return reverse("opendata:publisher", args=[obj.publisher.name])
