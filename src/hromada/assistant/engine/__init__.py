"""The assistant's dialog engine: one internal message type in, one reply type out, whatever the channel."""

from hromada.assistant.engine.types import (
    Button,
    CapabilityDialog,
    Dialog,
    DialogContext,
    Incoming,
    Kind,
    Photo,
    Reply,
    Rows,
    page_number,
    parse_payload,
)

__all__ = ["Button", "CapabilityDialog", "Dialog", "DialogContext", "Incoming", "Kind", "Photo", "Reply", "Rows",
           "page_number", "parse_payload"]
