"""The chat commands a community offers: every enabled capability's `chat_commands` (the assistant's own too),
in menu order, and the Dialog class of each."""

from __future__ import annotations

from hromada.core import capabilities
from hromada.core.capabilities import ChatCommand

# Commands the engine answers itself; a capability may not take these names.
BUILTIN = ("start", "menu", "help", "language")


def commands(community) -> list[ChatCommand]:
    found = [command for manifest in community.enabled_manifests for command in manifest.chat_commands
             if command.name not in BUILTIN]
    return sorted(found, key=lambda command: (command.order, command.name))


def find(community, name: str) -> ChatCommand | None:
    return next((command for command in commands(community) if command.name == name), None)


def dialog_class(command: ChatCommand):
    return capabilities.resolve(command.dialog)
