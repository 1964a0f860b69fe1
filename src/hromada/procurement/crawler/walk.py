"""The walk of one changes feed (Prozorro tenders or Prozorro.Sale auctions), page by page from the stored offset.

For each page: the changes that could be ours (the buyer's or seller's code, when the feed carries it through
opt_fields, is one of ANY community's active codes; otherwise every change not already stored as new) are fetched
and parsed, then stored for the communities that follow their code, and the next offset is saved IN THE SAME
TRANSACTION. So a kill at any point resumes at the first page not committed, and re-reading a page stores nothing
twice (upserts keep the newest dateModified).

What goes wrong, and what is written:
- the feed page itself is malformed (not JSON, no data list, no next offset, a change without id): nothing of the
  page; CrawlState.last_error says why; the walk stops (the next run tries the same page again).
- the API cannot be reached or keeps answering 429/5xx (after the client's retries), on the page or on one of its
  entries: nothing of the page; last_error; the walk stops.
- one entry is malformed (a field missing or of the wrong type, a body that is not JSON): that entry is skipped,
  counted in CrawlState.skipped and named in last_error; the rest of the page is stored. One bad tender must not
  stop a community's whole feed.
- the database refuses the page's writes (say, two tenders claiming one contract id): the page's transaction is
  rolled back whole, last_error says so, and the walk stops at that page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hromada.core.identity.actors import SYSTEM

from .. import services
from ..models import Auction, Buyer, CrawlState, FeedSource, Tender
from .auctions import parse_auction, seller_code
from .client import Client, FeedError, FeedPage, MalformedResponse, option
from .parsing import Malformed
from .tenders import buyer_code, parse_tender

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Feed:
    source: str
    resource: str          # the API's collection: tenders, auctions
    opt_fields: str        # asked for in the feed, so most changes need no fetch
    code_of: object        # feed item or entry -> the buyer's/seller's code, or None
    parse: object
    ingest: object
    model: type


FEEDS = {
    FeedSource.PROZORRO: Feed("prozorro", "tenders", "procuringEntity", buyer_code, parse_tender,
                              services.ingest_tenders, Tender),
    FeedSource.SALE: Feed("sale", "auctions", "procuringEntity,sellingEntity", seller_code, parse_auction,
                          services.ingest_auctions, Auction),
}


@dataclass
class CrawlReport:
    source: str
    pages: int = 0
    changes: int = 0
    fetched: int = 0
    stored: int = 0
    skipped: list[str] = field(default_factory=list)
    error: str = ""
    caught_up: bool = False


class _Stop(Exception):
    pass


def crawl(source: str = FeedSource.PROZORRO, *, client: Client | None = None, max_pages: int | None = None,
          limit: int | None = None, store: bool = True) -> CrawlReport:
    """Walk the feed of `source` until it is caught up, `max_pages` pages were read, or something fails.
    `store=False` reads and parses exactly as a real walk but writes nothing (the benchmark's baseline)."""
    feed = FEEDS[FeedSource(source)]
    client = client or Client.for_source(feed.source)
    limit = limit or option("HROMADA_PROZORRO_PAGE_SIZE", 100)
    report = CrawlReport(source=feed.source)
    state, _created = CrawlState.objects.get_or_create(source=feed.source)
    CrawlState.objects.filter(pk=state.pk).update(last_run_at=timezone.now())
    # A demo community's codes are made up: its synthetic tenders come from the demo loader, and following them in
    # the national feed would walk all of Prozorro for nothing (from every `make run`).
    codes = set(Buyer.objects.filter(is_active=True, community__is_demo=False).values_list("edrpou", flat=True))
    if not codes:
        report.error = "no community follows any EDRPOU code yet: nothing to crawl"
        return report
    offset = state.offset
    while max_pages is None or report.pages < max_pages:
        try:
            page = client.feed_page(feed.resource, offset, limit=limit, opt_fields=feed.opt_fields)
            entries, skipped = _fetch(feed, client, page.items, codes, report)
        except FeedError as exc:
            _failed(state, exc.reason, report)
            break
        if store:
            try:
                _commit(feed, state, offset, page, entries, skipped, report)
            except _Stop:
                break
            except DatabaseError as exc:  # rolled back whole: e.g. two entries claiming one contract id
                _failed(state, f"the page at offset {offset or '(start)'} could not be stored: "
                               f"{exc.__class__.__name__}", report)
                break
        offset = page.next_offset
        report.pages += 1
        report.changes += len(page.items)
        report.skipped += skipped
        if not page.items:
            report.caught_up = True
            break
    return report


def _fetch(feed: Feed, client: Client, items: list[dict], codes: set[str], report: CrawlReport
           ) -> tuple[list, list[str]]:
    """Parsed entries of the page's changes that could be ours, and the reasons malformed ones were skipped."""
    maybe = [item for item in items if feed.code_of(item) in codes or feed.code_of(item) is None]
    held = dict(feed.model.objects.filter(prozorro_id__in={i["id"] for i in maybe})
                .values_list("prozorro_id", "date_modified").order_by("date_modified"))
    entries, skipped = [], []
    for item in maybe:
        stored, listed = held.get(item["id"]), _listed(item["dateModified"])
        if stored is not None and listed is not None and stored >= listed:
            continue  # already as new as the feed says (a page read again after a kill)
        try:
            raw = client.entry(feed.resource, item["id"])
        except MalformedResponse as exc:
            skipped.append(f"{item['id']}: {exc.reason}")
            continue
        report.fetched += 1
        if raw is None or feed.code_of(raw) not in codes:
            continue  # gone from the API, or not one of ours after all
        try:
            entries.append(feed.parse(raw))
        except Malformed as exc:
            skipped.append(f"{item['id']}: {exc}")
        except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
            # A shape the parser did not foresee: still one entry, never the whole feed.
            skipped.append(f"{item['id']}: cannot be read ({exc.__class__.__name__})")
    return entries, skipped


def _listed(value: str):
    """The feed's dateModified as an aware datetime, or None when it is not one (then the entry is fetched)."""
    try:
        moment = parse_datetime(value)
    except ValueError:
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def _commit(feed: Feed, state: CrawlState, offset: str, page: FeedPage, entries: list, skipped: list[str],
            report: CrawlReport) -> None:
    """The page's upserts and the next offset, in one transaction; refuses if another crawler moved on."""
    with transaction.atomic():
        locked = CrawlState.objects.select_for_update().get(pk=state.pk)
        if locked.offset != offset:
            report.error = "another crawler moved this feed on; this one stops"
            raise _Stop()
        counts = feed.ingest(actor=SYSTEM, **{feed.resource: entries}) if entries else {"stored": 0}
        now = timezone.now()
        locked.offset, locked.last_success_at = page.next_offset, now
        locked.pages += 1
        locked.changes_seen += len(page.items)
        locked.stored += counts["stored"]
        locked.skipped += len(skipped)
        if skipped:
            locked.last_error = _limit("skipped malformed entries: " + "; ".join(skipped))
            locked.last_error_at = now
        locked.save()
    report.stored += counts["stored"]


def _failed(state: CrawlState, reason: str, report: CrawlReport) -> None:
    report.error = reason
    log.warning("procurement crawl of %s stopped: %s", state.source, reason)
    CrawlState.objects.filter(pk=state.pk).update(last_error=_limit(reason), last_error_at=timezone.now())


def _limit(message: str) -> str:
    return message if len(message) <= 4000 else message[:3990] + " …"
