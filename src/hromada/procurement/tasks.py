"""Background work of Procurement: the periodic walk of the public changes feeds (every 5 minutes at most, as the
feeds ask), for every community at once (ADR 0039). A walk is bounded so that one run ends well before the next;
the place in each feed is saved with every page, so a walk cut short goes on next time."""

from __future__ import annotations

from django_tasks import task

from .crawler.client import option
from .crawler.walk import crawl
from .models import FeedSource

PAGES_PER_RUN = 50


@task()
def procurement_crawl() -> dict:
    pages = option("HROMADA_PROZORRO_PAGES_PER_RUN", PAGES_PER_RUN)
    result = {}
    for source in FeedSource:
        report = crawl(source, max_pages=pages)
        result[source.value] = {"pages": report.pages, "stored": report.stored, "skipped": len(report.skipped),
                                "error": report.error}
    return result
