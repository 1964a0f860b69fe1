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
