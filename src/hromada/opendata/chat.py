"""Open data in the community's chat assistant: the newest datasets, search, one dataset (when its data was
updated, its formats, the link) and following it for updates.

Search is the portal's own (search.dataset_search, what the catalogue page and CKAN's package_search use);
following is follow_create / follow_delete with the linked account, and the existing followers_notify tells
followers of every new or updated resource through core.notifications (events "opendata.resource.*"), so the
resident gets them in the chat when the chat channel is chosen for open data in their preferences."""

from __future__ import annotations

import uuid

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

from . import selectors, services
from .search import dataset_search, load_page, visible_datasets
from .search_query import SearchQueryError

PAGE = 5


def search_datasets(community, query: str, *, language: str = "uk", limit: int = 5) -> list[tuple[str, str]]:
    """Public datasets matching `query` (the assistant's free-text search): (title, button payload)."""
    if not query.strip():
        return []
    try:
        result = dataset_search(community, None, q=query, rows=limit)
    except SearchQueryError:
        return []
    return [(dataset.title, f"{OpenDataDialog.command}:show:{dataset.pk}") for dataset in load_page(result.ids)]


class OpenDataDialog(CapabilityDialog):
    """Buttons: list:<page>, find, show:<dataset id>, follow:<id>, unfollow:<id>."""

    command = "opendata"
    capability = "opendata"
    unavailable = gettext_lazy("Open data is not available in this community.")
    gone = gettext_lazy("This dataset is no longer available.")

    def menu_buttons(self) -> Rows:
        return ((Button(_("Newest datasets"), self.payload("list", 1)), Button(_("Search"), self.payload("find"))),)

    def route(self, message: Incoming) -> list[Reply]:
        state = self.context.state
        if message.kind == Kind.BUTTON:
            _command, action, argument = parse_payload(message.payload)
            state.pop("awaiting", None)
            if action == "show":
                return self._show(argument)
            if action in ("follow", "unfollow"):
                return self._follow(argument, follow=action == "follow")
            if action == "find":
                state["awaiting"] = "query"
                return [Reply(_("Type a few words: what data are you looking for?"))]
            return self._list(argument)
        if message.kind == Kind.COMMAND and message.argument.strip():
            return self._search(message.argument)
        if message.kind == Kind.TEXT and message.text.strip():
            state.pop("awaiting", None)
            return self._search(message.text)
        return self._list("1")

    def _list(self, page: str) -> list[Reply]:
        number = page_number(page)
        result = dataset_search(self.context.community, None, rows=PAGE, start=(number - 1) * PAGE)
        if not result.ids:
            return [Reply(_("No datasets are published yet.") if number == 1 else _("No more datasets."),
                          buttons=self.menu_buttons())]
        buttons = [(Button(dataset.title[:64], self.payload("show", dataset.pk)),) for dataset in load_page(result.ids)]
        more = [Button(_("More"), self.payload("list", number + 1))] if result.count > number * PAGE else []
        buttons.append((*more, Button(_("Search"), self.payload("find"))))
        return [Reply(_("Open datasets, newest first (%(count)s in all):") % {"count": result.count},
                      buttons=tuple(buttons), link=Button(_("Open data portal"),
                                                          url=self.context.url("opendata:catalogue")))]

    def _search(self, query: str) -> list[Reply]:
        found = search_datasets(self.context.community, query, limit=PAGE)
        if not found:
            return [Reply(_("No datasets found for “%(query)s”.") % {"query": Truncator(query).chars(60)},
                          buttons=self.menu_buttons())]
        return [Reply(_("Datasets found:"), buttons=tuple((Button(title[:64], payload),) for title, payload in found))]

    def _dataset(self, argument: str):
        try:
            pk = uuid.UUID(argument)
        except ValueError as exc:
            raise NotFound() from exc
        dataset = visible_datasets(self.context.community, self.context.user).filter(pk=pk).first()
        if dataset is None:
            raise NotFound()
        return dataset

    def _show(self, argument: str) -> list[Reply]:
        dataset = self._dataset(argument)
        formats = sorted({resource.format for resource in dataset.resources.all()})
        lines = [f"📊 {dataset.title}", dataset.publisher.title]
        if dataset.data_updated_at:
            lines.append(_("Data updated %(date)s") % {"date": date_format(timezone.localtime(dataset.data_updated_at),
                                                                            "d.m.Y")})
        lines.append(_("Updated: %(frequency)s") % {"frequency": dataset.get_update_frequency_display()})
        if dataset.is_overdue:
            lines.append(_("The next update is overdue."))
        if formats:
            lines.append(_("Formats: %(formats)s") % {"formats": ", ".join(formats)})
        if dataset.description:
            lines += ["", Truncator(dataset.description).chars(500)]
        following = self.context.user is not None and dataset.pk in selectors.follows_of(
            user=self.context.user, community=self.context.community)["datasets"]
        button = (Button(_("Stop following"), self.payload("unfollow", dataset.pk)) if following
                  else Button(_("Follow updates"), self.payload("follow", dataset.pk)))
        return [Reply("\n".join(lines), buttons=((button,), *self.menu_buttons()),
                      link=Button(_("Open on the site"), url=self.context.url("opendata:dataset", dataset.name)))]

    def _follow(self, argument: str, *, follow: bool) -> list[Reply]:
        dataset = self._dataset(argument)
        user = self.context.user
        if user is None:
            return self.needs_link(_("To follow a dataset, link this chat to your Hromada account first."))
        call = services.follow_create if follow else services.follow_delete
        call(actor=user, community=self.context.community, dataset=dataset, caller=self.rate_key())
        text = (_("You will be notified when “%(title)s” is updated. Choose the chat channel for open data in "
                  "your profile's notification settings to get the news here.") if follow
                else _("You no longer follow “%(title)s”."))
        return [Reply(text % {"title": dataset.title}, buttons=self.menu_buttons())]
