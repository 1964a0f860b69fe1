"""The Atom feed of a community's petitions: newly published ones and newly answered ones."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import selectors


class PetitionFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        if request.community is None:
            raise Http404
        return request.community

    def title(self, community):
        return _("Petitions of %(community)s: new and answered") % {"community": community.name}

    def link(self, community):
        return reverse("petitions:list")

    def subtitle(self, community):
        return _("Newly published petitions and the council's answers.")

    def items(self, community):
        return selectors.feed_items(community=community)

    def item_title(self, item):
        kind, petition, _when = item
        if kind == "answered":
            return _("Answered: %(title)s") % {"title": petition.title}
        return _("New petition: %(title)s") % {"title": petition.title}

    def item_description(self, item):
        kind, petition, _when = item
        text = petition.answer_text if kind == "answered" else petition.text
        return text[:500]

    def item_link(self, item):
        return reverse("petitions:detail", args=[item[1].pk])

    def item_guid(self, item):
        kind, petition, _when = item
        return f"petition-{petition.community_id}-{petition.pk}-{kind}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item[2]

    def item_updateddate(self, item):
        return item[2]
