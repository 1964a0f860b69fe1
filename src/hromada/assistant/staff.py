"""The back office of the assistant: the community's bot on each channel (token, base URL, switch), webhook
registration at the press of a button and the channel's own status. Community administrators only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hromada.core.errors import DomainError
from hromada.core.web.form_errors import add_domain_error

from . import policies, selectors, services
from .channels import adapter_for
from .forms import ChannelConfigForm
from .models import BOT_CHANNELS, ChannelConfig
from .tokens import has_token


def _admin_community(request):
    community = getattr(request, "community", None)
    if community is None or not policies.can_configure(request.user, community):
        raise Http404()
    return community


@login_required
@require_http_methods(["GET"])
def channel_list(request):
    community = _admin_community(request)
    configs = [(config, has_token(config)) for config in selectors.channel_configs(community=community)]
    return render(request, "assistant/staff/channels.html", {"configs": configs})


@login_required
@require_http_methods(["GET", "POST"])
def channel_edit(request, channel: str):
    community = _admin_community(request)
    if channel not in {c.value for c in BOT_CHANNELS}:
        raise Http404()
    config = selectors.channel_config(community=community, channel=channel) or ChannelConfig(community=community,
                                                                                           channel=channel)
    initial = {"token_env": config.token_env, "api_base_url": config.api_base_url,
               "bot_username": config.bot_username, "is_enabled": config.is_enabled}
    form = ChannelConfigForm(request.POST if request.POST.get("action") == "save" else None, initial=initial)
    status, remote = 200, None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "save":
                if not form.is_valid():
                    raise _FormInvalid
                services.channel_config_save(actor=request.user, community=community, channel=channel,
                                             **form.cleaned_data)
                messages.success(request, _("Saved."))
            elif action == "register":
                services.channel_webhook_register(actor=request.user, community=community, channel=channel)
                messages.success(request, _("The webhook is registered: the channel sends residents' messages here."))
            elif action == "remove":
                services.channel_webhook_remove(actor=request.user, community=community, channel=channel)
                messages.success(request, _("The webhook is removed: the channel no longer sends messages here."))
            else:
                raise Http404()
            return redirect("assistant:channel", channel=channel)
        except _FormInvalid:
            status = 400
        except DomainError as exc:
            if form.is_bound:
                add_domain_error(form, exc)
            else:
                messages.error(request, exc.message)
            status = 400 if action == "save" else 409
    elif request.GET.get("check") and config.pk and has_token(config):
        remote = adapter_for(channel).status(config)
    return render(request, "assistant/staff/channel.html", {
        "config": config, "form": form, "has_token": has_token(config), "remote": remote,
        "webhook_url": selectors.webhook_url(community, channel)}, status=status)


class _FormInvalid(Exception):
    pass
