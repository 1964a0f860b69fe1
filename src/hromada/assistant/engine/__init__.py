"""The assistant's dialog engine: one internal message type in, one reply type out, whatever the channel."""

from hromada.assistant.engine.types import (
    Button,
    Dialog,
    DialogContext,
    Incoming,
    Kind,
    Photo,
    Reply,
    parse_payload,
)

__all__ = ["Button", "Dialog", "DialogContext", "Incoming", "Kind", "Photo", "Reply", "parse_payload"]
