"""The procurement block of the community home page: the tenders published this year (how many, their expected
value, the single-bidder share) and the newest few, cached until the ingest stores the community's tenders again.

Summing a year of tenders (100,000 rows in the benchmark) on every view would not do: a cache hit costs no query,
a miss two (one aggregate over the year's rows, one read of the newest rows by the list's index)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q, Sum
from django.utils import timezone

from hromada.core.versioned_cache import CacheVersion

from .selectors import tender_list

SHOWN = 3
# Bumped per community after every commit that stores its tenders (services.ingest_tenders): the cached figures are
# never older than the last crawl. The timeout is only a backstop for rows changed behind the services' back.
TENDERS_VERSION = CacheVersion("procurement.tenders")
CACHE_SECONDS = 3600


def procurement_block(community, *, user) -> dict | None:
    """This year's figures and the newest tenders; None (no block) while the community has no tender at all."""
    year = timezone.localdate().year
    block = TENDERS_VERSION.cached(f"home:{year}", lambda: year_figures(community=community, year=year),
                                   scope=community.pk, timeout=CACHE_SECONDS)
    return block if block["latest"] else None


def year_figures(*, community, year: int) -> dict:
    """The tenders published in this Kyiv calendar year: their number, the sum of the expected values in hryvnias,
    and the share of single-bidder tenders among those whose bids are known (as the competition page counts them)."""
    tenders = tender_list(community=community, date_from=date(year, 1, 1), date_to=date(year, 12, 31))
    figures = tenders.aggregate(tenders=Count("id"), amount=Sum("value_amount", filter=Q(currency="UAH")),
                                known_bids=Count("id", filter=Q(number_of_bids__isnull=False)),
                                single_bidder=Count("id", filter=Q(number_of_bids=1)))
    known = figures["known_bids"]
    latest = tender_list(community=community).values("pk", "title", "date_published", "value_amount", "currency")
    return {"year": year, **figures,
            "single_bidder_percent": round(100 * figures["single_bidder"] / known, 1) if known else None,
            "latest": list(latest[:SHOWN])}
