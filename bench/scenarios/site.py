"""The community's site: the public pages residents open, anonymous, from distinct clients, through the /c/<slug>/
prefix: the news list, a word search of the news, one news item and one page (none of them is page-cached).

The data is the demo community's own (`--demo small`: 11 published news, one scheduled a week ahead, 4 pages), or
with BENCH_SITE_NEWS=N in the environment N more published news bulk-inserted beside it (an archive of years; the
search reads every row of the community, so its cost grows with them). `counts` renders each page once in the child
with the database's queries counted and `check` pins them; `check` also fetches each page from the running server:
the list shows a full first page of published news, a search finds the item its word comes from and never the
scheduled one, the item and the page show their titles."""

from __future__ import annotations

import html
import os
import re
from urllib.parse import quote

from harness.loadgen import Request
from harness.scenario import Scenario, Step, client_headers

from .consultations import page_queries

# The pages' queries do not grow with the news (the list pages them, the search filters in the database).
MAX_QUERIES = {"list": 5, "search": 5, "item": 1, "page": 1}  # as counted at the small demo, 2026-11-30
NEWS_LINK = re.compile(rb'href="/c/[a-z0-9-]+/site/news/(\d+)/"')


def _archive(community, count: int) -> None:
    """`count` published news, a day apart going back from a year ago, written as the service writes them (the same
    search text), in one bulk insert: the read is what is measured."""
    from datetime import timedelta

    from django.utils import timezone

    from hromada.site.models import NewsCategory, NewsItem

    categories = list(NewsCategory.objects.filter(community=community).order_by("pk")) or [None]
    start = timezone.now() - timedelta(days=365)
    rows = []
    for n in range(count):
        title = f"Архів {n}: засідання постійної комісії з питань благоустрою"
        summary = "Демонстраційна новина архіву (бенчмарк)."
        body = "Комісія розглянула звернення мешканців щодо освітлення й ремонту тротуарів."
        rows.append(NewsItem(community=community, title=title, summary=summary, body_source=body,
                             body_html=f"<p>{body}</p>", category=categories[n % len(categories)],
                             search_text=" ".join((title, summary, body)).casefold(),
                             publish_at=start - timedelta(days=n), is_draft=False))
    NewsItem.objects.bulk_create(rows, batch_size=1000)


def _site(community) -> dict:
    """What every site scenario reads: the community's prefix, the published news, the words to search, the pages;
    the archive is added once however many of this module's scenarios run (the second finds it)."""
    from hromada.site import selectors
    from hromada.site.manifest import site_settings
    from hromada.site.models import NewsItem

    archive = int(os.environ.get("BENCH_SITE_NEWS", "0") or 0)
    if archive and not NewsItem.objects.filter(community=community, title__startswith="Архів 0:").exists():
        _archive(community, archive)
    published = list(selectors.news_published(community=community).values_list("pk", "title", "search_text"))
    hidden = NewsItem.objects.filter(community=community).exclude(pk__in=[pk for pk, _t, _s in published])
    shown_text = " ".join(text for _pk, _title, text in published)
    # The first word of each published title that is long enough to mean something, with the item it comes from.
    words = {}
    for pk, title, _text in published[:50]:
        word = next((w for w in title.casefold().split() if len(w) >= 5 and w.isalpha()), "")
        if word and word not in words:
            words[word] = pk
    # A word only a draft or a scheduled item holds: a search must never find it.
    unseen = next((w for item in hidden for w in item.title.casefold().split()
                   if len(w) >= 5 and w.isalpha() and w not in shown_text), "")
    return {"slug": community.slug, "news": [pk for pk, _t, _s in published[:200]],
            "titles": {str(pk): title for pk, title, _s in published[:200]},
            "published": len(published), "page_size": site_settings(community).page_size,
            "words": sorted(words.items()), "unseen": unseen,
            "pages": list(selectors.page_list(community=community).values_list("slug", "title"))}


class _SitePage(Scenario):
    group = "site"  # `bench/run.py --only site` runs all four
    target_p99_ms = 250.0
    rates = (25, 50, 100, 150, 200, 300, 400)
    kind = ""

    def prepare(self, community, budget: int) -> dict:
        return _site(community)

    def path(self, state: dict, index: int) -> str:
        """The page's path inside the community (the /c/<slug> prefix is added by `request`)."""
        raise NotImplementedError

    def request(self, state: dict, index: int) -> Request:
        return Request("GET", f"/c/{state['slug']}{self.path(state, index)}",
                       client_headers(index, **{"Accept-Language": "uk"}))

    def counts(self, state: dict) -> dict:
        from hromada.core.tenancy.models import Community

        return page_queries(Community.objects.get(is_demo=True), self.path(state, 0))

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        print(f"  {self.name}: one render costs {counts['queries']} queries, {counts['bytes'] / 1e3:.0f} kB "
              f"({state['published']} published news)", flush=True)
        problems = [] if counts["status"] == 200 else [f"the page answered {counts['status']}"]
        if counts["queries"] > MAX_QUERIES[self.kind]:
            problems.append(f"{counts['queries']} queries (pinned at {MAX_QUERIES[self.kind]})")
        return problems + self.shows(state, get)

    def shows(self, state: dict, get) -> list[str]:
        return []

    def fetch(self, state: dict, get, path: str) -> tuple[int, bytes]:
        status, body = get(f"/c/{state['slug']}{path}")
        return status, body if isinstance(body, bytes) else body.encode()


class SiteNewsList(_SitePage):
    """GET /site/: the first page of the news list with its categories and pages beside it."""

    name = "site-news-list"
    kind = "list"

    def path(self, state: dict, index: int) -> str:
        return "/site/"

    def shows(self, state: dict, get) -> list[str]:
        status, body = self.fetch(state, get, "/site/")
        shown = [int(pk) for pk in NEWS_LINK.findall(body)]
        wanted = state["news"][: state["page_size"]]
        if status != 200 or shown != wanted:
            return [f"the news list: {status}, {len(shown)} news shown, {len(wanted)} expected in order"]
        return []


class SiteNewsSearch(_SitePage):
    """GET /site/?q=<word>: a word of a published title, a different one request after request (and now and then
    a word only a scheduled item holds, which finds nothing)."""

    name = "site-news-search"
    kind = "search"

    def path(self, state: dict, index: int) -> str:
        words = state["words"]
        word = state["unseen"] if state["unseen"] and index % 10 == 9 else words[index % len(words)][0]
        return f"/site/?q={quote(word)}"

    def shows(self, state: dict, get) -> list[str]:
        problems = []
        for word, pk in state["words"][:5]:
            status, body = self.fetch(state, get, f"/site/?q={quote(word)}")
            # The item is on the first page of what the word finds, unless more news hold the word than fit.
            found = [int(x) for x in NEWS_LINK.findall(body)]
            if status != 200 or not found or (pk not in found and len(found) < state["page_size"]):
                problems.append(f"searching {word!r}: {status}, {len(found)} found, item {pk} not among them")
        if state["unseen"]:
            status, body = self.fetch(state, get, f"/site/?q={quote(state['unseen'])}")
            if status != 200 or NEWS_LINK.search(body):
                problems.append(f"searching {state['unseen']!r}, a word only an unpublished item holds, found news")
        return problems


class SiteNewsItem(_SitePage):
    """GET /site/news/<id>/: the published news in turn."""

    name = "site-news-item"
    kind = "item"

    def path(self, state: dict, index: int) -> str:
        return f"/site/news/{state['news'][index % len(state['news'])]}/"

    def shows(self, state: dict, get) -> list[str]:
        pk = state["news"][0]
        status, body = self.fetch(state, get, f"/site/news/{pk}/")
        title = html.escape(state["titles"][str(pk)]).encode()
        return [] if status == 200 and title in body else [f"news item {pk}: {status}, its title not on the page"]


class SitePage(_SitePage):
    """GET /site/pages/<slug>/: the published pages in turn (rendered Markdown with tables and links)."""

    name = "site-page"
    kind = "page"

    def path(self, state: dict, index: int) -> str:
        return f"/site/pages/{state['pages'][index % len(state['pages'])][0]}/"

    def shows(self, state: dict, get) -> list[str]:
        problems = []
        for slug, title in state["pages"]:
            status, body = self.fetch(state, get, f"/site/pages/{slug}/")
            if status != 200 or html.escape(title).encode() not in body:
                problems.append(f"page {slug}: {status}, its title not on the page")
        return problems


def in_process(requests: int = 20) -> None:
    """`cd bench && ../.venv/bin/python -m scenarios.site [requests]`: every scenario of this module and of
    scenarios.transparency_index measured in-process through Django's test client on a fresh SQLite file (or
    DATABASE_URL) with the small demo, for a figure when the open-loop harness is too heavy for a loaded machine:
    each one's p50, its ratio to /healthz's p50 measured in the same run, and its queries. The requests are the
    scenarios' own (paths, sessions, tokens, bodies); the rate limits are lifted, the tasks not run."""
    import statistics
    import time

    from opendata_search import setup_django  # a fresh SQLite file or DATABASE_URL, migrated

    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from hromada.core.tenancy.models import Community

    from .consultations import counted
    from .transparency_index import (
        TransparencyIndexCompute,
        TransparencyIndexPage,
        TransparencyIndexPeriod,
        TransparencyIndexStaff,
    )

    print(f"database: {connection.vendor}; load average before: {os.getloadavg()}", flush=True)
    started = time.perf_counter()
    call_command("load_demo", verbosity=0, size="small")
    community = Community.objects.get(is_demo=True)
    scenarios = [SiteNewsList(), SiteNewsSearch(), SiteNewsItem(), SitePage(), TransparencyIndexPage(),
                 TransparencyIndexPeriod(), TransparencyIndexStaff(), TransparencyIndexCompute()]
    states = [scenario.prepare(community, requests * 2) for scenario in scenarios]
    print(f"demo and scenario data prepared in {time.perf_counter() - started:.0f} s", flush=True)
    client = Client(HTTP_HOST="testserver")

    def send(request):
        headers = dict(request.headers)
        content_type = headers.pop("Content-Type", "application/octet-stream")
        return client.generic(request.method, request.path, data=request.body or b"", content_type=content_type,
                              headers=headers)

    def measure(make) -> tuple[float, int, int]:
        """p50 (ms) of `requests` requests after one warm one, the warm one's status and a counted one's queries."""
        status = send(make(0)).status_code
        _response, queries = counted(lambda: send(make(1)))
        samples = []
        for n in range(2, requests + 2):
            request = make(n)
            began = time.perf_counter()
            send(request)
            samples.append((time.perf_counter() - began) * 1000)
        return statistics.median(samples), status, queries

    from harness.loadgen import Request

    baseline, _status, _queries = measure(lambda n: Request("GET", "/healthz", {}))
    print(f"{'/healthz (baseline)':30} p50 {baseline:8.1f} ms", flush=True)
    for scenario, state in zip(scenarios, states, strict=True):
        p50, status, queries = measure(lambda n, scenario=scenario, state=state: scenario.request(state, n))
        print(f"{scenario.name:30} p50 {p50:8.1f} ms  {p50 / baseline:6.1f}x /healthz  queries {queries:3}  "
              f"status {status}", flush=True)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":  # cd bench && ../.venv/bin/python -m scenarios.site [requests]
    import sys

    sys.path.append(str(__import__("pathlib").Path(__file__).resolve().parents[2] / "src"))
    in_process(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
