"""/contacts: the community's contacts and reception hours. Where the site capability is enabled, what its staff
wrote there (the contacts text and the officials' reception hours, read through the site's public selectors);
otherwise the community's own address, phone, email and website."""

from __future__ import annotations

from django.utils.translation import gettext as _

from hromada.assistant.engine.types import Dialog, Incoming, Reply

from .navigation import menu_row, page_link
from .plain import chat_text

CONTACTS_MAX = 1500
OFFICIALS_MAX = 10


def community_lines(community) -> list[str]:
    """The community's own contact fields, one line each ("" ones left out)."""
    fields = ((_("Address"), community.address), (_("Phone"), community.phone), (_("Email"), community.email),
              (_("Website"), community.website))
    return [f"{label}: {value}" for label, value in fields if value]


def site_lines(community) -> list[str]:
    """What the site's staff published: the contacts text and who receives residents when."""
    from hromada.site import selectors as site

    lines = []
    profile = site.site_profile(community)
    if profile is not None and profile.contacts_source.strip():
        lines.append(chat_text(profile.contacts_source, limit=CONTACTS_MAX))
    officials = [o for o in site.official_list(community=community)[:OFFICIALS_MAX] if o.reception_hours]
    if officials:
        lines += ["", _("Reception hours:")]
        lines += [f"• {o.name}, {o.position}: {o.reception_hours}" for o in officials]
    return lines


def contacts_text(community) -> str:
    """The contacts as plain text; the community's own fields fill in what the site does not say."""
    lines = site_lines(community) if community.capability_enabled("site") else []
    if not lines or not any(lines):
        lines = community_lines(community)
    if not lines:
        return _("%(community)s has not published its contacts yet.") % {"community": community.name}
    return "\n".join([str(community.name), "", *lines])


class ContactsDialog(Dialog):
    command = "contacts"

    def start(self, message: Incoming) -> list[Reply]:
        self.context.finish()
        community = self.context.community
        link = page_link(self.context, "site:contacts", _("Contacts on the site")) \
            if community.capability_enabled("site") else None
        return [Reply(text=contacts_text(community), buttons=(menu_row(),), link=link)]
