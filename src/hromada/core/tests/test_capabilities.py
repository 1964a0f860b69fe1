"""The capability registry: manifests, settings coercion, lazy resolution."""

from __future__ import annotations

import pytest

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, CapabilitySetting


def test_settings_coerce_to_their_kind():
    assert CapabilitySetting("n", "N", 5, int).coerce("12") == 12
    assert CapabilitySetting("n", "N", 5, int).coerce("") == 5
    assert CapabilitySetting("n", "N", 5, int).coerce(None) == 5
    flag = CapabilitySetting("f", "F", False, bool)
    assert flag.coerce("yes") is True and flag.coerce("off") is False and flag.coerce(1) is True
    with pytest.raises(ValueError):
        CapabilitySetting("n", "N", 5, int).coerce("many")


def test_register_is_idempotent_but_refuses_a_different_manifest_under_the_same_slug(test_capability):
    capabilities.register(test_capability)
    with pytest.raises(ValueError):
        capabilities.register(CapabilityManifest(slug="testcap", name="Another", description=""))
    assert capabilities.manifest("testcap") is test_capability
    assert test_capability in capabilities.manifests_for(["testcap", "nosuch"])
    with pytest.raises(KeyError):
        test_capability.setting("nosuch")


def test_resolve_accepts_both_notations():
    from hromada.core.geo.distance import haversine_m

    assert capabilities.resolve("hromada.core.geo.distance:haversine_m") is haversine_m
    assert capabilities.resolve("hromada.core.geo.distance.haversine_m") is haversine_m
    with pytest.raises(ImportError):
        capabilities.resolve("hromada.nosuch.module:thing")


def test_installed_capabilities_have_coherent_manifests():
    for manifest in capabilities.manifests():
        assert manifest.slug and manifest.name
        if manifest.api_router:
            capabilities.resolve(manifest.api_router)
        if manifest.demo_loader:
            assert callable(capabilities.resolve(manifest.demo_loader))
        for path, seconds in manifest.periodic_tasks:
            assert hasattr(capabilities.resolve(path), "enqueue") and seconds > 0
        for export in manifest.opendata_exports:
            assert callable(capabilities.resolve(export.rows))
