"""Petitions in the community's chat assistant: browse the collecting ones, search, read one, sign it.

Signing goes through the same service as the web page (services.petition_sign) with the chat's linked account as
the actor; a chat never raises anyone's identity level, so a refusal says what to do on the site."""

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
from hromada.core.errors import DomainError, NotFound

from . import selectors, services
from .models import Status

PAGE = 5


def _short_date(moment) -> str:
    return date_format(timezone.localtime(moment), "d.m.Y") if moment else ""


def search_petitions(community, query: str, *, language: str = "uk", limit: int = 5) -> list[tuple[str, str]]:
    """Public petitions matching the words of `query` (the assistant's free-text search): (title, button payload)."""
    if not query.strip():
        return []
    found = selectors.petition_list(community=community, q=query).values_list("pk", "title")[:limit]
    return [(title, f"{PetitionsDialog.command}:read:{pk}") for pk, title in found]


class PetitionsDialog(CapabilityDialog):
    """Buttons: list:<page>, find, read:<pk>, sign:<pk> (asks to confirm), signok:<pk> (signs)."""

    command = "petitions"
    capability = "petitions"
    unavailable = gettext_lazy("Petitions are not available in this community.")
    gone = gettext_lazy("This petition is no longer available.")

    def not_found(self, exc: NotFound) -> list[Reply]:
        self.context.state.pop("awaiting", None)
        return super().not_found(exc)

    def route(self, message: Incoming) -> list[Reply]:
        state = self.context.state
        if message.kind == Kind.BUTTON:
            _command, action, argument = parse_payload(message.payload)
            state.pop("awaiting", None)
            if action == "read":
                return self._read(argument)
            if action == "sign":
                return self._confirm(argument)
            if action == "signok":
                return self._sign(argument)
            if action == "find":
                state["awaiting"] = "query"
                return [Reply(_("Type a few words from the petition's title or text."))]
            return self._list(argument)
        if message.kind == Kind.COMMAND and message.argument.strip():
            return self._search(message.argument)
        if message.kind == Kind.TEXT and (state.get("awaiting") == "query" or message.text.strip()):
            state.pop("awaiting", None)
            return self._search(message.text)
        return self._list("1")

    def menu_buttons(self) -> Rows:
        return ((Button(_("Collecting petitions"), self.payload("list", 1)), Button(_("Search"), self.payload("find"))),)

    def _list(self, page: str) -> list[Reply]:
        number = page_number(page)
        community = self.context.community
        rows = list(selectors.petition_list(community=community, status=Status.COLLECTING)
                    [(number - 1) * PAGE:number * PAGE + 1])
        if not rows:
            text = _("No petitions are collecting signatures now.") if number == 1 else _("No more petitions.")
            return [Reply(text, buttons=((Button(_("Search"), self.payload("find")),),),
                          link=Button(_("All petitions"), url=self.context.url("petitions:list")))]
        buttons = [(Button(f"{p.title[:60]} · {p.signature_total}/{p.threshold}", self.payload("read", p.pk)),)
                   for p in rows[:PAGE]]
        more = [Button(_("More"), self.payload("list", number + 1))] if len(rows) > PAGE else []
        buttons.append((*more, Button(_("Search"), self.payload("find"))))
        return [Reply(_("Petitions collecting signatures (page %(page)s):") % {"page": number},
                      buttons=tuple(buttons))]

    def _search(self, query: str) -> list[Reply]:
        found = search_petitions(self.context.community, query, limit=PAGE)
        if not found:
            return [Reply(_("No petitions found for “%(query)s”.") % {"query": Truncator(query).chars(60)},
                          buttons=self.menu_buttons())]
        return [Reply(_("Petitions found:"), buttons=tuple((Button(title[:64], payload),) for title, payload in found))]

    def _petition(self, argument: str):
        return selectors.petition_get(community=self.context.community, pk=argument, viewer=self.context.user)

    def _read(self, argument: str) -> list[Reply]:
        petition = self._petition(argument)
        lines = [f"📝 {petition.title}", petition.get_status_display(),
                 _("Signatures: %(count)s of %(threshold)s") % {"count": petition.signature_total,
                                                                "threshold": petition.threshold}]
        if petition.status == Status.COLLECTING and petition.collection_ends_at:
            lines.append(_("Collecting until %(date)s") % {"date": _short_date(petition.collection_ends_at)})
        lines += ["", Truncator(petition.text).chars(600)]
        if petition.status == Status.ANSWERED and petition.answer_text:
            lines += ["", _("Answer (%(decision)s, %(date)s):") % {"decision": petition.get_answer_decision_display(),
                                                                     "date": _short_date(petition.answered_at)},
                      Truncator(petition.answer_text).chars(800)]
        buttons = ((Button(_("Sign"), self.payload("sign", petition.pk)),),) if petition.status == Status.COLLECTING else ()
        return [Reply("\n".join(lines), buttons=buttons + self.menu_buttons(),
                      link=Button(_("Open on the site"), url=self.context.url("petitions:detail", petition.pk)))]

    def _needs_link(self) -> list[Reply]:
        return self.needs_link(_("To sign, link this chat to your Hromada account first."))

    def _confirm(self, argument: str) -> list[Reply]:
        petition = self._petition(argument)
        if self.context.user is None:
            return self._needs_link()
        if selectors.has_signed(petition=petition, user=self.context.user):
            return [Reply(_("You have already signed this petition."), buttons=self.menu_buttons())]
        return [Reply(_("Sign the petition “%(title)s” as %(name)s?") % {"title": petition.title,
                                                                      "name": self.context.user.display_name},
                      buttons=((Button(_("Yes, sign"), self.payload("signok", petition.pk)),
                                Button(_("Cancel"), self.payload("read", petition.pk))),))]

    def _sign(self, argument: str) -> list[Reply]:
        petition = self._petition(argument)
        user = self.context.user
        if user is None:
            return self._needs_link()
        page = Button(_("Open on the site"), url=self.context.url("petitions:detail", petition.pk))
        try:
            signature = services.petition_sign(actor=user, community=self.context.community, petition=petition,
                                               caller=self.rate_key())
        except DomainError as exc:
            text = str(exc.message)
            if exc.code == "identity_required":
                text += "\n" + _("Confirm your identity on the site (a chat cannot do it), then sign again.")
            return [Reply(text, link=page)]
        count = getattr(signature, "count_after", None) or selectors.signature_count(petition.pk)
        return [Reply(_("Thank you: your signature is counted. Signatures: %(count)s of %(threshold)s.")
                      % {"count": count, "threshold": petition.threshold}, buttons=self.menu_buttons(), link=page)]
