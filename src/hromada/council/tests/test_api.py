"""The council's JSON API: every list paginated with figures, a deputy's figures, timeline, agreements and votes,
the roll-call with lines and rebellions, bad input as a 400 envelope naming the field, another community's 404,
and query counts pinned on the lists."""

from __future__ import annotations

from datetime import date

import pytest

from .test_views import build_council

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(community):
    return build_council(community)


@pytest.fixture
def api(community, api_client_for):
    return api_client_for(community)


def test_deputies_with_figures_and_filters(api, built):
    body = api.get("council/deputies").json()
    assert body["count"] == 4 and body["page_size"] == 20
    by_name = {d["family_name"]: d for d in body["items"]}
    bondar = by_name["Бондар"]["figures"]
    assert (bondar["possible"], bondar["attended"], bondar["attendance"], bondar["not_voting"]) == (2, 2, 1.0, 1)
    assert by_name["Коваленко"]["factions"] == [{"id": built["factions"][0].pk, "name": "Фракція Сонце"}]
    assert by_name["Коваленко"]["commissions"][0]["name"] == "Комісія з питань бюджету"
    only_b = api.get("council/deputies", faction=built["factions"][1].pk).json()
    assert {d["family_name"] for d in only_b["items"]} == {"Мельник", "Бондар"}
    february = api.get("council/deputies", **{"from": "2025-02", "to": "2025-02"}).json()
    assert {d["family_name"]: d["figures"]["possible"] for d in february["items"]}["Мельник"] == 1


def test_a_deputy_timeline_agreements_and_votes(api, built):
    kovalenko, shevchuk = built["people"][0], built["people"][1]
    detail = api.get(f"council/deputies/{kovalenko.pk}").json()
    assert detail["drafts_authored"] == 1 and detail["drafts_adopted"] == 1
    assert {m["kind"] for m in detail["memberships"]} == {"faction", "commission"}
    timeline = api.get(f"council/deputies/{kovalenko.pk}/timeline").json()
    assert [row["label"] for row in timeline] == ["2025-01", "2025-02"]
    agreements = {r["name"]: r for r in api.get(f"council/deputies/{kovalenko.pk}/agreements").json()}
    assert (agreements[shevchuk.name]["same"], agreements[shevchuk.name]["both"]) == (1, 2)
    assert api.get(f"council/deputies/{kovalenko.pk}/faction-agreements").status_code == 200
    votes = api.get(f"council/deputies/{kovalenko.pk}/votes").json()
    assert votes["count"] == 2 and votes["items"][0]["date"] == "2025-02-03"
    assert api.get(f"council/deputies/{kovalenko.pk}/votes", option="no").json()["count"] == 0
    pair = api.get("council/compare", a=kovalenko.pk, b=shevchuk.pk).json()
    assert (pair["same"], pair["both"], pair["share"]) == (1, 2, 0.5)


def test_a_vote_event_with_the_roll_call_by_faction(api, built):
    council = built["council"]
    a = built["factions"][0]
    people = [council.deputy(f"Р{i}", a) for i in range(3)]
    event = council.vote(date(2025, 5, 5), dict(zip(people, ["yes", "yes", "no"], strict=True)))
    body = api.get(f"council/votes/{event.pk}").json()
    (group,) = body["roll_call"]
    assert group["line"] == "yes" and group["counts"]["yes"] == 2
    assert [v["rebellion"] for v in group["votes"]] == [False, False, True] or sorted(
        v["rebellion"] for v in group["votes"]) == [False, False, True]
    assert api.get("council/votes", q="затвердження").json()["count"] == 1


def test_factions_commissions_sessions_drafts_and_search(api, built):
    factions = api.get("council/factions").json()["items"]
    assert {f["name"] for f in factions} == {"Фракція Сонце", "Фракція Річка"}
    assert all("cohesion" in f for f in factions)
    assert api.get("council/factions/agreements").status_code == 200
    assert api.get(f"council/factions/{built['factions'][0].pk}").json()["kind"] == "faction"
    assert api.get("council/commissions").json()["items"][0]["members"] == 1
    assert api.get(f"council/commissions/{built['commission'].pk}").json()["members"][0]["role"] == "chair"
    assert api.get("council/sessions").json()["items"][0]["votes"] == 2
    draft = api.get(f"council/drafts/{built['draft'].pk}").json()
    assert draft["history"][0]["status"] == "adopted" and draft["authors"][0]["id"] == built["people"][0].pk
    assert api.get("council/drafts", status="adopted").json()["count"] == 1
    found = api.get("council/search", q="бюджет").json()
    assert len(found["drafts"]) == 1 and len(found["vote_events"]) == 1


@pytest.mark.parametrize(("path", "params", "field"), [
    ("council/deputies", {"from": "2025-13"}, "from"), ("council/deputies", {"from": "2025"}, "from"),
    ("council/deputies", {"from": "2025-03", "to": "2025-01"}, "to"), ("council/deputies", {"sort": "x"}, "sort"),
    ("council/votes", {"result": "maybe"}, "result"), ("council/drafts", {"status": "lost"}, "status"),
    ("council/deputies", {"page_size": "1000"}, "page_size")])
def test_bad_input_is_a_400_naming_the_field(api, built, path, params, field):
    response = api.get(path, **params)
    assert response.status_code == 400
    assert field in str(response.json()["error"]["fields"])


def test_another_communitys_objects_are_not_found(api, other_community, api_client_for, built):
    other = api_client_for(other_community)
    kovalenko = built["people"][0]
    for path in (f"council/deputies/{kovalenko.pk}", f"council/deputies/{kovalenko.pk}/votes",
                 f"council/votes/{built['event'].pk}", f"council/drafts/{built['draft'].pk}",
                 f"council/factions/{built['factions'][0].pk}", f"council/commissions/{built['commission'].pk}"):
        assert other.get(path).status_code == 404, path
        assert api.get(path).status_code == 200, path
    assert other.get("council/compare", a=kovalenko.pk, b=built["people"][1].pk).status_code == 404
    assert other.get("council/deputies").json()["count"] == 0


def test_list_endpoints_query_counts(api, built, community, django_assert_max_num_queries):
    council = built["council"]
    a = built["factions"][0]
    many = [council.deputy(f"Депутат{i:02d}", a) for i in range(30)]
    council.vote(date(2025, 6, 2), dict.fromkeys(many, "yes"))
    for path, most in (("council/deputies", 8), ("council/votes", 6), ("council/drafts", 7),
                       ("council/factions", 6), ("council/sessions", 6), (f"council/deputies/{many[0].pk}/votes", 7),
                       (f"council/deputies/{many[0].pk}/agreements", 6)):
        with django_assert_max_num_queries(most):
            assert api.get(path, page_size=100).status_code == 200, path
