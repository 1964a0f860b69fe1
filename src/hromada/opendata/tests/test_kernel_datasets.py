"""Datasets the kernel offers (core.capabilities.KERNEL_MANIFESTS): the transparency log's signed tree heads,
harvested by the portal's periodic refresh like every capability's export, as CSV and JSON, with nothing personal."""

from __future__ import annotations

import base64
import csv
import io
import json

import pytest
from django.test import Client

from hromada.core.identity.actors import SYSTEM
from hromada.core.transparency import keys, selectors
from hromada.core.transparency.record import transparency_record
from hromada.core.transparency.services import transparency_publish
from hromada.opendata.models import Dataset
from hromada.opendata.services import live_datasets_refresh_all

pytestmark = pytest.mark.django_db

PERSON = "Коваленко Олена"


def grow(community, start: int, n: int):
    for k in range(start, start + n):
        transparency_record(community=community, type="test.thing.happened", object_id=k,
                            data={"person": f"{PERSON} {k}", "email": f"olena{k}@example.org"})
    return transparency_publish(actor=SYSTEM, community=community)


def test_the_portal_harvests_the_heads_as_csv_and_json_with_no_personal_data(community, other_community,
                                                                             django_capture_on_commit_callbacks):
    first = grow(community, 0, 3)
    second = grow(community, 3, 4)
    grow(other_community, 0, 2)
    with django_capture_on_commit_callbacks(execute=True):  # the datastore load runs after the commit
        live_datasets_refresh_all(actor=SYSTEM)
    dataset = Dataset.objects.get(community=community, live_export="transparency.tree-heads")
    resource = dataset.resources.get(live_kind="rows")
    with resource.current_version.file.open("rb") as handle:
        content = handle.read().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [(int(r["tree_size"]), int(r["timestamp"])) for r in rows] == [(first.tree_size, first.timestamp),
                                                                         (second.tree_size, second.timestamp)]
    for row, head in zip(rows, (first, second), strict=True):
        assert base64.b64decode(row["root_hash"]) == bytes(head.root_hash)
        assert base64.b64decode(row["signature"]) == keys.tree_head_sign(community.pk, head.timestamp,
                                                                         head.tree_size, bytes(head.root_hash))
    for secret in ("Коваленко", "olena", "example.org"):
        assert secret not in content

    dump = Client().get(f"/c/{community.slug}/datastore/dump/{resource.pk}", {"format": "json"})
    assert dump.status_code == 200
    body = json.loads(b"".join(dump.streaming_content))
    assert [f["id"] for f in body["fields"]][-4:] == ["tree_size", "timestamp", "root_hash", "signature"]
    assert [record[-4] for record in body["records"]] == [3, 7]
    # Each community's dataset holds its own heads only.
    theirs = Dataset.objects.get(community=other_community, live_export="transparency.tree-heads")
    assert theirs.pk != dataset.pk
    assert [row["tree_size"] for row in selectors.tree_head_rows(other_community)] == [2]


def test_a_community_without_the_portal_gets_no_dataset(community):
    community.enabled_capabilities = [slug for slug in community.enabled_capabilities if slug != "opendata"]
    community.save(update_fields=["enabled_capabilities"])
    grow(community, 0, 2)
    live_datasets_refresh_all(actor=SYSTEM)
    assert not Dataset.objects.filter(community=community).exists()



