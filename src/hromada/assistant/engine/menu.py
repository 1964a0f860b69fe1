"""The engine's own replies: the greeting and main menu, /help, /language, and the polite answers to what no
dialog should see (unknown commands, huge messages, media it cannot read, stale buttons, failures).

Called with the chat's language active (translation.override in the dispatcher)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import registry
from .types import Button, Reply

MENU_COLUMNS = 2
LANGUAGES = (("uk", "Українська"), ("en", "English"))


def _label(command, linked: bool) -> str:
    title = str(command.title)
    return title if linked or not command.needs_link else f"{title} 🔒"


def menu(community, *, linked: bool, text: str = "") -> Reply:
    """The main menu: a button per enabled command, in order; 🔒 marks those that need a linked account."""
    found = registry.commands(community)
    buttons = [Button(_label(c, linked), payload=f"{c.name}:start") for c in found]
    rows = tuple(tuple(buttons[i:i + MENU_COLUMNS]) for i in range(0, len(buttons), MENU_COLUMNS))
    if not text:
        text = _("What would you like to do? Choose below, or just type your question.") if found else \
            _("The assistant of this community offers nothing yet. Please try later.")
    return Reply(text=text, buttons=rows)


def greeting(community, *, linked: bool) -> Reply:
    intro = _("Hello! I am the assistant of %(community)s.") % {"community": community.name}
    return menu(community, linked=linked, text=intro + "\n" + _(
        "Choose what you need below, or type a question. /help lists everything, /language changes the language."))


def help_reply(community, *, linked: bool) -> Reply:
    lines = [_("What I can do:")]
    for command in registry.commands(community):
        mark = " 🔒" if command.needs_link and not linked else ""
        description = f" — {command.description}" if command.description else ""
        lines.append(f"/{command.name}{mark}{description}")
    lines += ["", "/menu — " + _("the main menu"), "/language — " + _("change the language"),
              "/help — " + _("this list")]
    if not linked and any(c.needs_link for c in registry.commands(community)):
        lines.append(_("🔒 needs your chat linked to your account on the community's site."))
    return Reply(text="\n".join(lines), buttons=((Button(_("Main menu"), payload="menu:open"),),))


def language_reply() -> Reply:
    return Reply(text=_("Choose the language:"),
                 buttons=(tuple(Button(name, payload=f"language:set:{code}") for code, name in LANGUAGES),))


def language_set() -> str:
    return _("Done: I will answer in English.")


def needs_link(community, command, *, can_link: bool) -> Reply:
    text = _("“%(command)s” needs your chat linked to your account on the community's site.") % {
        "command": command.title}
    buttons = ((Button(_("Link my account"), payload="link:start"),),) if can_link else ()
    return Reply(text=text, buttons=(*buttons, (Button(_("Main menu"), payload="menu:open"),)))


def unknown_command(name: str) -> str:
    return _("I don't know the command /%(name)s. Here is what I can do:") % {"name": name[:40]}


def too_long(limit: int) -> Reply:
    return Reply(text=_("That message is too long for me (over %(limit)s characters). Please write it shorter.")
                 % {"limit": limit})


def unsupported() -> Reply:
    return Reply(text=_("I can read text, locations and photos, but not this kind of message."))


def stale_button() -> str:
    return _("That button is out of date. Here is what I can do now:")


def nothing_to_do() -> str:
    return _("I did not expect that here. Choose what to do first:")


def failed() -> Reply:
    return Reply(text=_("Something went wrong on our side. Please try again in a minute."),
                 buttons=((Button(_("Main menu"), payload="menu:open"),),))
