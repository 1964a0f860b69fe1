"""Every write of the assistant's configuration: one @service per change, asking its policy, in one transaction,
audited (the back office, the API and the demo call these). A token is never audited, logged or returned."""

from __future__ import annotations

import os
import re
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.identity.guard import require, service

from . import policies, tokens
from .channels import adapter_for
from .models import BOT_CHANNELS, ChannelConfig
from .selectors import webhook_url

TOKEN_PATTERNS = {
    "telegram": re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,100}$"),
    "viber": re.compile(r"^[A-Za-z0-9-]{20,100}$"),
}
ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]{0,99}$")


def _channel(channel: str) -> str:
    if channel not in {c.value for c in BOT_CHANNELS}:
        raise ValidationFailed(fields={"channel": [_("Choose Telegram or Viber.")]})
    return channel


def _locked_config(community, channel: str) -> ChannelConfig:
    config, _created = ChannelConfig.objects.get_or_create(community=community, channel=channel)
    return ChannelConfig.objects.select_for_update().get(pk=config.pk)


@service
def channel_config_save(*, actor, community, channel: str, token: str = "", token_env: str = "",
                        api_base_url: str = "", bot_username: str = "", is_enabled: bool = False,
                        forget_token: bool = False) -> ChannelConfig:
    """Save a channel's settings. An empty `token` keeps the stored one (the form never shows it back);
    `forget_token` deletes it. Enabling needs a token, stored or in the named environment variable."""
    require(policies.can_configure(actor, community), _("Only the community's administrators may set up chat bots."))
    channel = _channel(channel)
    token, token_env = (token or "").strip(), (token_env or "").strip()
    api_base_url, bot_username = (api_base_url or "").strip().rstrip("/"), (bot_username or "").strip().lstrip("@")
    errors: dict[str, list[str]] = {}
    if token and not TOKEN_PATTERNS[channel].match(token):
        errors["token"] = [_("This does not look like a %(channel)s bot token.") % {"channel": channel.title()}]
    if token_env and not ENV_NAME.match(token_env):
        errors["token_env"] = [_("A variable name: capital latin letters, digits and _, e.g. HROMADA_TELEGRAM_TOKEN.")]
    if api_base_url:
        try:
            URLValidator(schemes=["http", "https"])(api_base_url)
        except ValidationError:
            errors["api_base_url"] = [_("Give a web address starting with https://.")]
    if len(bot_username) > 100:
        errors["bot_username"] = [_("At most %(max)s characters.") % {"max": 100}]
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        config = _locked_config(community, channel)
        if forget_token:
            config.token_encrypted, config.token_last4 = "", ""
        if token:
            config.token_encrypted, config.token_last4 = tokens.encrypt(token), token[-4:]
        config.token_env = token_env
        if token_env and not token:
            config.token_last4 = os.environ.get(token_env, "")[-4:]
        config.api_base_url, config.bot_username = api_base_url, bot_username
        if not config.webhook_secret:
            config.webhook_secret = secrets.token_urlsafe(32)
        if is_enabled and not tokens.has_token(config):
            raise ValidationFailed(fields={"is_enabled": [_("Give the bot's token (or its variable) first.")]})
        config.is_enabled = bool(is_enabled)
        config.save()
        audit_record(actor=actor, community=community, action="assistant.channel.saved", target=config,
                     data={"channel": channel, "enabled": config.is_enabled, "token_changed": bool(token) or forget_token,
                           "token_env": token_env, "api_base_url": api_base_url})
    return config


def _configured(community, channel: str) -> ChannelConfig:
    config = ChannelConfig.objects.filter(community=community, channel=_channel(channel)).first()
    if config is None or not tokens.has_token(config):
        raise Conflict(_("Save the bot's token first."))
    return config


@service
def channel_webhook_register(*, actor, community, channel: str) -> ChannelConfig:
    """Tell the channel where to send updates (Telegram setWebhook with the secret token; Viber set_webhook).
    The channel's answer is kept in `last_error` when it refuses; a refusal raises Conflict with it."""
    require(policies.can_configure(actor, community), _("Only the community's administrators may set up chat bots."))
    config = _configured(community, channel)
    if not config.webhook_secret:
        config.webhook_secret = secrets.token_urlsafe(32)
        config.save(update_fields=["webhook_secret"])
    result = adapter_for(channel).set_webhook(config, webhook_url(community, channel))  # outside any transaction
    return _webhook_outcome(actor, community, channel, result, registered=True)


@service
def channel_webhook_remove(*, actor, community, channel: str) -> ChannelConfig:
    require(policies.can_configure(actor, community), _("Only the community's administrators may set up chat bots."))
    config = _configured(community, channel)
    result = adapter_for(channel).delete_webhook(config)
    return _webhook_outcome(actor, community, channel, result, registered=False)


def _webhook_outcome(actor, community, channel: str, result, *, registered: bool) -> ChannelConfig:
    """Keep what the channel answered to a webhook change (its refusal as `last_error`), audit it, and raise
    Conflict with the channel's words when it refused."""
    with transaction.atomic():
        config = _locked_config(community, channel)
        if result.ok:
            config.webhook_registered_at = timezone.now() if registered else None
        config.last_error = "" if result.ok else result.description
        config.save(update_fields=["webhook_registered_at", "last_error", "updated_at"])
        action = "assistant.channel.webhook_registered" if registered else "assistant.channel.webhook_removed"
        audit_record(actor=actor, community=community, action=action, target=config,
                     data={"channel": channel, "ok": result.ok})
    if not result.ok:
        raise Conflict(_("The channel refused: %(reason)s") % {"reason": result.description})
    return config
