"""Services back office: the catalogue is kept through the services (audited, refused input on the form), and staff
see only their own community's entries."""

from __future__ import annotations

from django.test import Client

from hromada.core.audit.models import AuditEvent
from hromada.services.models import Service

from .factories import make_service

ADMIN = "/admin/services/service/"


def test_back_office_writes_through_the_services(community, other_community, community_admin):
    client = Client()
    client.force_login(community_admin)
    form = {"community": community.pk, "title": "Довідка з back office", "fee_kind": "free", "term_days": 5,
            "identity_level": 2, "form": "[]", "in_person": "on", "is_public": "on"}
    added = client.post(f"{ADMIN}add/", form)
    assert added.status_code == 302, added.content.decode()[:3000]
    item = Service.objects.get(title="Довідка з back office")
    refused = client.post(f"{ADMIN}{item.pk}/change/", {**form, "fee_kind": "fixed", "fee_amount": ""})
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    theirs = make_service(other_community, title="Їхня послуга")
    assert "Їхня послуга" not in client.get(ADMIN).content.decode()
    deleted = client.post(ADMIN, {"action": "delete_selected", "_selected_action": [item.pk], "post": "yes"})
    assert deleted.status_code == 302
    assert list(Service.objects.values_list("pk", flat=True)) == [theirs.pk]
    assert list(AuditEvent.objects.filter(action__startswith="services.", community=community).order_by("pk")
                .values_list("action", flat=True)) == ["services.service.created", "services.service.deleted"]
