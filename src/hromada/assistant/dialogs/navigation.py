"""The buttons every assistant dialog ends with: back to the main menu (the engine's own "menu:open")."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hromada.assistant.engine.types import Button


def menu_row() -> tuple[Button, ...]:
    return (Button(_("Main menu"), payload="menu:open"),)


def page_link(context, viewname: str, label: str, *args) -> Button | None:
    """A url button to a page of the community, or None when the page is not mounted (its capability is off)."""
    from django.urls import NoReverseMatch

    try:
        return Button(label, url=context.url(viewname, *args))
    except NoReverseMatch:
        return None
