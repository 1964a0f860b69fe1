"""The petitions manifest: typed settings read the same values as the compatible accessor, from the same JSON."""

from __future__ import annotations

from hromada.core.tenancy.services import community_update_settings


def test_typed_reads_match_the_compatible_accessor(community, community_admin):
    from hromada.petitions.manifest import PetitionsSettings, petitions_settings

    community_update_settings(actor=community_admin, community=community, capability="petitions",
                              values={"threshold": "300", "identity_level": "email"})
    community.refresh_from_db()
    typed = petitions_settings(community)
    assert isinstance(typed, PetitionsSettings)
    assert typed.threshold == community.setting("petitions", "threshold") == 300
    assert typed.identity_level == "email" and typed.collection_days == 90
    # the stored JSON keeps its shape: {capability: {key: value}}
    assert community.capability_settings["petitions"] == {"threshold": 300, "identity_level": "email"}
