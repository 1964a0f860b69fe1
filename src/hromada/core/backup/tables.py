"""Tables that are not Django models (the open-data datastore ...), offered by capabilities for backups.

A capability names a TableSet in its manifest's `backup_tables`; the backup knows no capability by name."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from hromada.core import capabilities


class TableSet(Protocol):
    """What a capability does for the backup of its own tables (rows are JSON-ready lists)."""

    def names(self) -> list[str]:
        """The tables that exist now, in a stable order."""

    def schema(self, name: str) -> dict:
        """The table's columns and types, to be checked against the restored model rows."""

    def rows(self, name: str) -> Iterator[list]:
        """Every row, read in chunks, in a form either database vendor takes back."""

    def restore(self, name: str, schema: dict, rows: Iterable[list]) -> int:
        """Recreate the table with the capability's own DDL and indexes and fill it; returns the row count.
        Runs after the model rows are restored, so the capability may read its own bookkeeping."""

    def drop_all(self) -> None:
        """Drop every such table (before a forced restore empties the database)."""


def table_sets() -> list[tuple[str, TableSet]]:
    """(capability slug, its TableSet) for every capability that keeps tables outside its models."""
    return [(m.slug, capabilities.resolve(m.backup_tables)) for m in capabilities.manifests() if m.backup_tables]
