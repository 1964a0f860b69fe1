"""The services catalogue in the community's chat assistant: categories, their services, and one service told
shortly (what it is, who may apply, what to bring, the fee, the term, where), with the link to its page where one
applies; typed words search the catalogue (also the assistant's free-text search)."""

from __future__ import annotations

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

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

from . import selectors
from .models import FeeKind

PAGE = 8


def search_services(community, query: str, *, language: str = "uk", limit: int = 5) -> list[tuple[str, str]]:
    """Public services whose text holds every word of `query`: (title, button payload)."""
    if not query.strip():
        return []
    found = selectors.service_list(actor=None, community=community, q=query).values_list("pk", "title")[:limit]
    return [(title, f"{ServicesDialog.command}:show:{pk}") for pk, title in found]


class ServicesDialog(CapabilityDialog):
    """Buttons: cats, cat:<category id>[.<page>], show:<service id>; typed text searches the catalogue."""

    command = "services"
    capability = "services"
    unavailable = gettext_lazy("The services catalogue is not available in this community.")
    gone = gettext_lazy("This service is no longer in the catalogue.")

    def route(self, message: Incoming) -> list[Reply]:
        if message.kind == Kind.BUTTON:
            _command, action, argument = parse_payload(message.payload)
            if action == "show":
                return self._show(argument)
            if action == "cat":
                category_id, _dot, page = argument.partition(".")
                return self._category(category_id, page)
            return self._categories()
        query = message.argument if message.kind == Kind.COMMAND else message.text if message.kind == Kind.TEXT else ""
        return self._search(query) if query.strip() else self._categories()

    def menu_buttons(self) -> Rows:
        return ((Button(_("All categories"), self.payload("cats")),),)

    def _categories(self) -> list[Reply]:
        categories = [c for c in selectors.category_list(community=self.context.community) if c.public_count]
        link = Button(_("Services on the site"), url=self.context.url("services:list"))
        if not categories:
            return [Reply(_("The services catalogue is empty for now."), link=link)]
        buttons = tuple((Button(f"{c.title[:56]} ({c.public_count})", self.payload("cat", c.pk)),) for c in categories)
        return [Reply(_("Choose a category, or type what you need (for example “passport”)."), buttons=buttons,
                      link=link)]

    def _category(self, category_id: str, page: str) -> list[Reply]:
        number = page_number(page)
        rows = list(selectors.service_list(actor=None, community=self.context.community, category_id=category_id)
                    .values_list("pk", "title")[(number - 1) * PAGE:number * PAGE + 1])
        if not rows:
            return [Reply(_("There are no services in this category."), buttons=self.menu_buttons())]
        buttons = [(Button(title[:64], self.payload("show", pk)),) for pk, title in rows[:PAGE]]
        if len(rows) > PAGE:
            buttons.append((Button(_("More"), self.payload("cat", f"{category_id}.{number + 1}")),))
        return [Reply(_("Services:"), buttons=(*buttons, *self.menu_buttons()))]

    def _search(self, query: str) -> list[Reply]:
        found = search_services(self.context.community, query, limit=PAGE)
        if not found:
            return [Reply(_("No services found for “%(query)s”.") % {"query": Truncator(query).chars(60)},
                          buttons=self.menu_buttons())]
        return [Reply(_("Services found:"), buttons=tuple((Button(title[:64], payload),) for title, payload in found))]

    def _show(self, argument: str) -> list[Reply]:
        service = selectors.service_get(actor=self.context.user, community=self.context.community, service_id=argument)
        lines = [f"🏛 {service.title}"]
        if service.summary:
            lines.append(Truncator(service.summary).chars(400))
        if service.who_may_apply:
            lines += ["", _("Who may apply:"), Truncator(service.who_may_apply).chars(300)]
        if service.documents:
            lines += ["", _("What you need:"), Truncator(service.documents).chars(500)]
        if service.fee_kind == FeeKind.FIXED and service.fee_amount is not None:
            fee = _("%(amount)s UAH") % {"amount": service.fee_amount}
        else:
            fee = service.get_fee_kind_display()
        lines += ["", _("Fee: %(fee)s") % {"fee": fee},
                  ngettext("Term: %(n)s working day", "Term: %(n)s working days", service.term_days)
                  % {"n": service.term_days}]
        if service.where:
            lines.append(_("Where: %(where)s") % {"where": Truncator(service.where).chars(300)})
        if service.online:
            lines.append(_("You can apply online on the site."))
        buttons = ((Button(_("Apply online"), url=self.context.url("services:apply", service.pk)),),) \
            if service.online else ()
        return [Reply("\n".join(lines), buttons=(*buttons, *self.menu_buttons()),
                      link=Button(_("Open on the site"), url=self.context.url("services:detail", service.pk)))]
