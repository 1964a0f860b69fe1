"""Typed per-community settings of a capability: declared as a frozen dataclass, read typed, validated on input,
stored as the same JSON as before."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass

import pytest

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, SettingInvalid, setting
from hromada.core.errors import ValidationFailed
from hromada.core.tenancy.services import community_update_settings


@dataclass(frozen=True)
class ExampleSettings:
    quota: int = setting(5, "Quota", min_value=1, max_value=10)
    mode: str = setting("a", "Mode", choices=(("a", "A"), ("b", "B")))
    public: bool = setting(False, "Public")


def test_a_settings_model_declares_the_settings():
    manifest = CapabilityManifest(slug="example", name="Example", description="", settings_model=ExampleSettings)
    assert [(s.key, s.kind, s.default) for s in manifest.settings] == [
        ("quota", int, 5), ("mode", str, "a"), ("public", bool, False)]
    typed = manifest.settings_from({"quota": "7", "public": "on"})
    assert typed == ExampleSettings(quota=7, mode="a", public=True)
    with pytest.raises(FrozenInstanceError):
        typed.quota = 1


def test_stored_values_that_no_longer_read_fall_back_to_their_default():
    manifest = CapabilityManifest(slug="example", name="Example", description="", settings_model=ExampleSettings)
    assert manifest.settings_from({"quota": "lots"}).quota == 5
    assert manifest.settings_from(None) == ExampleSettings()


def test_clean_refuses_what_the_declaration_forbids():
    manifest = CapabilityManifest(slug="example", name="Example", description="", settings_model=ExampleSettings)
    assert manifest.setting("quota").clean("10") == 10
    for key, value in (("quota", "0"), ("quota", "11"), ("quota", "x"), ("mode", "c")):
        with pytest.raises(SettingInvalid):
            manifest.setting(key).clean(value)


def test_older_tuple_manifests_get_a_generated_model(test_capability):
    typed = test_capability.settings_from({"threshold": "250"})
    assert (typed.threshold, typed.open, typed.title) == (250, False, "default title")


def test_admin_input_outside_the_declared_bounds_is_refused(community, community_admin):
    with pytest.raises(ValidationFailed) as exc:
        community_update_settings(actor=community_admin, community=community, capability="petitions",
                                  values={"collection_days": "0", "threshold": "-5"})
    assert set(exc.value.fields) == {"collection_days", "threshold"}
    community.refresh_from_db()
    assert capabilities.settings_for(community, "petitions").collection_days == 90
