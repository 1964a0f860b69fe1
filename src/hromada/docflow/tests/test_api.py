"""Docflow API for staff tokens: journals, search with filters and pagination, the card, drafting, registering and
attaching files; residents and other communities' staff are refused; bad input is 4xx with the field."""

from __future__ import annotations

import hashlib

from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.core.identity.models import Role
from hromada.docflow.models import AttachmentVersion, Document

from . import factories as f


def test_draft_register_and_read_a_card(community, api_client_for):
    journal = f.journal(community, pattern="{kind}-{seq}")
    clerk = f.clerk(community)
    api = api_client_for(community, clerk)
    created = api.post("docflow/documents", {"journal_id": journal.pk, "summary": "Про ремонт мосту",
                                             "correspondent_org": "Обласна адміністрація",
                                             "received_date": "2024-02-01"})
    assert created.status_code == 201, created.content
    card = created.json()
    assert (card["status"], card["reg_index"]) == ("draft", "")
    registered = api.post(f"docflow/documents/{card['id']}/register")
    assert registered.status_code == 200 and registered.json()["reg_index"] == "В-1"
    again = api.post(f"docflow/documents/{card['id']}/register")
    assert again.status_code == 409
    detail = api.get(f"docflow/documents/{card['id']}").json()
    assert detail["reg_number"] == 1 and detail["attachments"] == [] and detail["links"] == []


def test_bad_input_is_refused_with_the_field(community, api_client_for):
    journal = f.journal(community)
    api = api_client_for(community, f.clerk(community))
    for body, field in (({"journal_id": journal.pk, "summary": "  "}, "summary"),
                        ({"journal_id": 987654, "summary": "x"}, "journal_id"),
                        ({"journal_id": journal.pk, "summary": "x", "received_date": "2999-01-01"}, "received_date")):
        response = api.post("docflow/documents", body)
        assert response.status_code == 400, response.content
        assert field in response.json()["error"]["fields"], response.json()
    assert api.post("docflow/documents", {"journal_id": journal.pk, "summary": "x", "colour": "red"}).status_code \
        in (400, 422)
    response = api.get(f"docflow/journals/{journal.pk}/documents", year="last", date_from="yesterday")
    assert response.status_code == 400 and {"year", "date_from"} <= set(response.json()["error"]["fields"])
    assert not Document.objects.exists()


def test_search_filters_and_pagination(community, api_client_for):
    journal = f.journal(community)
    f.registered(community, journal, summary="Про ремонт покрівлі ліцею", correspondent_org="Управління освіти")
    second = f.registered(community, journal, summary="Щодо графіка вивезення сміття")
    f.draft(community, journal, summary="Чернетка про покрівлю")
    api = api_client_for(community, f.clerk(community))
    url = f"docflow/journals/{journal.pk}/documents"
    assert api.get(url).json()["count"] == 3
    assert [d["summary"] for d in api.get(url, q="ПОКРІВЛІ").json()["items"]] == ["Про ремонт покрівлі ліцею"]
    assert [d["id"] for d in api.get(url, q=second.reg_index).json()["items"]] == [second.pk]
    assert api.get(url, q="освіти").json()["count"] == 1
    assert api.get(url, status="draft").json()["count"] == 1
    page = api.get(url, page_size=2, page=2).json()
    assert (page["count"], len(page["items"])) == (3, 1)


def test_attachments_with_versions_and_their_text(community, api_client_for):
    journal = f.journal(community)
    document = f.draft(community, journal)
    api = api_client_for(community, f.clerk(community))
    url = api.url(f"docflow/documents/{document.pk}/attachments")
    text = "Лист про асфальтування вулиці Лесі Українки".encode()
    first = api.client.post(url, {"file": SimpleUploadedFile("lyst.txt", text), "title": "Лист"}, **api.headers)
    assert first.status_code == 201, first.content
    assert first.json()["sha256"] == hashlib.sha256(text).hexdigest() and first.json()["number"] == 1
    second = api.client.post(url, {"file": SimpleUploadedFile("lyst2.txt", b"second version"),
                                   "attachment_id": first.json()["attachment_id"]}, **api.headers)
    assert second.status_code == 201 and second.json()["number"] == 2
    refused = api.client.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ\x90\x00\x03\x00binary")}, **api.headers)
    assert refused.status_code == 400 and "file" in refused.json()["error"]["fields"]
    assert AttachmentVersion.objects.count() == 2
    found = api.get(f"docflow/journals/{journal.pk}/documents", q="асфальтування").json()
    assert [d["id"] for d in found["items"]] == [document.pk]
    detail = api.get(f"docflow/documents/{document.pk}").json()
    assert [v["number"] for v in detail["attachments"][0]["versions"]] == [2, 1]


def test_residents_and_other_communities_are_refused(community, other_community, resident, api_client_for):
    journal = f.journal(community)
    document = f.registered(community, journal)
    as_resident = api_client_for(community, resident)
    assert as_resident.get("docflow/journals").status_code == 403
    assert as_resident.post("docflow/documents", {"journal_id": journal.pk, "summary": "x"}).status_code == 403
    stranger = make_member(other_community, Role.ADMIN)
    theirs = api_client_for(other_community, stranger)
    assert theirs.get(f"docflow/documents/{document.pk}").status_code == 404
    assert theirs.get(f"docflow/journals/{journal.pk}/documents").status_code == 404
    assert theirs.post(f"docflow/documents/{document.pk}/register").status_code == 404
    assert api_client_for(community).get("docflow/journals").status_code == 401


def test_official_cannot_register_but_can_draft(community, official, api_client_for):
    journal = f.journal(community)
    api = api_client_for(community, official)
    created = api.post("docflow/documents", {"journal_id": journal.pk, "summary": "Службова записка", "kind": "memo"})
    assert created.status_code == 201
    assert api.post(f"docflow/documents/{created.json()['id']}/register").status_code == 403


def test_list_costs_the_same_queries_for_many_rows(community, api_client_for, django_assert_num_queries):
    journal = f.journal(community)
    dept = f.office(community)
    api = api_client_for(community, f.clerk(community))
    url = f"docflow/journals/{journal.pk}/documents"
    f.registered(community, journal, department_id=dept.pk)
    api.get(url)  # warm the per-process caches (community, token)
    # token and user, memberships, the journal, the count, the page (departments joined)
    with django_assert_num_queries(5):
        assert api.get(url).status_code == 200
    for n in range(30):
        f.registered(community, journal, summary=f"Лист {n}", department_id=dept.pk)
    with django_assert_num_queries(5):
        assert len(api.get(url, page_size=40).json()["items"]) == 31
    f.journal(community, kind="outgoing", title="Вихідні")
    with django_assert_num_queries(2):  # the caller (token, user), the journals with their counts (one list)
        assert len(api.get("docflow/journals").json()["items"]) == 2
