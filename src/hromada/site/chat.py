"""The community's news in the chat assistant: the newest published items page by page, one item shortened to a
phone's screen with the link to the whole of it, and search over the news (also the assistant's free-text search).
Only what the news page shows: drafts and scheduled items are never reachable, whatever a button says."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.assistant.engine.types import (
    Button,
    CapabilityDialog,
    Incoming,
    Kind,
    Reply,
    Rows,
    page_number,
    parse_payload,
)
from hromada.core.errors import NotFound
from hromada.core.richtext import plain_text

from . import selectors

PAGE = 5
TEXT_LIMIT = 900


def search_news(community, query: str, *, language: str = "uk", limit: int = 5) -> list[tuple[str, str]]:
    """Published news matching the words of `query`: (title, button payload)."""
    if not query.strip():
        return []
    found = selectors.news_list(community=community, query=query).values_list("pk", "title")[:limit]
    return [(title, f"{NewsDialog.command}:read:{pk}") for pk, title in found]


class NewsDialog(CapabilityDialog):
    """Buttons: list:<page>, read:<news id>; typed text searches the news."""

    command = "news"
    capability = "site"
    unavailable = gettext_lazy("News is not available in this community.")
    gone = gettext_lazy("This news item is no longer available.")

    def menu_buttons(self) -> Rows:
        return ((Button(_("Latest news"), self.payload("list", 1)),),)

    def route(self, message: Incoming) -> list[Reply]:
        if message.kind == Kind.BUTTON:
            _command, action, argument = parse_payload(message.payload)
            if action == "read":
                return self._read(argument)
            return self._list(argument)
        query = message.argument if message.kind == Kind.COMMAND else message.text if message.kind == Kind.TEXT else ""
        if query.strip():
            return self._search(query)
        return self._list("1")

    def _list(self, page: str) -> list[Reply]:
        number = page_number(page)
        rows = list(selectors.news_published(community=self.context.community)[(number - 1) * PAGE:number * PAGE + 1])
        if not rows:
            return [Reply(_("There is no news yet.") if number == 1 else _("No older news."))]
        buttons = [(Button(f"{date_format(timezone.localtime(item.publish_at), 'd.m')} · {item.title}"[:64],
                           self.payload("read", item.pk)),) for item in rows[:PAGE]]
        if len(rows) > PAGE:
            buttons.append((Button(_("Older news"), self.payload("list", number + 1)),))
        return [Reply(_("The community's news:"), buttons=tuple(buttons),
                      link=Button(_("All news"), url=self.context.url("site:news")))]

    def _search(self, query: str) -> list[Reply]:
        found = search_news(self.context.community, query, limit=PAGE)
        if not found:
            return [Reply(_("No news found for “%(query)s”.") % {"query": Truncator(query).chars(60)},
                          buttons=self.menu_buttons())]
        return [Reply(_("News found:"), buttons=tuple((Button(title[:64], payload),) for title, payload in found))]

    def _read(self, argument: str) -> list[Reply]:
        if not (argument.isascii() and argument.isdigit()):
            raise NotFound()
        item = selectors.news_get(community=self.context.community, news_id=int(argument))
        lines = [f"📰 {item.title}", date_format(timezone.localtime(item.publish_at), "d.m.Y")]
        if item.summary:
            lines += ["", item.summary]
        lines += ["", plain_text(item.body_html, limit=TEXT_LIMIT)]
        return [Reply("\n".join(lines).strip(), buttons=self.menu_buttons(),
                      link=Button(_("Read on the site"), url=self.context.url("site:news_detail", item.pk)))]
