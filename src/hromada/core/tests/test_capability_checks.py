"""Start-up checks of manifests: every dotted path of every field fails `check` when it does not import or is
of the wrong kind, url names must reverse, settings defaults must pass their own declaration."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from hromada.core import capabilities
from hromada.core.capabilities import CapabilityManifest, CapabilitySetting, OpenDataExport
from hromada.core.capability_checks import check_capabilities, check_manifest
from hromada.core.phases import PhaseDefinition


def ids(manifest) -> list[str]:
    return [message.id for message in check_manifest(manifest)]


def test_installed_manifests_pass():
    assert check_capabilities() == []
    call_command("check")  # raises SystemCheckError on any error


def test_every_installed_capability_was_discovered_from_its_manifest_module():
    from importlib import import_module

    assert {"petitions", "appeals", "maps", "opendata"} <= {m.slug for m in capabilities.manifests()}
    assert capabilities.app_of("petitions") == "hromada.petitions"
    for manifest in capabilities.manifests():
        assert import_module(f"{capabilities.app_of(manifest.slug)}.manifest").MANIFEST is manifest


BAD = {
    "urls": ("hromada.nosuch.urls", "hromada.E001"),
    "api_router": ("hromada.petitions.api:nosuch", "hromada.E001"),
    "demo_loader": ("hromada.nosuch.demo:load", "hromada.E001"),
    "backup_tables": ("hromada.opendata.backup:nosuch", "hromada.E001"),
    "url_name": ("petitions:nosuch", "hromada.E003"),
}


@pytest.mark.parametrize("field", sorted(BAD))
def test_a_bad_path_fails_the_check(field):
    value, expected = BAD[field]
    assert ids(CapabilityManifest(slug="bad", name="Bad", description="", **{field: value})) == [expected]


def test_bad_paths_in_nested_fields_fail_the_check():
    manifest = CapabilityManifest(
        slug="bad", name="Bad", description="",
        extra_urls=(("x/", "hromada.nosuch.urls"),),
        periodic_tasks=(("hromada.petitions.tasks.nosuch", 60),),
        opendata_exports=(OpenDataExport("x", "X", "", (), rows="hromada.nosuch:rows", geojson="nosuch.module:x"),),
        profile_links=(("petitions:nosuch", "Mine"),),
    )
    assert ids(manifest) == ["hromada.E001"] * 4 + ["hromada.E003"]


def test_paths_of_the_wrong_kind_fail_the_check():
    manifest = CapabilityManifest(
        slug="bad", name="Bad", description="",
        urls="hromada.petitions.selectors",  # a module, but no urlpatterns
        api_router="hromada.petitions.manifest:MANIFEST",  # not a Router
        demo_loader="hromada.petitions.manifest:DEFAULT_REJECTION_REASONS",  # not callable
        backup_tables="hromada.petitions.demo:load",  # not a TableSet
        periodic_tasks=(("hromada.petitions.demo:load", 0),),  # no enqueue, and never runs
    )
    assert ids(manifest) == ["hromada.E002"] * 6


def test_a_setting_whose_default_breaks_its_declaration_fails_the_check():
    manifest = CapabilityManifest(slug="bad", name="Bad", description="", settings=(
        CapabilitySetting("level", "Level", "gold", str, choices=(("a", "A"),)),
        CapabilitySetting("days", "Days", 120, int, max_value=90),
    ))
    assert ids(manifest) == ["hromada.E004"] * 2
    with pytest.raises(ValueError, match="declared twice"):
        CapabilityManifest(slug="bad", name="Bad", description="", settings=(
            CapabilitySetting("days", "Days", 1, int), CapabilitySetting("days", "Days again", 2, int)))


def test_malformed_phases_fail_the_check():
    manifest = CapabilityManifest(slug="bad", name="Bad", description="", phases=(
        PhaseDefinition("vote", "Vote", settings=(CapabilitySetting("votes", "Votes", -1, int),)),
        PhaseDefinition("vote", "Vote again"),
        ("results", "not a definition"),
    ))
    assert ids(manifest) == ["hromada.E005", "hromada.E004", "hromada.E005"]


def test_two_capabilities_on_one_url_prefix_fail_the_check():
    capabilities._registry["clash"] = CapabilityManifest(slug="clash", name="Clash", description="",
                                                         url_prefix="petitions")
    try:
        assert [message.id for message in check_capabilities()] == ["hromada.E006"]
    finally:
        capabilities._registry.pop("clash")


def test_check_command_fails_at_start_up_on_a_bad_manifest(test_capability, tmp_path):
    """The real start-up path: a manifest module with a typo makes `hromada check` exit non-zero."""
    package = tmp_path / "brokencap"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "manifest.py").write_text(
        "from hromada.core.capabilities import CapabilityManifest\n"
        "MANIFEST = CapabilityManifest(slug='brokencap', name='Broken', description='',"
        " demo_loader='brokencap.demo:nosuch')\n")
    (tmp_path / "brokensettings.py").write_text(
        "from hromada.config.settings_test import *  # noqa\nINSTALLED_APPS = [*INSTALLED_APPS, 'brokencap']\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path]),
           "DJANGO_SETTINGS_MODULE": "brokensettings", "HROMADA_DATA_DIR": str(tmp_path / "data")}
    env.pop("DATABASE_URL", None)
    for command in ("check", "migrate"):  # `hromada serve` starts with migrate, which runs the checks first
        result = subprocess.run([sys.executable, "-m", "django", command], capture_output=True, text=True,  # noqa: S603 (our own commands)
                                timeout=180, env=env)
        assert result.returncode != 0, command
        assert "hromada.E001" in result.stderr and "brokencap.demo_loader" in result.stderr, command


def test_the_translation_folders_come_from_the_registry():
    """The Makefile's `messages` target runs makemessages in each folder `hromada capabilities --paths` prints."""
    from io import StringIO
    from pathlib import Path

    out = StringIO()
    call_command("capabilities", "--paths", stdout=out)
    folders = [Path(line) for line in out.getvalue().splitlines()]
    assert folders[0].name == "core" and (folders[0] / "locale").is_dir()
    assert {folder.name for folder in folders[1:]} == {m.slug for m in capabilities.manifests()}
    assert all((folder / "manifest.py").is_file() for folder in folders[1:])
