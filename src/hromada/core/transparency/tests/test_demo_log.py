"""`hromada load_demo` leaves a log the standalone verifier accepts at once, over HTTP against a live server (the
command docs/transparency-log.md gives auditors): petition signatures and document registrations in it, a signed
head covering them, and that head published in the open-data portal's dataset."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client

from hromada.core.tenancy.models import Community
from hromada.core.transparency import selectors

from .test_verifier import audit

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_log_is_signed_and_verifies(live_server, tmp_path):
    call_command("load_demo", "--slug", "demo-log", "--size", "small")
    demo = Community.objects.get(slug="demo-log")
    head = selectors.tree_head_latest(demo)
    assert head.tree_size > 0 and head.tree_size == selectors.log_size(demo)
    kinds = {json.loads(leaf)["type"] for leaf in selectors.entries(demo, 0, head.tree_size - 1)}
    assert {"petitions.petition.signed", "docflow.document.registered"} <= kinds

    run = audit(live_server, demo, tmp_path / "demo.json", "--audit", "--entry", "0")
    assert run.returncode == 0, run.stderr
    assert f"tree head signed: size {head.tree_size}" in run.stdout
    assert f"all {head.tree_size} entries hash to the signed root" in run.stdout

    # The open-data portal published that head (its loader runs after the log's).
    package = Client().get(f"/c/{demo.slug}/api/3/action/package_show", {"id": "transparency-tree-heads"})
    assert package.status_code == 200 and package.json()["success"]
    [resource] = package.json()["result"]["resources"]
    assert resource["format"] == "CSV"
