"""Voting's own rate limit, per person and per address, in the booth and the API alike (the service counts it):
429 with Retry-After and a message saying the ballot was not cast, in Ukrainian and English; refused attempts count
too, so a school's code cannot be guessed faster; nothing is stored past the limit; staff's paper ballots, the demo
and tasks pass no caller and are never limited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from hromada.budgets import ballots as parts
from hromada.budgets.models import Ballot, Eligibility
from hromada.budgets.services import voting
from hromada.core.api.ratelimit import RateKey
from hromada.core.errors import RateLimited, ValidationFailed

from . import voting_factories as f

pytestmark = pytest.mark.django_db
MESSAGE_EN = "Too many voting attempts in a short time"
MESSAGE_UK = "Забагато спроб проголосувати"


@pytest.fixture
def election(community):
    return f.election(community, max_projects=2)


@pytest.mark.usefixtures("frozen_clock")
def test_the_api_limits_each_person_with_429_and_stores_nothing_past_it(community, election, api_client_for,
                                                                        settings):
    settings.HROMADA_RATE_BUDGETS_VOTE_USER = "2/m"
    cycle, fund, projects = election
    path = f"budgets/cycles/{cycle.pk}/ballots"
    api = api_client_for(community, f.voter(community))
    broken = api.post(path, {"scope": f"c{fund.pk}", "projects": f.ids(projects[1:])})
    assert broken.status_code == 400  # a refused attempt counts as much as an accepted one
    assert api.post(path, {"scope": f"c{fund.pk}", "projects": f.ids(projects[:1])}).status_code == 201
    flood = api.post(path, {"scope": f"c{fund.pk}", "projects": f.ids(projects[:2])})
    assert flood.status_code == 429 and int(flood["Retry-After"]) > 0
    assert flood.json()["error"]["code"] == "rate_limited"
    assert Ballot.objects.count() == 1
    # Another person from the same address is not held back by the first one's limit.
    other = api_client_for(community, f.voter(community)).post(path, {"scope": f"c{fund.pk}",
                                                                      "projects": f.ids(projects[:1])})
    assert other.status_code == 201 and Ballot.objects.count() == 2


@pytest.mark.usefixtures("frozen_clock")
def test_the_booth_limits_each_address_so_school_codes_cannot_be_guessed(community, settings):
    settings.HROMADA_RATE_BUDGETS_VOTE_IP = "3/m"
    cycle = f.cycle(community, eligibility=Eligibility.SCHOOL_CODE, kind="school")
    school = f.district(cycle)
    projects = f.projects(school, 5_000)
    [code] = f.school_codes(school, 1)
    booth_url = f"/c/{community.slug}/budgets/cycles/{cycle.pk}/vote/d{school.pk}/"
    guess = {"projects": f.ids(projects), "action": "confirm"}
    client = Client(REMOTE_ADDR="10.0.0.7")
    assert [client.post(booth_url, {**guess, "code": f"AAAAA-AAAA{n}"}).status_code for n in (2, 3, 4)] == \
        [400, 400, 400]
    refused = client.post(booth_url, {**guess, "code": code})  # even the right code waits now
    page = refused.content.decode()
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert MESSAGE_UK in page and 'name="action" value="confirm"' in page  # the choice is kept to send again
    assert not Ballot.objects.exists()
    elsewhere = Client(REMOTE_ADDR="10.0.0.8").post(booth_url, {**guess, "code": code})
    assert elsewhere.status_code == 302
    assert Ballot.objects.filter(voter_key=parts.school_code_hash(cycle.pk, code)).count() == 1


@pytest.mark.usefixtures("frozen_clock")
def test_the_refusal_speaks_ukrainian_and_english(community, election, settings):
    settings.HROMADA_RATE_BUDGETS_VOTE_USER = "1/m"
    cycle, fund, projects = election
    user = f.voter(community)
    caller = RateKey(user_id=user.pk, ip="10.0.0.9")

    def attempt():
        voting.ballot_cast(actor=user, community=community, cycle=cycle, scope=f"c{fund.pk}",
                           project_ids=f.ids(projects[1:]), caller=caller)

    with pytest.raises(ValidationFailed):
        attempt()  # over the fund: refused by the rule, and counted
    messages = {}
    for language in ("uk", "en"):
        with translation.override(language):
            with pytest.raises(RateLimited) as refusal:
                attempt()
            messages[language] = str(refusal.value.message)
    assert MESSAGE_UK in messages["uk"] and MESSAGE_EN in messages["en"]
    assert not Ballot.objects.exists()


def test_callers_without_a_request_are_not_limited(community, election, settings):
    """Paper ballots, the demo and tasks call the service without a caller: no limit, however tight."""
    settings.HROMADA_RATE_BUDGETS_VOTE_USER = settings.HROMADA_RATE_BUDGETS_VOTE_IP = "1/m"
    cycle, fund, projects = election
    for _voter in range(3):
        voting.ballot_cast(actor=f.voter(community), community=community, cycle=cycle, scope=f"c{fund.pk}",
                           project_ids=f.ids(projects[:1]))
    assert Ballot.objects.count() == 3
