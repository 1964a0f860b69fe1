"""Docflow back office: the community admin sets up journals and the file plan through the services (a bad index
pattern shows on the form and saves nothing); officials do not see these pages; another community's rows stay hidden."""

from __future__ import annotations

from django.test import Client

from hromada.core.audit.models import AuditEvent
from hromada.docflow.models import FilePlanCase, Journal

from . import factories as f

JOURNALS = "/admin/docflow/journal/"


def test_admin_sets_up_journals_and_cases_through_the_services(community, other_community, community_admin):
    client = Client()
    client.force_login(community_admin)
    refused = client.post(f"{JOURNALS}add/", {"community": community.pk, "kind": "incoming", "title": "Вхідні",
                                              "index_pattern": "{seq}/{month}", "is_active": "on"})
    assert refused.status_code == 200 and "{month}" in refused.content.decode()
    assert not Journal.objects.exists()
    added = client.post(f"{JOURNALS}add/", {"community": community.pk, "kind": "incoming", "title": "Вхідні",
                                            "index_pattern": "{seq}/{yy}", "is_active": "on"})
    assert added.status_code == 302, added.content.decode()[:2000]
    case = client.post("/admin/docflow/fileplancase/add/", {"community": community.pk, "year": 2026, "index": "01-12",
                                                            "title": "Листування", "retention": "5 р.",
                                                            "is_active": "on"})
    assert case.status_code == 302 and FilePlanCase.objects.get().index == "01-12"
    theirs = f.journal(other_community, title="Чужий")
    assert "Чужий" not in client.get(JOURNALS).content.decode()
    assert client.get(f"{JOURNALS}{theirs.pk}/change/").status_code in (302, 403, 404)
    assert set(AuditEvent.objects.filter(community=community, action__startswith="docflow.")
               .values_list("action", flat=True)) == {"docflow.journal.created", "docflow.case.created"}


def test_officials_do_not_manage_journals(community, official):
    client = Client()
    client.force_login(official)
    assert client.get(JOURNALS).status_code in (302, 403)
