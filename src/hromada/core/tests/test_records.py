"""The kernel's record events (core.records): nothing is enqueued when nobody follows, followers run after commit
only where their capability is enabled, one failing follower does not keep the others from the event, and the
start-up checks refuse a manifest whose record paths do not import."""

from __future__ import annotations

import pytest

from hromada.core import capabilities, records
from hromada.core.capabilities import CapabilityManifest
from hromada.core.capability_checks import check_manifest

SEEN: list[tuple[str, str, str]] = []


def follower(community, event):
    SEEN.append(("follower", community.slug, event.source_id))


def broken(community, event):
    raise RuntimeError("a follower's bug")


def _manifest(slug, handlers=(), source=""):
    return CapabilityManifest(slug=slug, name=slug, description="", record_handlers=handlers, record_source=source)


@pytest.fixture
def registry(monkeypatch, community):
    SEEN.clear()
    here = __name__
    fake = {"origin": _manifest("origin"),
            "first": _manifest("first", (("origin.thing.", f"{here}.broken"),)),
            "second": _manifest("second", (("origin.thing.", f"{here}.follower"),))}
    monkeypatch.setattr(capabilities, "_registry", fake)
    community.enabled_capabilities = ["origin", "first", "second"]
    community.save(update_fields=["enabled_capabilities"])
    return fake


def test_nobody_follows_nothing_is_enqueued(registry, community, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        records.publish(community=community, name="origin.other.done", source_app="origin", source_id=1)
    assert callbacks == [] and SEEN == []


def test_followers_run_after_commit_and_a_broken_one_does_not_stop_the_others(registry, community,
                                                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        records.publish(community=community, name="origin.thing.done", source_app="origin", source_id=7)
    assert len(callbacks) == 1 and SEEN == []  # nothing before the commit
    callbacks[0]()  # the task runs (the task backend records its failure)
    assert SEEN == [("follower", community.slug, "7")]
    event = records.RecordEvent(name="origin.thing.done", community_id=community.pk, source_app="origin",
                                source_id="8")
    with pytest.raises(RuntimeError):
        records.deliver(event)
    assert SEEN[-1] == ("follower", community.slug, "8")


def test_a_follower_disabled_for_the_community_is_not_called(registry, community):
    community.enabled_capabilities = ["origin", "second"]
    community.save(update_fields=["enabled_capabilities"])
    event = records.RecordEvent(name="origin.thing.done", community_id=community.pk, source_app="origin",
                                source_id="3")
    assert records.deliver(event) == 1 and SEEN == [("follower", community.slug, "3")]
    community.enabled_capabilities = ["origin"]
    community.save(update_fields=["enabled_capabilities"])
    assert records.deliver(event) == 0


def test_reading_a_source_that_is_absent_or_shares_nothing(registry, community):
    assert records.read(community, "nowhere", 1) is None
    assert records.read(community, "origin", 1) is None


def test_start_up_checks_refuse_record_paths_that_do_not_import():
    bad = _manifest("bad", (("x.", "hromada.nowhere.handler"),), "hromada.nowhere:SOURCE")
    ids = [message.id for message in check_manifest(bad, urls=False)]
    assert ids.count("hromada.E001") == 2
    not_a_source = _manifest("odd", source="hromada.core.records:publish")
    assert [m.id for m in check_manifest(not_a_source, urls=False)] == ["hromada.E002"]
