"""The back office: staff list their community's surveys and add one through the service (audited)."""

from __future__ import annotations

from django.test import Client

from hromada.core.audit.models import AuditEvent
from hromada.surveys.models import Survey

from . import factories as f


def test_staff_see_and_add_surveys_in_the_back_office(community, community_admin):
    f.survey(community, title="Вже є")
    client = Client(HTTP_HOST="testserver")
    client.force_login(community_admin)
    listing = client.get("/admin/surveys/survey/")
    assert listing.status_code == 200 and "Вже є" in listing.content.decode()
    added = client.post("/admin/surveys/survey/add/", {
        "community": community.pk, "title": "З бек-офісу", "description": "", "audience": "anyone",
        "one_per_person": "on", "results_public": "on", "response_limit": "", "opens_at_0": "", "opens_at_1": "",
        "closes_at_0": "", "closes_at_1": ""})
    assert added.status_code == 302, added.content.decode()[:2000]
    assert Survey.objects.filter(title="З бек-офісу").exists()
    assert AuditEvent.objects.filter(action="surveys.survey.created").count() == 2
