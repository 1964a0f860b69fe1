"""E-consultations back office: a consultation is added through the service (its text split into paragraphs),
a refused input shows on the form, publish is an action, and staff see only their own community's rows."""

from __future__ import annotations

from django.test import Client

from hromada.consultations.models import Consultation
from hromada.core.audit.models import AuditEvent

from . import factories as f

ADMIN = "/admin/consultations/consultation/"


def test_back_office_writes_through_the_services(community, other_community, community_admin):
    client = Client()
    client.force_login(community_admin)
    form = {"community": community.pk, "title": "З бек-офісу", "kind": "rule", "summary": "",
            "opens_at_0": "2026-01-01", "opens_at_1": "10:00", "closes_at_0": "2099-01-01", "closes_at_1": "10:00",
            "required_identity_level": "1", "department": "", "text": "Один\n\nДва"}
    added = client.post(f"{ADMIN}add/", form)
    assert added.status_code == 302, added.content.decode()[:3000]
    made = Consultation.objects.get(title="З бек-офісу")
    assert made.paragraphs.count() == 2
    refused = client.post(f"{ADMIN}{made.pk}/change/", {**form, "title": "   "})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    published = client.post(ADMIN, {"action": "publish", "_selected_action": [made.pk]})
    assert published.status_code == 302
    made.refresh_from_db()
    assert made.status == "open"
    theirs = f.consultation(other_community, title="Чужа консультація")
    assert "Чужа консультація" not in client.get(ADMIN).content.decode()
    assert client.get(f"{ADMIN}{theirs.pk}/change/").status_code in (302, 404)
    assert list(AuditEvent.objects.filter(action__startswith="consultations.", community=community).order_by("pk")
                .values_list("action", flat=True)) == ["consultations.consultation.created",
                                                       "consultations.consultation.published"]
