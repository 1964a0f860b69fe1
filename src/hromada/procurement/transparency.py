"""What procurement gives the transparency self-check: the community's Prozorro tenders of a period kept and
published as OCDS by a crawler that is up to date, and the share of its tenders with more than one bidder."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.capabilities import TransparencyIndicator
from hromada.core.tenancy.urls import community_path

from .models import Buyer, CrawlState, FeedSource, Tender

# The crawler counts as up to date when its last good page came at most this long before the period's end.
FRESH = timedelta(days=2)


def tenders_followed_facts(*, community, start, end) -> dict:
    since, until = TransparencyIndicator.moments(start, end)
    state = CrawlState.objects.filter(source=FeedSource.PROZORRO).first()
    last_success = state.last_success_at if state else None
    return {
        "buyers": Buyer.objects.for_community(community).filter(is_active=True).count(),
        "tenders": Tender.objects.for_community(community).filter(date_published__gte=since,
                                                                  date_published__lt=until).count(),
        "fresh": last_success is not None and last_success >= min(until, timezone.now()) - FRESH,
    }


def tenders_followed(community, start, end) -> dict:
    facts = tenders_followed_facts(community=community, start=start, end=end)
    evidence = [(_("Tenders"), community_path(community, "procurement:list")),
                (_("Tenders as OCDS"), community_path(community, "procurement:ocds"))]
    advice = _("Add the EDRPOU codes of the council and all its enterprises, and keep the Prozorro crawler running so "
               "every tender is published here as OCDS.")
    if not facts["buyers"]:
        return {"score": None, "value": _("No EDRPOU code of the council or its enterprises is followed yet"),
                "evidence": evidence, "advice": advice}
    score = 0.0 if not facts["tenders"] else (1.0 if facts["fresh"] else 0.5)
    value = _("%(tenders)d tenders of the period are published as OCDS") % {"tenders": facts["tenders"]}
    value += "; " + (_("the crawler is up to date") if facts["fresh"] else _("the crawler is not up to date"))
    return {"score": score, "value": value, "evidence": evidence, "advice": advice}


def competitive_counts(*, community, start, end) -> tuple[int, int]:
    """(with more than one bidder, with the bidders known) for the tenders published in the period."""
    since, until = TransparencyIndicator.moments(start, end)
    counts = (Tender.objects.for_community(community)
              .filter(date_published__gte=since, date_published__lt=until, single_bidder__isnull=False)
              .aggregate(known=Count("pk"), competitive=Count("pk", filter=Q(single_bidder=False))))
    return counts["competitive"], counts["known"]


def competitive_tenders(community, start, end) -> dict:
    competitive, known = competitive_counts(community=community, start=start, end=end)
    value = (_("%(competitive)d of %(known)d tenders of the period had more than one bidder")
             % {"competitive": competitive, "known": known} if known
             else _("No tender of the period has its bidders known yet"))
    return TransparencyIndicator.share(
        competitive, known, value=value,
        evidence=[(_("Competition in tenders"), community_path(community, "procurement:competition"))],
        advice=_("Look into the single-bidder tenders: specifications written for one supplier, short bidding "
                 "periods and split purchases keep competitors away."))
