"""The petitions JSON API: list with filters and pagination, detail with live count, create, submit, sign,
moderation and the answer; bad input gives 4xx in the error envelope and writes nothing; 429 on floods."""

from __future__ import annotations

import pytest
from conftest import make_member

from hromada.core.identity.models import Role
from hromada.petitions.models import Petition, Signature, Status

from . import factories as f

pytestmark = pytest.mark.django_db


def test_list_filters_sort_and_paginates(community, resident, moderator, api_client_for,
                                         django_assert_max_num_queries):
    f.set_settings(community, threshold=5)
    bike = f.collecting(community, resident, moderator, title="Велодоріжка на Соборності")
    park = f.collecting(community, resident, moderator, title="Лавки у парку Перемоги",
                        category_id=f.category(community, "Благоустрій").pk)
    f.draft(community, resident, title="Чернетка, яку не видно нікому")
    for _ in range(2):
        f.strong_resident(community)
    for user in [f.strong_resident(community), f.strong_resident(community)]:
        from hromada.petitions import services

        services.petition_sign(actor=user, community=community, petition=park)
    api = api_client_for(community)
    with django_assert_max_num_queries(8):
        body = api.get("petitions/", page_size=1).json()
    assert body["count"] == 2 and body["pages"] == 2 and len(body["items"]) == 1
    assert [p["id"] for p in api.get("petitions/", sort="signatures").json()["items"]] == [park.pk, bike.pk]
    assert [p["id"] for p in api.get("petitions/", q="ПАРКУ").json()["items"]] == [park.pk]
    assert [p["id"] for p in api.get("petitions/", category=park.category_id).json()["items"]] == [park.pk]
    assert api.get("petitions/", status="answered").json()["count"] == 0
    item = api.get("petitions/", sort="signatures").json()["items"][0]
    assert item["signatures"] == 2 and item["threshold"] == 5 and item["url"].endswith(f"/petitions/{park.pk}/")


@pytest.mark.parametrize("params", [{"status": "bogus"}, {"sort": "random"}, {"page": 0}, {"page_size": 1000},
                                    {"category": "x"}])
def test_list_bad_params_400(community, api_client_for, params):
    response = api_client_for(community).get("petitions/", **params)
    assert response.status_code == 400 and response.json()["error"]["code"]


def test_detail_live_count_and_hidden_drafts(community, other_community, resident, moderator, api_client_for):
    petition = f.collecting(community, resident, moderator)
    draft = f.draft(community, resident)
    api = api_client_for(community)
    assert api.get(f"petitions/{petition.pk}").json()["signatures"] == 0
    Signature.objects.create(community=community, petition=petition, user=resident, public_name="x")
    petition.counter_shards.filter(shard=3).update(count=1)
    assert api.get(f"petitions/{petition.pk}").json()["signatures"] == 1
    assert api.get(f"petitions/{petition.pk}/count").json() == {
        "id": petition.pk, "signatures": 1, "threshold": petition.threshold, "status": "collecting"}
    assert api.get(f"petitions/{draft.pk}").status_code == 404
    assert api_client_for(community, resident).get(f"petitions/{draft.pk}").status_code == 200
    assert api_client_for(other_community).get(f"petitions/{petition.pk}").status_code == 404
    assert api.get(f"petitions/{petition.pk}/signers").json()["items"] == ["x"]


def test_create_submit_publish_sign_answer_flow(community, resident, moderator, department, official,
                                                api_client_for):
    f.set_settings(community, threshold=1)
    author = api_client_for(community, resident)
    response = author.post("petitions/", {"title": "Відремонтувати тротуар на Шкільній", "text": f.TEXT,
                                          "category_id": f.category(community).pk})
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["status"] == "draft"
    assert author.post(f"petitions/{pk}/submit").json()["status"] == "submitted"
    mod = api_client_for(community, moderator)
    assert author.post(f"petitions/{pk}/publish").status_code == 403
    assert mod.post(f"petitions/{pk}/publish").json()["status"] == "collecting"
    assert mod.post(f"petitions/{pk}/assign", {"department_id": department.pk}).status_code == 200
    signer = api_client_for(community, f.strong_resident(community))
    response = signer.post(f"petitions/{pk}/sign")
    assert response.status_code == 201 and response.json()["signatures"] == 1
    assert response.json()["status"] == Status.THRESHOLD_REACHED
    assert signer.post(f"petitions/{pk}/sign").json()["error"]["code"] == "not_collecting"
    answer = api_client_for(community, official).post(
        f"petitions/{pk}/answer", {"text": "Ремонт включено до плану на весну.", "decision": "supported"})
    assert answer.status_code == 200 and answer.json()["answer"]["decision"] == "supported"


def test_sign_twice_409_and_anonymous_401(community, resident, moderator, api_client_for):
    petition = f.collecting(community, resident, moderator)
    api = api_client_for(community, resident)
    assert api.post(f"petitions/{petition.pk}/sign").status_code == 201
    response = api.post(f"petitions/{petition.pk}/sign")
    assert response.status_code == 409 and response.json()["error"]["code"] == "already_signed"
    assert api_client_for(community).post(f"petitions/{petition.pk}/sign").status_code == 401
    email_only = api_client_for(community, make_member(community))
    assert email_only.post(f"petitions/{petition.pk}/sign").status_code == 403
    assert Signature.objects.count() == 1


@pytest.mark.parametrize("payload", [
    {}, {"title": "short", "text": f.TEXT}, {"title": "Нормальна назва петиції", "text": "short"},
    {"title": "Нормальна назва петиції", "text": f.TEXT, "category_id": 999999},
    {"title": "Нормальна назва петиції", "text": f.TEXT, "co_authors": ["ghost@example.org"]},
    {"title": 5, "text": []}, "not json", "[1, 2]",
])
def test_create_bad_input_400_nothing_written(community, resident, api_client_for, payload):
    response = api_client_for(community, resident).post("petitions/", payload)
    assert response.status_code == 400 and "error" in response.json()
    assert Petition.objects.count() == 0


@pytest.mark.parametrize("path, payload", [
    ("reject", {"reason": "not in the list"}), ("reject", {}), ("duplicate", {"original_id": "x"}),
    ("duplicate", {"original_id": 999999}), ("assign", {"department_id": 999999}), ("assign", {}),
])
def test_moderation_bad_input_400(community, resident, moderator, api_client_for, path, payload):
    petition = f.submitted(community, resident)
    response = api_client_for(community, moderator).post(f"petitions/{petition.pk}/{path}", payload)
    assert response.status_code == 400
    assert Petition.objects.get(pk=petition.pk).status == Status.SUBMITTED


def test_reject_and_duplicate_via_api(community, resident, moderator, api_client_for):
    from hromada.petitions.selectors import rejection_reasons

    original = f.collecting(community, resident, moderator)
    one, two = f.submitted(community, resident), f.submitted(community, resident)
    mod = api_client_for(community, moderator)
    body = mod.post(f"petitions/{one.pk}/reject", {"reason": rejection_reasons(community)[0]}).json()
    assert body["status"] == "rejected" and body["rejection_reason"] == rejection_reasons(community)[0]
    assert mod.post(f"petitions/{two.pk}/duplicate", {"original_id": original.pk}).json()["duplicate_of"] == \
        original.pk


def test_answer_bad_input_and_refusal(community, resident, moderator, api_client_for):
    f.set_settings(community, threshold=1)
    petition = f.collecting(community, resident, moderator)
    f.reach_threshold(community, petition)
    admin = api_client_for(community, make_member(community, Role.ADMIN))
    assert admin.post(f"petitions/{petition.pk}/answer", {"text": "x" * 30, "decision": "maybe"}).status_code == 400
    assert admin.post(f"petitions/{petition.pk}/answer", {"text": "x", "decision": "partly"}).status_code == 400
    assert api_client_for(community, resident).post(
        f"petitions/{petition.pk}/answer", {"text": "x" * 30, "decision": "partly"}).status_code == 403
    assert Petition.objects.get(pk=petition.pk).status == Status.THRESHOLD_REACHED


@pytest.mark.usefixtures("frozen_clock")
def test_sign_rate_limit_429_with_retry_after(community, resident, moderator, api_client_for):
    f.set_settings(community, sign_rate_user="2/m")
    petitions = [f.collecting(community, resident, moderator) for _ in range(3)]
    api = api_client_for(community, resident)
    assert [api.post(f"petitions/{p.pk}/sign").status_code for p in petitions] == [201, 201, 429]
    response = api.post(f"petitions/{petitions[2].pk}/sign")
    assert response.json()["error"]["code"] == "rate_limited" and int(response["Retry-After"]) >= 1
    assert Signature.objects.count() == 2


@pytest.mark.usefixtures("frozen_clock")
def test_create_rate_limit_per_ip(community, api_client_for):
    f.set_settings(community, create_rate_ip="1/h")
    payload = {"title": "Нормальна назва петиції", "text": f.TEXT}
    assert api_client_for(community, f.strong_resident(community)).post("petitions/", payload).status_code == 201
    assert api_client_for(community, f.strong_resident(community)).post("petitions/", payload).status_code == 429
    assert Petition.objects.count() == 1


def test_similar_endpoint(community, resident, moderator, api_client_for):
    bike = f.collecting(community, resident, moderator)
    f.collecting(community, resident, moderator, title="Лавки у парку Перемоги",
                 text="Просимо встановити нові лавки та ліхтарі у парку Перемоги біля ставка для відпочинку.")
    found = api_client_for(community).get("petitions/similar", text="велодоріжка вздовж головної вулиці").json()
    assert [s["id"] for s in found] == [bike.pk]


def test_unreadable_rate_setting_falls_back_to_default(community, resident, moderator, api_client_for):
    f.set_settings(community, sign_rate_user="lots", sign_rate_ip="", threshold=1)
    # The settings service refuses negative numbers now; a value stored before that must still not break signing.
    community.capability_settings["petitions"]["consideration_working_days"] = -3
    community.save(update_fields=["capability_settings"])
    petition = f.collecting(community, resident, moderator)
    response = api_client_for(community, resident).post(f"petitions/{petition.pk}/sign")
    assert response.status_code == 201 and response.json()["status"] == Status.THRESHOLD_REACHED


def test_signing_costs_the_same_pinned_queries_for_every_signer(community, resident, moderator, api_client_for):
    """The hot path's queries, the same for every signer: the token, the petition and the signer's identity
    (prepared reads), then the batch (its savepoints, the INSERT, the counter increment, the audit INSERT, the
    transparency log's outbox INSERT) and the count after it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    f.set_settings(community, threshold=1000)
    petition = f.collecting(community, resident, moderator)
    counts = []
    for _ in range(3):
        api = api_client_for(community, f.strong_resident(community))
        api.get("me")  # the token's first use writes last_used_at; a returning client's does not
        with CaptureQueriesContext(connection) as queries:
            assert api.post(f"petitions/{petition.pk}/sign", {}).status_code == 201
        counts.append(len(queries))
    # Inside the test's transaction the batch's transaction and its INSERT are savepoints (2 statements each).
    assert counts == [11, 11, 11], counts
