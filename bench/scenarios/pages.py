"""Pages residents open: the community's home page with the news and every capability's live block, from
distinct clients, anonymous (served from the page cache) and signed in (rendered every time)."""

from __future__ import annotations

from harness.loadgen import Request
from harness.people import residents_with_tokens
from harness.scenario import Scenario, client_headers

SIGNED_IN = 50  # residents with a session each, taking turns (the page's queries are the same for any of them)


def _every_block(community) -> list[str]:
    """Fill in what the demo leaves without a block today (a budget cycle in its vote, a council session ahead),
    then the slugs of the blocks the home page renders for a visitor."""
    from datetime import timedelta

    from django.contrib.auth.models import AnonymousUser
    from django.utils import timezone

    from hromada.budgets.tests.factories import cycle
    from hromada.core.identity.actors import SYSTEM
    from hromada.core.web.views import home_blocks
    from hromada.council import selectors as council_selectors
    from hromada.council import services as council

    present = {b["manifest"].slug: b["block"] for b in home_blocks(community, AnonymousUser())}
    if "budgets" not in present or not present["budgets"]["voting"]:
        cycle(community, phase="voting", title="Бюджет участі (бенчмарк)")
    if not (present.get("council") or {}).get("next_session"):
        latest = council_selectors.session_list(community=community).first()
        convocation_id = latest.convocation_id if latest else council.convocation_create(
            actor=SYSTEM, community=community, number=99, start_date=timezone.localdate()).pk
        council.session_create(actor=SYSTEM, community=community, convocation_id=convocation_id, number=999,
                               start_date=timezone.localdate() + timedelta(days=7), name="Сесія (бенчмарк)")
    return [b["manifest"].slug for b in home_blocks(community, AnonymousUser())]


def _has_every_block(state: dict, get) -> list[str]:
    status, body = get("/")
    if status != 200:
        return [f"the home page answered {status}"]
    page = body.decode() if isinstance(body, bytes) else body
    return [f"no {slug} block on the home page" for slug in state["blocks"]
            if f'id="home-{slug}"' not in page and not (slug == "surveys" and 'id="quick-poll-' in page)]


class HomePage(Scenario):
    """Anonymous: every hit after the first in 30 s is the page cache's (ADR 0033)."""

    name = "home-page"
    rates = (25, 50, 100, 150, 200, 300, 400, 600)

    def prepare(self, community, budget: int) -> dict:
        return {"blocks": _every_block(community)}

    def request(self, state: dict, index: int) -> Request:
        return Request("GET", "/", client_headers(index, **{"Accept-Language": "uk"}))

    def check(self, state: dict, steps, counts: dict, get) -> list[str]:
        return _has_every_block(state, get)


class HomePageSignedIn(Scenario):
    """Signed in: the whole page with every block rendered for each request (never cached)."""

    name = "home-page-signed-in"
    rates = (25, 50, 100, 150, 200, 300, 400)

    def prepare(self, community, budget: int) -> dict:
        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore

        from hromada.core.identity.models import User

        blocks = _every_block(community)
        residents_with_tokens(community, SIGNED_IN, "home")
        sessions = []
        for user in User.objects.filter(email__endswith="@bench.local", email__startswith="home").order_by("pk"):
            session = SessionStore()
            session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[0]
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            sessions.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
        return {"blocks": blocks, "cookies": sessions}

    def request(self, state: dict, index: int) -> Request:
        cookies = state["cookies"]
        return Request("GET", "/", client_headers(index, **{"Accept-Language": "uk",
                                                             "Cookie": cookies[index % len(cookies)]}))

    def check(self, state: dict, steps, counts: dict, get) -> list[str]:
        return _has_every_block(state, get)
