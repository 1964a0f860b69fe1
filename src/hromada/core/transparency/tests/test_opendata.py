"""The signed tree heads as an open-data dataset, the kernel's side: declared without being a capability, every
path resolving, old heads thinned to one a day (the portal's harvest is tested in opendata/tests/test_kernel_datasets)."""

from __future__ import annotations

import pytest

from hromada.core import capabilities
from hromada.core.capability_checks import check_manifest
from hromada.core.identity.actors import SYSTEM
from hromada.core.transparency import selectors
from hromada.core.transparency.kernel_manifest import KERNEL_MANIFEST
from hromada.core.transparency.models import TreeHead
from hromada.core.transparency.record import transparency_record
from hromada.core.transparency.services import transparency_publish, tree_head_publish

pytestmark = pytest.mark.django_db

PERSON = "Коваленко Олена"


def grow(community, start: int, n: int, now_ms: int | None = None) -> TreeHead | None:
    for k in range(start, start + n):
        transparency_record(community=community, type="test.thing.happened", object_id=k,
                            data={"person": f"{PERSON} {k}", "email": f"olena{k}@example.org"})
    if now_ms is None:
        return transparency_publish(actor=SYSTEM, community=community)
    from hromada.core.transparency.services import transparency_append

    while transparency_append(actor=SYSTEM, community=community):
        pass
    return tree_head_publish(actor=SYSTEM, community=community, now_ms=now_ms)


def test_the_kernel_offers_the_dataset_without_being_a_capability(community):
    assert KERNEL_MANIFEST in capabilities.kernel_manifests()
    assert KERNEL_MANIFEST.slug not in {m.slug for m in capabilities.manifests()}  # nothing to enable, no pages
    assert KERNEL_MANIFEST in capabilities.opendata_providers(community)
    assert check_manifest(KERNEL_MANIFEST, urls=False) == []  # every dotted path resolves
    [export] = KERNEL_MANIFEST.opendata_exports
    assert [name for name, _type in export.fields] == ["tree_size", "timestamp", "root_hash", "signature"]


def test_old_heads_are_thinned_to_the_last_of_each_day(community):
    day = selectors.DAY_MS
    start = 1_790_000_000_000 - 1_790_000_000_000 % day  # midnight UTC
    made = []
    for k, at in enumerate([start + 1_000, start + 2_000, start + day + 5, start + day + 9, start + 20 * day,
                            start + 20 * day + 1]):
        made.append(grow(community, k, 1, now_ms=at))
    rows = list(selectors.tree_head_rows(community))
    # The two old days keep their last head each; the last seven days (before the newest head) keep every one.
    assert [row["timestamp"] for row in rows] == [made[1].timestamp, made[3].timestamp, made[4].timestamp,
                                                  made[5].timestamp]
    assert list(selectors.tree_head_rows(community)) and not list(selectors.tree_head_rows(
        type(community).objects.create(slug="empty-log", name_uk="Порожня", name_en="Empty")))
