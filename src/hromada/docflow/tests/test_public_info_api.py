"""The public information API (anyone submits and reads the register; the requester and the office read a
request; the office acts) and the registration statistics published as open data without personal data."""

from __future__ import annotations

import pytest
from conftest import make_user
from django.core import mail
from django.test import TestCase

from hromada.core import capabilities
from hromada.core.identity.actors import SYSTEM
from hromada.docflow.models import InfoRequest
from hromada.docflow.public_info import selectors, services

from . import factories as f

pytestmark = pytest.mark.django_db
BODY = {"requester_name": "Олена Особиста", "email": "olena.osobysta@example.org", "reply_by": "email",
        "summary": "Договори на вивезення сміття", "text": "Прошу копії договорів. Паспорт МЕ123456."}
PRIVATE = ("Олена Особиста", "olena.osobysta@example.org", "МЕ123456")


def test_anyone_submits_and_the_register_has_no_personal_data(community, api_client_for):
    api = api_client_for(community)
    with TestCase.captureOnCommitCallbacks(execute=True):
        created = api.post("docflow/public-info/", BODY)
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["index"] and len(data["token"]) == 40 and data["status"] == "pending"
    assert mail.outbox[0].to == [BODY["email"]]
    register = api.get("docflow/public-info/", q="сміття")
    assert register.status_code == 200
    assert [row["index"] for row in register.json()["items"]] == [data["index"]]
    for private in PRIVATE:
        assert private not in register.content.decode()
    by_link = api.get(f"docflow/public-info/{data['id']}", token=data["token"])
    assert by_link.status_code == 200 and by_link.json()["text"] == BODY["text"]
    assert api.get(f"docflow/public-info/{data['id']}", token="f" * 40).status_code == 404
    assert api.get(f"docflow/public-info/{data['id']}").status_code == 404


def test_bad_input_is_refused_with_fields_and_writes_nothing(community, api_client_for):
    api = api_client_for(community)
    bad = api.post("docflow/public-info/", {**BODY, "email": "nope", "summary": " ", "reply_by": "email"})
    assert bad.status_code == 400 and {"email", "summary"} <= set(bad.json()["error"]["fields"])
    unknown = api.post("docflow/public-info/", {**BODY, "reply_by": "pigeon"})
    assert unknown.status_code in (400, 422) and "reply_by" in str(unknown.json()["error"]["fields"])
    extra = api.post("docflow/public-info/", {**BODY, "status": "answered"})
    assert extra.status_code in (400, 422)
    assert not InfoRequest.objects.exists()


def test_the_office_acts_and_others_are_refused_or_find_nothing(community, other_community, api_client_for):
    item = services.info_request_submit(actor=SYSTEM, community=community, **BODY)
    clerk = api_client_for(community, f.clerk(community))
    queue = clerk.get("docflow/public-info/office")
    assert queue.status_code == 200 and queue.json()["items"][0]["email"] == BODY["email"]
    refused = clerk.post(f"docflow/public-info/{item.pk}/refuse", {"ground": "nope", "explanation": "x"})
    assert refused.status_code in (400, 422)
    empty = clerk.post(f"docflow/public-info/{item.pk}/answer", {"answer": "  "})
    assert empty.status_code == 400 and "answer" in empty.json()["error"]["fields"]
    extended = clerk.post(f"docflow/public-info/{item.pk}/extend", {"reason": "Великий обсяг"})
    assert extended.status_code == 200 and extended.json()["status"] == "extended"
    answered = clerk.post(f"docflow/public-info/{item.pk}/answer", {"answer": "Копії додано."})
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    again = clerk.post(f"docflow/public-info/{item.pk}/answer", {"answer": "Ще"})
    assert again.status_code == 409
    resident = api_client_for(community, make_user())
    assert resident.post(f"docflow/public-info/{item.pk}/answer", {"answer": "x"}).status_code == 403
    assert resident.get("docflow/public-info/office").status_code == 403
    foreign = api_client_for(other_community, f.clerk(other_community))
    assert foreign.get(f"docflow/public-info/{item.pk}").status_code == 404
    assert foreign.post(f"docflow/public-info/{item.pk}/answer", {"answer": "x"}).status_code == 404


def test_the_signed_in_requester_lists_their_own(community, api_client_for):
    person = make_user()
    services.info_request_submit(actor=person, community=community, **BODY)
    services.info_request_submit(actor=SYSTEM, community=community, **BODY)
    mine = api_client_for(community, person).get("docflow/public-info/mine")
    assert mine.status_code == 200 and mine.json()["count"] == 1


def test_register_endpoint_queries_are_pinned(community, api_client_for, django_assert_max_num_queries):
    for n in range(30):
        services.info_request_submit(actor=SYSTEM, community=community, **{**BODY, "summary": f"Запит {n}"})
    api = api_client_for(community)
    with django_assert_max_num_queries(6):
        response = api.get("docflow/public-info/", page=2)
    assert response.status_code == 200 and len(response.json()["items"]) > 0


def test_registration_statistics_are_counts_without_personal_data(community):
    clerk = f.clerk(community)
    incoming = f.journal(community)
    f.registered(community, incoming, correspondent_name="Петро Кореспондент", department_id=f.office(community).pk)
    f.registered(community, incoming)
    first = services.info_request_submit(actor=SYSTEM, community=community, **BODY)
    services.info_request_submit(actor=SYSTEM, community=community, **BODY)
    services.info_request_answer(actor=clerk, community=community, info_request_id=first.pk, answer="Так.")
    rows = list(selectors.registration_statistics_rows(community))
    by_journal = {(r["journal"], r["department"]): r for r in rows}
    assert by_journal[("incoming", "Загальний відділ")]["registered"] == 1
    assert by_journal[("incoming", "")]["registered"] == 1
    info = by_journal[("public_info", "")]
    assert info["registered"] == 2 and info["executed"] == 1 and info["on_time"] == 1 and info["on_time_share"] == 1.0
    export = capabilities.manifest("docflow").opendata_exports[0]
    assert set(rows[0]) == {name for name, _type in export.fields}
    flat = repr(rows)
    for private in (*PRIVATE, "Петро Кореспондент", "Договори на вивезення"):
        assert private not in flat


def test_the_statistics_publish_as_a_valid_live_dataset(community):
    from hromada.opendata.services.live import live_dataset_refresh

    f.registered(community, f.journal(community))
    manifest = capabilities.manifest("docflow")
    dataset = live_dataset_refresh(actor=SYSTEM, community=community, manifest=manifest,
                                   export=manifest.opendata_exports[0])
    resource = dataset.resources.get()
    content = resource.current_version.file.read().decode()
    assert content.splitlines()[0] == "month,journal,kind,department,registered,executed,on_time,on_time_share"
    assert ",incoming,letter,,1,0,0," in content
