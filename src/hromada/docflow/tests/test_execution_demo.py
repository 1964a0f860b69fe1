"""The demo of execution: resolution chains, routes in progress and returned, signed and sent letters, overdue
documents escalated, all written through the services by the demo community's people."""

from __future__ import annotations

import pytest

from hromada.demo.people import create_demo_community
from hromada.docflow import demo
from hromada.docflow.models import ApprovalRoute, ControlEvent, Resolution, Signature

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_execution_state(django_capture_on_commit_callbacks):
    community, _people = create_demo_community(slug="demo-docflow", residents=2)
    with django_capture_on_commit_callbacks(execute=True):
        demo.load(community, size="medium")
    assert Resolution.objects.filter(community=community, parent__isnull=False).exists()  # a chain
    states = set(ApprovalRoute.objects.filter(community=community).values_list("state", flat=True))
    assert {"in_approval", "returned", "sent"} <= states
    assert Signature.objects.filter(route__community=community).exists()
    assert ControlEvent.objects.filter(community=community, kind="escalation").exists()
