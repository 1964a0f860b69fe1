"""The execution API for staff tokens: a resolution to a sent letter, the inbox with pinned queries, bad input
answered 4xx with the field, other communities' objects "not found", residents refused."""

from __future__ import annotations

import base64

import pytest
from conftest import make_member
from django.core.files.uploadedfile import SimpleUploadedFile

from hromada.core.identity.models import Role
from hromada.docflow.models import Document, Resolution

from . import execution_factories as x

pytestmark = pytest.mark.django_db


@pytest.fixture
def o(community):
    return x.office(community)


def test_resolution_route_sign_and_send_through_the_api(o, community, api_client_for):
    card = x.incoming(o)
    head = api_client_for(community, o.head)
    created = head.post(f"docflow/documents/{card.pk}/resolutions",
                        {"main_executor_id": o.executor.pk, "text": "Підготувати", "deadline_days": 5})
    assert created.status_code == 201, created.content
    assert created.json()["state"] == "active" and created.json()["co_executor_ids"] == []
    executor = api_client_for(community, o.executor)
    inbox = executor.get("docflow/inbox").json()
    assert inbox["counts"]["todo"] == 1 and inbox["items"][0]["document_id"] == card.pk
    reply = executor.post(f"docflow/documents/{card.pk}/reply", {})
    assert reply.status_code == 201
    reply_id = reply.json()["id"]
    upload = executor.client.post(executor.url(f"docflow/documents/{reply_id}/attachments"),
                                  {"file": SimpleUploadedFile("a.txt", b"Answer\n", "text/plain")}, **executor.headers)
    assert upload.status_code == 201
    route = executor.post(f"docflow/documents/{reply_id}/routes",
                          {"signer_id": o.signer.pk, "stages": [[o.approvers[0].pk]]})
    assert route.status_code == 201, route.content
    step_id = route.json()["steps"][0]["id"]
    approver = api_client_for(community, o.approvers[0])
    assert approver.get("docflow/inbox", tab="approve").json()["items"][0]["step_id"] == step_id
    assert approver.post(f"docflow/steps/{step_id}/decision", {"decision": "maybe"}).status_code in (400, 422)
    assert approver.post(f"docflow/steps/{step_id}/decision", {"decision": "approve"}).status_code == 200
    signer = api_client_for(community, o.signer)
    refused = signer.post(f"docflow/routes/{route.json()['id']}/sign",
                          {"signatures": {"1": base64.b64encode(b"cades").decode()}})
    assert refused.status_code == 400 and "signatures" in refused.content.decode()
    signed = signer.post(f"docflow/routes/{route.json()['id']}/sign", {})
    assert signed.status_code == 200 and signed.json()["signatures"][0]["kind"] == "simple"
    clerk = api_client_for(community, o.clerk)
    assert clerk.post(f"docflow/documents/{reply_id}/send", {"method": "pigeon"}).status_code in (400, 422)
    sent = clerk.post(f"docflow/documents/{reply_id}/send", {"method": "post"})
    assert sent.status_code == 200 and sent.json()["state"] == "sent"
    assert Document.objects.get(pk=reply_id).status == "sent"
    execution = head.get(f"docflow/documents/{card.pk}/execution").json()
    assert execution["resolutions"][0]["state"] == "done"


def test_bad_input_names_the_field_and_changes_nothing(o, community, api_client_for):
    card = x.incoming(o)
    head = api_client_for(community, o.head)
    for body, field in (({"main_executor_id": 99999, "text": "x", "deadline_days": 3}, "main_executor_id"),
                        ({"main_executor_id": o.executor.pk, "text": "x"}, "deadline"),
                        ({"main_executor_id": o.executor.pk, "text": "x", "deadline": "2001-01-01"}, "deadline")):
        answer = head.post(f"docflow/documents/{card.pk}/resolutions", body)
        assert answer.status_code == 400 and field in answer.content.decode(), (body, answer.content)
    assert head.post(f"docflow/documents/{card.pk}/resolutions", {"text": "x", "extra": 1}).status_code in (400, 422)
    assert not Resolution.objects.exists()
    assert head.get("docflow/dashboard", date_from="вчора").status_code == 400


def test_other_communities_and_residents(o, community, other_community, api_client_for):
    card = x.incoming(o)
    res = x.resolve(o, card)
    stranger = api_client_for(other_community, x.office(other_community).head)
    assert stranger.post(f"docflow/documents/{card.pk}/resolutions",
                         {"main_executor_id": o.executor.pk, "text": "x", "deadline_days": 2}).status_code == 404
    assert stranger.post(f"docflow/resolutions/{res.pk}/complete", {}).status_code == 404
    assert stranger.get(f"docflow/documents/{card.pk}/execution").status_code == 404
    resident = api_client_for(community, make_member(community, Role.RESIDENT))
    assert resident.get("docflow/inbox").status_code == 403
    assert api_client_for(community, o.approvers[0]).get("docflow/dashboard").status_code == 403


def test_inbox_queries_do_not_grow_with_rows(o, community, api_client_for, django_assert_num_queries):
    api = api_client_for(community, o.executor)
    x.resolve(o, x.incoming(o))
    api.get("docflow/inbox")
    with django_assert_num_queries(8):  # the caller, roles, the tab and its counts: fixed
        api.get("docflow/inbox")
    for _ in range(5):
        x.resolve(o, x.incoming(o))
    with django_assert_num_queries(8):  # the caller, roles, the tab and its counts: fixed
        assert len(api.get("docflow/inbox").json()["items"]) == 6


def test_a_resolution_is_withdrawn_through_the_api(o, community, other_community, api_client_for):
    res = x.resolve(o, x.incoming(o))
    head = api_client_for(community, o.head)
    refused = head.post(f"docflow/resolutions/{res.pk}/withdraw", {})
    assert refused.status_code == 400 and "reason" in refused.content.decode()
    assert api_client_for(community, o.executor).post(f"docflow/resolutions/{res.pk}/withdraw",
                                                      {"reason": "Не моє"}).status_code == 403
    other = api_client_for(other_community, x.office(other_community).head)
    assert other.post(f"docflow/resolutions/{res.pk}/withdraw", {"reason": "Чуже"}).status_code == 404
    done = head.post(f"docflow/resolutions/{res.pk}/withdraw", {"reason": "Передано іншому відділу"})
    assert done.status_code == 200 and done.json()["state"] == "cancelled"
