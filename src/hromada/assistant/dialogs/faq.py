"""/faq: the community's published questions by topic (topics -> questions -> the answer), and /search: free text
searched in the FAQ and in every enabled capability's ChatCommand.search (services, petitions, ...), the best
results merged as buttons; nothing found -> said plainly, with the main menu.

Button payloads: "faq:start", "faq:topic:<id>[-<page>]", "faq:entry:<id>", "search:start"."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from hromada.assistant import faq
from hromada.assistant.engine.types import Button, Dialog, Incoming, Kind, Reply, page_number, parse_payload
from hromada.core import capabilities

from .navigation import menu_row, page_link
from .plain import chat_text

log = logging.getLogger("hromada.assistant")

QUESTIONS_PER_PAGE = 8
ANSWER_MAX = 3500  # characters of an answer sent to a chat (the page has it all)
RESULTS_MAX = 8
FAQ_RESULTS = 4
PER_CAPABILITY = 3
LABEL_MAX = 60  # a button label: long ones are cut (Viber and Telegram show about this much)


def _label(text: str) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1].rstrip() + "…"


class FaqDialog(Dialog):
    command = "faq"

    def start(self, message: Incoming) -> list[Reply]:
        if message.kind == Kind.BUTTON:
            _command, action, argument = parse_payload(message.payload)
            if action == "topic":
                return [self._topic(argument)]
            if action == "entry":
                return [self._entry(argument)]
        return [self._topics()]

    def handle(self, message: Incoming) -> list[Reply]:
        if message.kind == Kind.TEXT:  # a question typed while browsing: search it
            self.context.finish()
            self.context.hand_over("search")
            return []
        return self.start(message)

    def _topics(self, text: str = "") -> Reply:
        topics = list(faq.published_topics(community=self.context.community))
        if not topics:
            self.context.finish()
            return Reply(text=text or _("There are no questions and answers yet. Type your question, or choose from "
                                        "the menu."), buttons=(menu_row(),))
        rows = tuple((Button(_label(t.title), payload=self.payload("topic", t.pk)),) for t in topics)
        return Reply(text=text or _("Choose a topic:"), buttons=(*rows, menu_row()))

    def _topic(self, argument: str) -> Reply:
        topic_id, _sep, page_text = argument.partition("-")
        topic = faq.topic_get(community=self.context.community, topic_id=topic_id)
        if topic is None:
            return self._topics(_("That topic is no longer available. Choose another one:"))
        page = page_number(page_text)
        entries = topic.published_entries
        start = (page - 1) * QUESTIONS_PER_PAGE
        shown = entries[start : start + QUESTIONS_PER_PAGE]
        if not shown:
            return self._topics(_("That page is no longer there. Choose a topic:"))
        rows = [(Button(_label(e.question), payload=self.payload("entry", e.pk)),) for e in shown]
        if start + QUESTIONS_PER_PAGE < len(entries):
            rows.append((Button(_("More questions"), payload=self.payload("topic", f"{topic.pk}-{page + 1}")),))
        rows.append((Button(_("All topics"), payload=self.payload("start")), *menu_row()))
        return Reply(text=topic.title, buttons=tuple(rows))

    def _entry(self, argument: str) -> Reply:
        entry = faq.entry_get(community=self.context.community, entry_id=argument)
        if entry is None:
            return self._topics(_("That question is no longer available. Choose a topic:"))
        return answer_reply(self.context, entry)


def answer_reply(context, entry) -> Reply:
    """The question and its answer as plain text for a chat, with the back buttons and a link to the FAQ page."""
    answer = chat_text(entry.answer, limit=ANSWER_MAX)
    back = (Button(_label(entry.topic.title), payload=f"faq:topic:{entry.topic_id}"), *menu_row())
    return Reply(text=f"{entry.question}\n\n{answer}", buttons=(back,),
                 link=page_link(context, "assistant:faq", _("All questions on the site")))


def capability_results(community, query: str, *, language: str) -> list[tuple[str, str]]:
    """(title, payload) from every enabled command's search, a few each; a failing search is left out."""
    found: list[tuple[str, str]] = []
    for manifest in community.enabled_manifests:
        for command in manifest.chat_commands:
            if not command.search:
                continue
            try:
                results = capabilities.resolve(command.search)(community, query, language=language,
                                                               limit=PER_CAPABILITY)
                found += [(str(title), str(payload)) for title, payload in list(results)[:PER_CAPABILITY]]
            except Exception:  # one capability's search must not take the others' results away
                log.exception("assistant: the search of /%s failed", command.name)
    return found


class SearchDialog(Dialog):
    """Free text the engine sends when no dialog is active (and /search <words>)."""

    command = "search"

    def start(self, message: Incoming) -> list[Reply]:
        query = message.argument if message.kind in (Kind.COMMAND, Kind.START) else message.text
        if message.kind == Kind.TEXT or query.strip():
            return [self._search(query)]
        self.context.state = {"step": "query"}
        return [Reply(text=_("What are you looking for? Type a few words, e.g. “certificate” or “water”."),
                      buttons=(menu_row(),))]

    def handle(self, message: Incoming) -> list[Reply]:
        if message.kind == Kind.TEXT:
            return [self._search(message.text)]
        return self.start(message)

    def _search(self, query: str) -> Reply:
        self.context.finish()
        community = self.context.community
        query = " ".join(query.split())[: faq.QUERY_MAX]
        if not faq.query_words(query):
            return self._nothing(query)
        results = [(hit.entry.question, f"faq:entry:{hit.entry.pk}")
                   for hit in faq.faq_search(community, query, limit=FAQ_RESULTS)]
        results += capability_results(community, query, language=self.context.language)
        if not results:
            return self._nothing(query)
        rows = tuple((Button(_label(title), payload=payload),) for title, payload in results[:RESULTS_MAX])
        return Reply(text=_("Here is what I found for “%(query)s”:") % {"query": query[:100]},
                     buttons=(*rows, menu_row()))

    def _nothing(self, query: str) -> Reply:
        from hromada.assistant.engine.menu import menu

        text = (_("I found nothing for “%(query)s”. Try other words, or choose from the menu:") % {"query": query[:100]}
                if query.strip() else _("Type a few words of your question, or choose from the menu:"))
        return menu(self.context.community, linked=self.context.user is not None, text=text)
