"""Channel adapters: each turns its channel's updates into the engine's Incoming and renders a Reply as the
channel's API calls (hromada.assistant.channels.base describes the interface)."""

from __future__ import annotations

from .base import ChannelAdapter, Parsed, SendResult


def adapter_for(channel: str) -> ChannelAdapter:
    """The adapter of a bot channel ("telegram" or "viber"); a KeyError for any other name."""
    from .telegram import TelegramAdapter
    from .viber import ViberAdapter

    return {"telegram": TelegramAdapter, "viber": ViberAdapter}[channel]()


__all__ = ["ChannelAdapter", "Parsed", "SendResult", "adapter_for"]
