"""The transparency self-check: its public page, one period's snapshot, the staff page, and computing a period.

The data is the demo community's own: `load_demo` computes the last full quarter and the one before it (every
capability's indicators over the demo's data) with three hand assessments.

- transparency-index-page: anonymous readers from distinct clients open /c/<slug>/transparency-index/ (the latest
  snapshot laid out by area, the trend, what to fix first); not page-cached, so each request renders it.
- transparency-index-period: the same readers open the earlier quarter's snapshot, /transparency-index/<id>/.
- transparency-index-staff: staff (the community's officials, one browser session each, taking turns) open the
  staff page: the period form, the computed periods, the latest snapshot's fix-first list, the hand assessments.
- transparency-index-compute: staff recompute the last full quarter over the API (POST .../transparency_index/
  with their tokens): every indicator evaluated over the platform's data in the request, the snapshot replaced,
  audited. Integrity: 201 answers = "recomputed" audit events of these staff, and still one snapshot of the period.

`counts` renders each page once in the child with the database's queries counted; `check` pins them and fetches
each page from the running server (areas and trend on the public pages, every form on the staff page)."""

from __future__ import annotations

import json

from harness.loadgen import Request
from harness.people import tokens_for
from harness.scenario import Scenario, Step, client_headers

from .consultations import counted, page_queries

# None of the pages' queries grow with the snapshots or the assessments (the staff page pages the assessments).
MAX_QUERIES = {"page": 3, "period": 3, "staff": 9}  # as counted at the small demo, 2026-11-30
STAFF_LABEL = "ti-staff"
GROUP = "transparency_index"  # `bench/run.py --only transparency_index` runs all four


def _snapshots(community) -> dict:
    """The demo's two snapshots (the latest and the one before it) and the latest's period and areas."""
    from hromada.transparency_index import selectors

    latest, earlier = list(selectors.selfcheck_list(community=community)[:2])
    return {"slug": community.slug, "latest": latest.pk, "earlier": earlier.pk,
            "start": latest.period_start.isoformat(), "end": latest.period_end.isoformat(),
            "areas": {str(latest.pk): sorted(latest.areas), str(earlier.pk): sorted(earlier.areas)}}


def _staff(community, count: int) -> list:
    """`count` officials of the community (no department), made in bulk; found again by a second scenario."""
    from hromada.core.identity.models import Membership, Role, User

    users = list(User.objects.filter(email__startswith=STAFF_LABEL, email__endswith="@bench.local").order_by("pk"))
    if len(users) < count:
        made = User.objects.bulk_create([User(email=f"{STAFF_LABEL}{i}@bench.local", full_name=f"Посадовиця {i}",
                                              password="!")  # noqa: S106 - unusable
                                         for i in range(len(users), count)], batch_size=2000)
        Membership.objects.bulk_create([Membership(community=community, user=u, role=Role.OFFICIAL) for u in made],
                                       batch_size=2000)
        users += made
    return users[:count]


def _sessions(users) -> list[str]:
    """A signed-in browser session of each user, as the cookie header's value."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    cookies = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    return cookies


def _demo():
    from hromada.core.tenancy.models import Community

    return Community.objects.get(is_demo=True)


def _text(body) -> str:
    return body.decode() if isinstance(body, bytes) else body


class _PublicPage(Scenario):
    group = GROUP
    target_p99_ms = 250.0
    rates = (10, 25, 50, 100, 150, 200, 300)
    kind = ""

    def snapshot(self, state: dict) -> int:
        raise NotImplementedError

    def path(self, state: dict) -> str:
        raise NotImplementedError

    def prepare(self, community, budget: int) -> dict:
        return _snapshots(community)

    def request(self, state: dict, index: int) -> Request:
        return Request("GET", f"/c/{state['slug']}{self.path(state)}",
                       client_headers(index, **{"Accept-Language": "uk"}))

    def counts(self, state: dict) -> dict:
        return page_queries(_demo(), self.path(state))

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        print(f"  {self.name}: one render costs {counts['queries']} queries, {counts['bytes'] / 1e3:.0f} kB", flush=True)
        problems = [] if counts["status"] == 200 else [f"the page answered {counts['status']}"]
        if counts["queries"] > MAX_QUERIES[self.kind]:
            problems.append(f"{counts['queries']} queries (pinned at {MAX_QUERIES[self.kind]})")
        status, body = get(f"/c/{state['slug']}{self.path(state)}")
        page = _text(body)
        missing = [code for code in state["areas"][str(self.snapshot(state))] if f'id="area-{code}"' not in page]
        trend = 'id="trend-h"' in page
        if status != 200 or missing or not trend:
            problems.append(f"{self.path(state)}: {status}, areas missing {missing}, trend {'shown' if trend else 'missing'}")
        return problems


class TransparencyIndexPage(_PublicPage):
    name = "transparency-index-page"
    kind = "page"

    def snapshot(self, state: dict) -> int:
        return state["latest"]

    def path(self, state: dict) -> str:
        return "/transparency-index/"


class TransparencyIndexPeriod(_PublicPage):
    name = "transparency-index-period"
    kind = "period"

    def snapshot(self, state: dict) -> int:
        return state["earlier"]

    def path(self, state: dict) -> str:
        return f"/transparency-index/{state['earlier']}/"


class TransparencyIndexStaff(Scenario):
    """The staff page, signed in: each person's page limit (300 a minute) is kept by taking turns, 100 each at most."""

    name = "transparency-index-staff"
    group = GROUP
    target_p99_ms = 250.0
    rates = (5, 10, 25, 50, 100, 150)

    def prepare(self, community, budget: int) -> dict:
        users = _staff(community, max(10, budget // 100 + 1))
        return {**_snapshots(community), "cookies": _sessions(users)}

    def request(self, state: dict, index: int) -> Request:
        cookies = state["cookies"]
        return Request("GET", f"/c/{state['slug']}/transparency-index/staff/",
                       client_headers(index, **{"Accept-Language": "uk", "Cookie": cookies[index % len(cookies)]}))

    def counts(self, state: dict) -> dict:
        from django.test import Client

        from hromada.core.identity.models import User

        community = _demo()
        client = Client(HTTP_HOST="testserver", HTTP_ACCEPT_LANGUAGE="uk")
        client.force_login(User.objects.filter(email__startswith=STAFF_LABEL).order_by("pk").first())
        url = f"/c/{community.slug}/transparency-index/staff/"
        client.get(url)  # warm: the community's and settings' caches
        response, queries = counted(lambda: client.get(url))
        return {"status": response.status_code, "queries": queries, "bytes": len(response.content)}

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        print(f"  {self.name}: one render costs {counts['queries']} queries, {counts['bytes'] / 1e3:.0f} kB", flush=True)
        problems = [] if counts["status"] == 200 else [f"the page answered {counts['status']}"]
        if counts["queries"] > MAX_QUERIES["staff"]:
            problems.append(f"{counts['queries']} queries (pinned at {MAX_QUERIES['staff']})")
        # Over HTTP: anonymous is sent to sign in, never shown the page; the run's answers were all the page.
        status, _body = get(f"/c/{state['slug']}/transparency-index/staff/")
        if status != 302:
            problems.append(f"the staff page answered {status} to an anonymous visitor (302 to sign in expected)")
        return problems


class TransparencyIndexCompute(Scenario):
    """Recomputing the last full quarter over the API, each request from one of the community's officials."""

    name = "transparency-index-compute"
    group = GROUP
    target_p99_ms = 1000.0
    rates = (1, 2, 4, 8, 12, 16)
    ok_statuses = (201,)

    def prepare(self, community, budget: int) -> dict:
        from hromada.core.audit.models import AuditEvent

        users = _staff(community, max(10, budget // 100 + 1))
        return {**_snapshots(community), "tokens": tokens_for(community, users), "staff": [u.pk for u in users],
                "events_before": AuditEvent.objects.filter(action="transparency_index.selfcheck.recomputed",
                                                           actor_id__in=[u.pk for u in users]).count()}

    def request(self, state: dict, index: int) -> Request:
        body = json.dumps({"start": state["start"], "end": state["end"]}).encode()
        tokens = state["tokens"]
        return Request("POST", f"/c/{state['slug']}/api/v1/transparency_index/",
                       client_headers(index, tokens[index % len(tokens)], **{"Content-Type": "application/json"}),
                       body)

    def counts(self, state: dict) -> dict:
        from hromada.core.audit.models import AuditEvent
        from hromada.transparency_index.models import SelfCheck

        events = AuditEvent.objects.filter(action="transparency_index.selfcheck.recomputed",
                                           actor_id__in=state["staff"]).count()
        return {"recomputed": events - state["events_before"],
                "snapshots": SelfCheck.objects.filter(community__slug=state["slug"], period_start=state["start"],
                                                      period_end=state["end"]).count()}

    def check(self, state: dict, steps: list[Step], counts: dict, get) -> list[str]:
        answered = sum(step.result.statuses().get(201, 0) for step in steps)
        problems = []
        if answered != counts["recomputed"]:
            problems.append(f"201 answers {answered}, 'recomputed' audit events {counts['recomputed']}")
        if counts["snapshots"] != 1:
            problems.append(f"{counts['snapshots']} snapshots of {state['start']}..{state['end']} (one expected)")
        status, body = get(f"/c/{state['slug']}/api/v1/transparency_index/latest")
        latest = json.loads(body) if status == 200 else {}
        if latest.get("period_start") != state["start"] or not latest.get("areas"):
            problems.append(f"the latest snapshot over the API: {status}, {latest.get('period_start')}")
        return problems
