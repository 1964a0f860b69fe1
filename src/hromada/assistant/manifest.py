"""What Assistant offers the platform: its pages, API, per-community settings, open data and demo data.

Discovered by hromada.core.capabilities; every dotted path here is checked at start-up (hromada.core.capability_checks)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, ChatCommand, setting


@dataclass(frozen=True)
class ChatBotSettings:
    """Each community's settings, edited in the back office (Communities → Services and settings)."""

    page_size: int = setting(30, _("Items per page"), min_value=5, max_value=100)


def assistant_settings(community) -> ChatBotSettings:
    """This community's settings, typed: `assistant_settings(community).page_size`."""
    return capabilities.settings_for(community, "assistant")


MANIFEST = CapabilityManifest(
    slug="assistant",
    name=_("Assistant"),
    description=_("The community's services in a chat: Telegram, Viber and the web chat on the site."),
    icon="comment",  # a name from the kernel icon sprite (hromada.core.web.templatetags.hromada_icons)
    url_name="assistant:chat",
    url_prefix="assistant",
    urls="hromada.assistant.urls",
    api_router="hromada.assistant.api:router",
    settings_model=ChatBotSettings,
    # The outbox and the retry of failed updates (each update and reply is also handled at once after commit).
    periodic_tasks=(("hromada.assistant.tasks.sweep", 15),),
    # The assistant's own chat commands (A2): account link, FAQ and free-text search, contacts, social card.
    chat_commands=(
        ChatCommand("faq", _("Questions and answers"), "hromada.assistant.dialogs.faq.FaqDialog",
                    _("the community's answers to frequent questions, by topic"), order=10),
        ChatCommand("contacts", _("Contacts and hours"), "hromada.assistant.dialogs.contacts.ContactsDialog",
                    _("the community's contacts and reception hours"), order=20),
        ChatCommand("search", _("Search"), "hromada.assistant.dialogs.faq.SearchDialog",
                    _("search the answers and services; or just type your question"), order=900),
        ChatCommand("socialcard", _("Social card"), "hromada.assistant.dialogs.socialcard.SocialCardDialog",
                    _("your social card's balance"), needs_link=True, order=700),
        ChatCommand("link", _("Link my account"), "hromada.assistant.dialogs.link.LinkDialog",
                    _("link this chat to your account with a code from your profile"), order=950),
        ChatCommand("unlink", _("Unlink my account"), "hromada.assistant.dialogs.link.UnlinkDialog",
                    _("unlink this chat from your account"), needs_link=True, order=960),
    ),
    notification_channel="hromada.assistant.notify:CHANNEL",
    profile_links=(("assistant:link", _("Chat bots")),),
    demo_loader="hromada.assistant.demo:load",
    demo_order=500,
)
