"""The participatory-budget chat command, driven directly: funds, selecting projects with the booth's totals and
rules, review, ballot_cast with the linked account; refusals (not linked, identity, voted, closed) and tenancy."""

from __future__ import annotations

import pytest
from conftest import make_member

from hromada.assistant.engine.types import DialogContext, Incoming, Kind
from hromada.budgets.chat import BudgetVotingDialog
from hromada.budgets.models import Ballot
from hromada.core.identity.models import Role

from . import voting_factories as f

pytestmark = pytest.mark.django_db


class Chat:
    def __init__(self, community, user=None):
        self.community, self.user, self.state = community, user, {}

    def press(self, payload="", kind=Kind.BUTTON):
        context = DialogContext(community=self.community, channel="telegram", chat_id="1", user=self.user,
                                state=self.state)
        replies = BudgetVotingDialog(context).handle(Incoming(channel="telegram", chat_id="1", kind=kind,
                                                              payload=payload))
        self.state = context.state
        return replies


def payloads(replies) -> list[str]:
    return [button.payload for reply in replies for row in reply.buttons for button in row]


@pytest.fixture
def election(community):
    return f.election(community)  # knapsack of UAH 300,000; projects of 100,000, 150,000 and 200,000


def test_select_within_the_fund_review_and_cast(community, election):
    cycle, fund, (small, middle, big) = election
    voter = f.voter(community)
    chat = Chat(community, voter)
    scope = f"c{fund.pk}"
    assert payloads(chat.press(kind=Kind.COMMAND)) == [f"budgets:fund:{cycle.pk}.{scope}"]  # one cycle: its funds
    replies = chat.press(f"budgets:fund:{cycle.pk}.{scope}")
    assert f"budgets:pick:{cycle.pk}.{scope}.{small.pk}" in payloads(replies)
    chat.press(f"budgets:pick:{cycle.pk}.{scope}.{middle.pk}")
    replies = chat.press(f"budgets:pick:{cycle.pk}.{scope}.{big.pk}")  # 350,000 > 300,000: the rule is named
    assert f"budgets:review:{cycle.pk}.{scope}" not in payloads(replies)
    replies = chat.press(f"budgets:pick:{cycle.pk}.{scope}.{big.pk}")  # unselected again
    chat.press(f"budgets:pick:{cycle.pk}.{scope}.{small.pk}")
    replies = chat.press(f"budgets:review:{cycle.pk}.{scope}")
    assert "250 000" in replies[0].text and not Ballot.objects.exists()
    replies = chat.press(f"budgets:cast:{cycle.pk}.{scope}")
    ballot = Ballot.objects.get()
    assert sorted(ballot.project_ids) == sorted([small.pk, middle.pk]) and ballot.receipt in replies[0].text
    replies = chat.press(f"budgets:fund:{cycle.pk}.{scope}")  # a second time: already voted
    assert "budgets:pick" not in " ".join(payloads(replies))
    chat.state = {"chosen": {f"{cycle.pk}.{scope}": [small.pk]}}
    chat.press(f"budgets:cast:{cycle.pk}.{scope}")
    assert Ballot.objects.count() == 1


def test_voting_needs_a_linked_account_and_a_verified_identity(community, election):
    cycle, fund, _projects = election
    assert payloads(Chat(community, None).press(f"budgets:cycle:{cycle.pk}")) == ["link:start"]
    unverified = make_member(community, Role.RESIDENT)
    chat = Chat(community, unverified)
    replies = chat.press(f"budgets:cycle:{cycle.pk}")
    assert replies[0].link.url.endswith(f"/cycles/{cycle.pk}/vote/") and not payloads(replies)
    chat.state = {"chosen": {f"{cycle.pk}.c{fund.pk}": [_projects[0].pk]}}
    chat.press(f"budgets:cast:{cycle.pk}.c{fund.pk}")
    assert not Ballot.objects.exists()


def test_a_closed_cycle_is_not_offered(community):
    closed = f.cycle(community, open_=False)
    replies = Chat(community, f.voter(community)).press(kind=Kind.COMMAND)
    assert "budgets:cycle" not in " ".join(payloads(replies)) and "budgets:fund" not in " ".join(payloads(replies))
    assert Chat(community, f.voter(community)).press(f"budgets:cycle:{closed.pk}")[0].link


def test_another_communitys_cycle_and_projects_are_not_found(community, other_community, election):
    cycle, fund, (small, *_rest) = election
    chat = Chat(other_community, f.voter(other_community))
    for payload in (f"budgets:cycle:{cycle.pk}", f"budgets:fund:{cycle.pk}.c{fund.pk}",
                    f"budgets:pick:{cycle.pk}.c{fund.pk}.{small.pk}", f"budgets:read:{small.pk}",
                    f"budgets:cast:{cycle.pk}.c{fund.pk}", "budgets:fund:x.y"):
        replies = chat.press(payload)
        assert small.title not in replies[0].text
    assert not Ballot.objects.exists()


def test_casting_through_the_engine(community, election):
    """The selection lives in the engine's stored chat state between the messages."""
    from hromada.assistant.engine.dispatch import web_message

    cycle, fund, (small, *_rest) = election
    voter = f.voter(community)
    scope = f"{cycle.pk}.c{fund.pk}"
    for payload in (f"budgets:fund:{scope}", f"budgets:pick:{scope}.{small.pk}", f"budgets:review:{scope}",
                    f"budgets:cast:{scope}"):
        replies = web_message(community, "e2e", Incoming(channel="web", chat_id="e2e", kind=Kind.BUTTON,
                                                         payload=payload), user=voter)
    assert Ballot.objects.get().project_ids == [small.pk] and replies
