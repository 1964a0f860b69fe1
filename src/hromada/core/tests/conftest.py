"""Kernel test fixtures: a throw-away capability manifest, registered only for the test that asks for it."""

from __future__ import annotations

import pytest

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, CapabilitySetting

TEST_MANIFEST = CapabilityManifest(
    slug="testcap",
    name="Test capability",
    description="Only in kernel tests.",
    settings=(
        CapabilitySetting("threshold", "Threshold", 100, int),
        CapabilitySetting("open", "Open", False, bool),
        CapabilitySetting("title", "Title", "default title"),
    ),
)


@pytest.fixture
def test_capability():
    capabilities._registry[TEST_MANIFEST.slug] = TEST_MANIFEST
    yield TEST_MANIFEST
    capabilities._registry.pop(TEST_MANIFEST.slug, None)
