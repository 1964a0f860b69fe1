"""The resident's "Chat bots" page in their profile: a one-time code (with the bots' deep links) to link a
Telegram or Viber chat to the account, and the linked chats with an Unlink button each."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hromada.core.errors import DomainError

from .linking import LIFETIME, chat_unlink, link_code_issue, linked_chats
from .models import BOT_CHANNELS, ChannelConfig


def _community(request):
    community = getattr(request, "community", None)
    if community is None or not community.capability_enabled("assistant"):
        raise Http404()
    return community


def _page(request, community, *, issued=None, status: int = 200):
    bots = ChannelConfig.objects.filter(community=community, is_enabled=True, channel__in=BOT_CHANNELS)
    return render(request, "assistant/link.html", {
        "chats": linked_chats(user=request.user, community=community),
        "bots": bots, "issued": issued, "lifetime_minutes": int(LIFETIME.total_seconds() // 60),
    }, status=status)


@login_required
@require_GET
def link_page(request):
    return _page(request, _community(request))


@login_required
@require_POST
def link_code(request):
    """Show a fresh code on the page itself (never in a redirect's session: it is shown once)."""
    community = _community(request)
    try:
        issued = link_code_issue(actor=request.user, community=community)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _page(request, community, status=exc.status)
    return _page(request, community, issued=issued)


@login_required
@require_POST
def unlink_chat(request, chat_id: int):
    community = _community(request)
    try:
        chat_unlink(actor=request.user, community=community, chat_id=chat_id)
        messages.success(request, _("The chat is unlinked from your account."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("assistant:link")
