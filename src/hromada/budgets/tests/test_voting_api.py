"""The voting API with real tokens: the funds and the booth's totals, casting (201 with a receipt; 401, 403, 400 with
the rule named, 409 the second time; nothing stored on a refusal), the public ballot list, paper ballots with four
eyes, and another community's cycle not found."""

from __future__ import annotations

import pytest

from hromada.budgets.models import Ballot, PaperBallot

from . import voting_factories as f

pytestmark = pytest.mark.django_db
TAX = "3000000014"


@pytest.fixture
def election(community):
    return f.election(community, max_projects=2)


def test_funds_and_totals(community, election, api_client_for):
    cycle, fund, projects = election
    api = api_client_for(community)
    [row] = api.get(f"budgets/cycles/{cycle.pk}/funds").json()
    assert row["scope"] == f"c{fund.pk}" and row["ballot_rule"] == "knapsack" and len(row["projects"]) == 3
    totals = api.get(f"budgets/cycles/{cycle.pk}/funds/c{fund.pk}/totals",
                     projects=[projects[1].pk, projects[2].pk]).json()
    assert totals["spent"] == 350_000 * f.UAH and totals["remaining"] == -50_000 * f.UAH and totals["errors"]
    assert api.get(f"budgets/cycles/{cycle.pk}/funds/c0/totals").status_code == 404


def test_casting_over_the_api(community, election, api_client_for):
    cycle, fund, projects = election
    path = f"budgets/cycles/{cycle.pk}/ballots"
    body = {"scope": f"c{fund.pk}", "projects": f.ids(projects[:2])}
    assert api_client_for(community).post(path, body).status_code == 401
    weak = api_client_for(community, f.staff(community)).post(path, body)
    assert weak.status_code == 403 and weak.json()["error"]["code"] == "identity_required"
    api = api_client_for(community, f.voter(community))
    broken = api.post(path, {"scope": f"c{fund.pk}", "projects": f.ids(projects[1:])})
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "ballot_rule"
    assert broken.json()["error"]["fields"]["projects"]
    for bad in ({**body, "extra": 1}, {"scope": f"c{fund.pk}", "projects": ["x"]}, {"projects": [1]},
                {**body, "projects": [0]}):
        assert api.post(path, bad).status_code in (400, 422), bad
    assert not Ballot.objects.exists()
    cast = api.post(path, body)
    assert cast.status_code == 201, cast.content
    receipt = cast.json()["receipt"]
    assert cast.json()["projects"] == body["projects"] and Ballot.objects.get().receipt == receipt
    again = api.post(path, body)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_voted"
    listed = api_client_for(community).get(path, receipt=receipt).json()
    assert listed["count"] == 1 and listed["items"][0]["receipt"] == receipt
    assert listed["items"][0]["projects"] is None  # the choices stay hidden while voting is open


def test_another_communitys_cycle_is_not_found(community, other_community, election, api_client_for):
    cycle, fund, projects = election
    api = api_client_for(other_community, f.voter(other_community))
    assert api.post(f"budgets/cycles/{cycle.pk}/ballots",
                    {"scope": f"c{fund.pk}", "projects": [projects[0].pk]}).status_code == 404
    assert api.get(f"budgets/cycles/{cycle.pk}/ballots").status_code == 404
    assert not Ballot.objects.exists()


def test_paper_ballots_over_the_api_with_four_eyes(community, election, api_client_for):
    cycle, fund, projects = election
    clerk, checker = f.staff(community), f.staff(community)
    path = f"budgets/cycles/{cycle.pk}/paper-ballots"
    body = {"scope": f"c{fund.pk}", "projects": [projects[0].pk], "tax_number": TAX, "voting_point": "ЦНАП"}
    assert api_client_for(community, f.voter(community)).post(path, body).status_code == 403
    clerks = api_client_for(community, clerk)
    bad = clerks.post(path, {**body, "tax_number": "1234567890"})
    assert bad.status_code == 400 and "tax_number" in bad.json()["error"]["fields"]
    entered = clerks.post(path, body)
    assert entered.status_code == 201 and entered.json()["status"] == "entered"
    entry_id = entered.json()["id"]
    assert [row["id"] for row in clerks.get(path).json()] == [entry_id]
    own = clerks.post(f"budgets/paper-ballots/{entry_id}/confirm")
    assert own.status_code == 403 and own.json()["error"]["code"] == "four_eyes" and not Ballot.objects.exists()
    checked = api_client_for(community, checker).post(f"budgets/paper-ballots/{entry_id}/confirm")
    assert checked.status_code == 200 and checked.json()["status"] == "confirmed"
    assert Ballot.objects.get().channel == "paper" and PaperBallot.objects.get().checked_by == checker


def test_the_public_lists_pin_their_queries(community, election, api_client_for, django_assert_num_queries):
    from hromada.budgets.services import voting

    cycle, fund, projects = election
    for n in range(4):
        voting.ballot_cast(actor=f.voter(community), community=community, cycle=cycle, scope=f"c{fund.pk}",
                           project_ids=[projects[n % 3].pk])
    api = api_client_for(community)
    api.get(f"budgets/cycles/{cycle.pk}/ballots")  # warm the community and settings caches
    with django_assert_num_queries(3):  # the cycle, the count, the page
        assert api.get(f"budgets/cycles/{cycle.pk}/ballots").json()["count"] == 4
    f.projects(f.district(cycle), 10_000)
    with django_assert_num_queries(4):  # the cycle, categories, districts, every fund's options at once
        funds = api.get(f"budgets/cycles/{cycle.pk}/funds").json()
    assert [len(row["projects"]) for row in funds] == [3, 1]
