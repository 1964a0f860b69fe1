"""Every read of the assistant that is more than a one-liner: a community's channel configurations and chats."""

from __future__ import annotations

from .models import BOT_CHANNELS, ChannelConfig


def channel_configs(*, community) -> list[ChannelConfig]:
    """One configuration per bot channel, unsaved ones for channels not configured yet (in channel order)."""
    stored = {config.channel: config for config in ChannelConfig.objects.for_community(community)}
    return [stored.get(channel.value) or ChannelConfig(community=community, channel=channel.value)
            for channel in BOT_CHANNELS]


def channel_config(*, community, channel: str) -> ChannelConfig | None:
    return ChannelConfig.objects.for_community(community).filter(channel=channel).first()


WEBHOOK_VIEWS = {"telegram": "assistant:telegram_webhook", "viber": "assistant:viber_webhook"}


def webhook_url(community, channel: str) -> str:
    """The address the channel posts updates to (HTTPS on a real install: the site's own address)."""
    from hromada.core.tenancy.urls import community_url

    return community_url(community, WEBHOOK_VIEWS[channel])
