"""Demo data of the assistant for the synthetic demo community (run by `hromada load_demo` through the manifest)."""

from __future__ import annotations


def load(community, *, size: str = "small") -> None:
    """The web chat needs no token; the FAQ is added here once its services exist."""
