"""Commitments back office: admins add and change plans and appoint the monitoring body through the services
(audited); a refused input shows on the form; staff see only their own community's plans."""

from __future__ import annotations

from django.test import Client

from hromada.commitments.models import Monitor, Plan
from hromada.core.audit.models import AuditEvent

from . import factories as f


def test_back_office_writes_through_the_services(community, other_community, community_admin, resident):
    client = Client()
    client.force_login(community_admin)
    added = client.post("/admin/commitments/plan/add/", {
        "community": community.pk, "title": "З бек-офісу", "kind": "programme", "body": "",
        "period_start": "2026-01-01", "period_end": "2026-12-31", "monitoring_months": "6", "is_public": "on"})
    assert added.status_code == 302, added.content.decode()[:2000]
    plan = Plan.objects.get(title="З бек-офісу")
    refused = client.post(f"/admin/commitments/plan/{plan.pk}/change/", {
        "title": "Х", "kind": "programme", "period_start": "2026-12-31", "period_end": "2026-01-01",
        "monitoring_months": "6"})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    f.plan(other_community, title="Чужий")
    assert "Чужий" not in client.get("/admin/commitments/plan/").content.decode()
    appointed = client.post("/admin/commitments/monitor/add/", {"community": community.pk, "user": resident.pk,
                                                                 "organisation": "Громадська рада"})
    assert appointed.status_code == 302 and Monitor.objects.get().user == resident
    assert list(AuditEvent.objects.filter(action__startswith="commitments.", community=community).order_by("pk")
                .values_list("action", flat=True)) == ["commitments.plan.created", "commitments.monitor.appointed"]
