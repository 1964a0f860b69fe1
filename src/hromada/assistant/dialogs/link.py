"""/link: link this chat to the resident's Hromada account with the one-time code from their profile ("Chat
bots"), typed here or carried by the bot's deep link (/start link-<code>, Viber's context); and /unlink.

Button payloads: "link:start", "link:unlink" (asks), "link:unlink_yes" (does it), "unlink:start"."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hromada.assistant.engine.types import Button, Dialog, Incoming, Kind, Reply, parse_payload
from hromada.assistant.linking import DEEP_LINK_PREFIX, chat_unlink, link_code_redeem, looks_like_code
from hromada.assistant.models import Chat
from hromada.core.errors import DomainError

from .navigation import menu_row, page_link


def chat_of(context) -> Chat | None:
    """The engine's stored chat (or, outside the engine, the chat with this channel's id in the community)."""
    if context.chat_ref is not None:
        return context.chat_ref
    return Chat.objects.filter(community=context.community, channel=context.channel,
                               chat_id=context.chat_id).select_related("user").first()


class LinkDialog(Dialog):
    command = "link"

    def start(self, message: Incoming) -> list[Reply]:
        if message.kind == Kind.BUTTON:
            return self._button(message)
        code = message.argument if message.kind in (Kind.START, Kind.COMMAND) else ""
        if code and looks_like_code(code):
            return self._redeem(code)
        if code.startswith(DEEP_LINK_PREFIX):  # a deep link with a damaged code
            return self._redeem(code)
        if self.context.user is not None:
            return [self._linked_already()]
        return [self._ask()]

    def handle(self, message: Incoming) -> list[Reply]:
        if message.kind == Kind.BUTTON:
            return self._button(message)
        if message.kind == Kind.TEXT and message.text.strip():
            return self._redeem(message.text)
        return [self._ask()]

    # --- steps -------------------------------------------------------------------------------------------------

    def _ask(self) -> Reply:
        self.context.state = {"step": "code"}
        buttons: list[tuple[Button, ...]] = []
        page = page_link(self.context, "assistant:link", _("Get a code on the site"))
        if page is not None:
            buttons.append((page,))
        buttons.append(menu_row())
        return Reply(text=_("To link this chat to your account, open your profile on the community's site, "
                            "“Chat bots”, get a code and type it here (8 letters and digits)."),
                     buttons=tuple(buttons))

    def _linked_already(self) -> Reply:
        self.context.finish()
        return Reply(text=_("This chat is linked to the account of %(name)s.") % {"name": self._name()},
                     buttons=((Button(_("Unlink this chat"), payload=self.payload("unlink")),), menu_row()))

    def _name(self) -> str:
        user = self.context.user
        return (getattr(user, "full_name", "") or _("a resident")) if user is not None else ""

    def _redeem(self, code: str) -> list[Reply]:
        chat = chat_of(self.context)
        if chat is None:  # only outside the engine: nothing to link
            self.context.finish()
            return [Reply(text=_("Please write to me again in a moment."), buttons=(menu_row(),))]
        try:
            link_code_redeem(actor=self.context.user, community=self.context.community, chat=chat, code=code)
        except DomainError as exc:
            self.context.state = {"step": "code"}
            return [Reply(text=str(exc.message), buttons=(menu_row(),))]
        self.context.user = chat.user
        self.context.finish()
        return [Reply(text=_("Done: this chat is linked to the account of %(name)s. Now you can sign, vote and "
                             "file appeals here, and get your notifications (choose which in your profile).")
                      % {"name": self._name()}, buttons=(menu_row(),))]

    def _button(self, message: Incoming) -> list[Reply]:
        _command, action, _argument = parse_payload(message.payload)
        if action == "unlink":
            return [unlink_question(self.context)]
        if action == "unlink_yes":
            return unlink(self.context)
        return self.start(Incoming(channel=message.channel, chat_id=message.chat_id, kind=Kind.COMMAND, text="link"))


def unlink_question(context) -> Reply:
    if context.user is None:
        context.finish()
        return Reply(text=_("This chat is not linked to an account."), buttons=(menu_row(),))
    return Reply(text=_("Unlink this chat from your account? You will no longer get notifications here."),
                 buttons=((Button(_("Yes, unlink"), payload="link:unlink_yes"),
                           Button(_("Cancel"), payload="menu:open")),))


def unlink(context) -> list[Reply]:
    context.finish()
    chat = chat_of(context)
    if context.user is None or chat is None or chat.user_id is None:
        return [Reply(text=_("This chat is not linked to an account."), buttons=(menu_row(),))]
    try:
        chat_unlink(actor=chat.user, community=context.community, chat_id=chat.pk)
    except DomainError as exc:
        return [Reply(text=str(exc.message), buttons=(menu_row(),))]
    context.user = None
    return [Reply(text=_("Done: this chat is no longer linked to your account. You can link it again with a new "
                         "code from your profile."), buttons=(menu_row(),))]


class UnlinkDialog(Dialog):
    """/unlink: the same question as the link dialog's button."""

    command = "unlink"

    def start(self, message: Incoming) -> list[Reply]:
        self.context.finish()  # the answer comes back as a "link:" button
        return [unlink_question(self.context)]
