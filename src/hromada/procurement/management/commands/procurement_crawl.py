"""`hromada procurement_crawl [--once] [--source prozorro|sale] [--max-pages N] [--limit N]`: walk a public
changes feed from where the crawler stopped, keeping the entries of the codes communities follow.

Without --once it walks both feeds again and again, pausing HROMADA_PROZORRO_POLL seconds (at least 300: the
feeds ask not to be polled more often) after each catch-up. The periodic task does the same every 5 minutes;
run this one by hand for a first catch-up or to watch progress."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from hromada.core.identity.actors import SYSTEM

from ...crawler.client import option
from ...crawler.walk import crawl
from ...models import CrawlState, FeedSource
from ...services import crawl_restart

MIN_POLL = 300


class Command(BaseCommand):
    help = "Crawl the Prozorro (tenders) and Prozorro.Sale (auctions) changes feeds for the communities' buyers."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="walk until caught up (or --max-pages), then stop")
        parser.add_argument("--source", choices=[s.value for s in FeedSource], action="append",
                            help="the feed to walk (repeatable); both when not given")
        parser.add_argument("--max-pages", type=int, default=None, help="stop after this many pages of each feed")
        parser.add_argument("--limit", type=int, default=None, help="changes per feed page (the API allows 1000)")
        parser.add_argument("--restart-at", default=None,
                            help="set the feed's stored offset first (as the API gives it); '' is the start")

    def handle(self, *args, **options):
        sources = options["source"] or [s.value for s in FeedSource]
        if options["restart_at"] is not None:
            for source in sources:
                crawl_restart(actor=SYSTEM, source=source, offset=options["restart_at"])
        poll = max(MIN_POLL, option("HROMADA_PROZORRO_POLL", MIN_POLL))
        while True:
            for source in sources:
                report = crawl(source, max_pages=options["max_pages"], limit=options["limit"])
                offset = CrawlState.objects.get(source=source).offset
                self.stdout.write(
                    f"{source}: {report.pages} page(s), {report.changes} change(s), {report.fetched} fetched, "
                    f"{report.stored} stored, {len(report.skipped)} skipped; offset {offset or '(start)'}"
                    + ("; caught up" if report.caught_up else ""))
                for reason in report.skipped:
                    self.stdout.write(f"  skipped {reason}")
                if report.error:
                    self.stderr.write(f"  stopped: {report.error}")
            if options["once"]:
                return
            time.sleep(poll)
