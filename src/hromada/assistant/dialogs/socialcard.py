"""/socialcard: the balance of the resident's social card, from the operator's provider (hromada.assistant.
socialcard); a linked account is required (the balance is personal). Without a provider the chat says the
service is not connected in this community and gives the community's contacts. Never a made-up figure."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from hromada.assistant import socialcard
from hromada.assistant.engine.types import Button, Dialog, Incoming, Reply

from .contacts import community_lines
from .navigation import menu_row


def _contacts(community) -> str:
    lines = community_lines(community)
    return ("\n" + _("Ask the community:") + "\n" + "\n".join(lines)) if lines else ""


class SocialCardDialog(Dialog):
    command = "socialcard"

    def start(self, message: Incoming) -> list[Reply]:
        self.context.finish()
        community, person = self.context.community, self.context.user
        if person is None:  # the engine asks for a link first (needs_link); this is for direct calls
            return [Reply(text=_("Link this chat to your account first: the balance is personal."),
                          buttons=((Button(_("Link my account"), payload="link:start"),), menu_row()))]
        try:
            balance = socialcard.balance_of(person, community)
        except socialcard.NotConfigured:
            text = _("The social card balance is not connected in this community.") + _contacts(community)
        except socialcard.NotFound:
            text = _("I found no social card for your account in this community.") + _contacts(community)
        except socialcard.Unavailable:
            text = _("The card operator's system does not answer right now. Please try again later.")
        else:
            when = formats.date_format(timezone.localtime(balance.as_of), "d.m.Y H:i")
            amount = formats.number_format(balance.amount, 2, use_l10n=True, force_grouping=True)
            text = _("Your social card balance: %(amount)s %(currency)s (as of %(when)s).") % {
                "amount": amount, "currency": balance.currency, "when": when}
        return [Reply(text=text, buttons=(menu_row(),))]
