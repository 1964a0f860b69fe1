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


MAILBOXES = "/admin/docflow/intakemailbox/"


def test_admin_sets_up_office_mailboxes_through_the_services(community, other_community, community_admin):
    from hromada.docflow.intake.models import IntakeMailbox

    incoming = f.journal(community, title="Вхідні")
    outgoing = f.journal(community, kind="outgoing", title="Вихідні")
    theirs = f.journal(other_community, title="Чужі вхідні")
    client = Client()
    client.force_login(community_admin)
    page = client.get(f"{MAILBOXES}add/").content.decode()
    assert "Вхідні" in page and "Вихідні" not in page and "Чужі вхідні" not in page  # incoming journals, ours
    refused = client.post(f"{MAILBOXES}add/", {"community": community.pk, "address": "not an address",
                                               "journal": incoming.pk, "is_active": "on"})
    assert refused.status_code == 200 and not IntakeMailbox.objects.exists()
    foreign = client.post(f"{MAILBOXES}add/", {"community": community.pk, "address": "office@alpha.example",
                                               "journal": theirs.pk, "is_active": "on"})
    assert foreign.status_code == 200 and not IntakeMailbox.objects.exists()
    added = client.post(f"{MAILBOXES}add/", {"community": community.pk, "address": "Office@Alpha.example",
                                             "journal": incoming.pk, "is_active": "on"})
    assert added.status_code == 302, added.content.decode()[:2000]
    mailbox = IntakeMailbox.objects.get()
    assert mailbox.address == "office@alpha.example" and mailbox.journal_id == incoming.pk
    twin = client.post(f"{MAILBOXES}add/", {"community": community.pk, "address": "office@alpha.example",
                                            "journal": incoming.pk, "is_active": "on"})
    assert twin.status_code == 200 and IntakeMailbox.objects.count() == 1
    switched_off = client.post(f"{MAILBOXES}{mailbox.pk}/change/", {"address": "office@alpha.example",
                                                                    "journal": incoming.pk})
    assert switched_off.status_code == 302
    mailbox.refresh_from_db()
    assert not mailbox.is_active
    to_outgoing = client.post(f"{MAILBOXES}{mailbox.pk}/change/", {"address": "office@alpha.example",
                                                                   "journal": outgoing.pk, "is_active": "on"})
    assert to_outgoing.status_code == 200
    mailbox.refresh_from_db()
    assert mailbox.journal_id == incoming.pk and not mailbox.is_active  # refused: nothing changed
    assert f"{mailbox.pk}/delete/" not in client.get(f"{MAILBOXES}{mailbox.pk}/change/").content.decode()  # no delete
    changes = AuditEvent.objects.filter(community=community, action__startswith="docflow.mailbox.")
    assert list(changes.order_by("pk").values_list("action", flat=True)) == [
        "docflow.mailbox.created", "docflow.mailbox.updated"]
    assert changes.order_by("pk").last().data == {"is_active": [True, False]}


def test_mailboxes_of_another_community_stay_hidden(community, other_community, community_admin, official):
    from hromada.core.identity.actors import SYSTEM
    from hromada.docflow.intake.services import intake_mailbox_create

    theirs = intake_mailbox_create(actor=SYSTEM, community=other_community, address="office@beta.example",
                                   journal_id=f.journal(other_community, title="Вхідні").pk)
    client = Client()
    client.force_login(community_admin)
    assert "office@beta.example" not in client.get(MAILBOXES).content.decode()
    assert client.get(f"{MAILBOXES}{theirs.pk}/change/").status_code in (302, 403, 404)
    assert client.post(f"{MAILBOXES}{theirs.pk}/change/", {"address": "mine@alpha.example",
                                                           "journal": theirs.journal_id}).status_code in (302, 403, 404)
    theirs.refresh_from_db()
    assert theirs.address == "office@beta.example"
    assert client.get("/admin/docflow/intakemessage/").status_code == 200
    officer = Client()
    officer.force_login(official)
    assert officer.get(MAILBOXES).status_code in (302, 403)


def test_a_mailbox_update_is_refused_to_officials_and_for_another_communitys_mailbox(
        community, other_community, official, community_admin):
    import pytest

    from hromada.core.errors import NotFound, PermissionDenied
    from hromada.core.identity.actors import SYSTEM
    from hromada.docflow.intake.services import intake_mailbox_create, intake_mailbox_update

    journal = f.journal(community, title="Вхідні")
    mine = intake_mailbox_create(actor=SYSTEM, community=community, address="a@alpha.example", journal_id=journal.pk)
    theirs = intake_mailbox_create(actor=SYSTEM, community=other_community, address="b@beta.example",
                                   journal_id=f.journal(other_community, title="Вхідні").pk)
    with pytest.raises(PermissionDenied):
        intake_mailbox_update(actor=official, community=community, mailbox_id=mine.pk, address="c@alpha.example",
                              journal_id=journal.pk, is_active=True)
    with pytest.raises(NotFound):
        intake_mailbox_update(actor=community_admin, community=community, mailbox_id=theirs.pk,
                              address="c@alpha.example", journal_id=journal.pk, is_active=True)
