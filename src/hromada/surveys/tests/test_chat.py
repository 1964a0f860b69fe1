"""The polls chat command, driven directly: open quick polls, options as buttons, the vote through
response_submit, results after voting; multiple choice ticked option by option; refusals (not linked, audience, already voted, closed) and tenancy."""

from __future__ import annotations

import pytest
from conftest import make_member, make_user

from hromada.assistant.engine.types import DialogContext, Incoming, Kind
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role
from hromada.surveys import services
from hromada.surveys.chat import PollsDialog
from hromada.surveys.models import Kind as QuestionKind
from hromada.surveys.models import Response

from .factories import options, published, question, survey

pytestmark = pytest.mark.django_db


class Chat:
    def __init__(self, community, user=None):
        self.community, self.user, self.state = community, user, {}

    def press(self, payload):
        context = DialogContext(community=self.community, channel="telegram", chat_id="1", user=self.user,
                                state=self.state)
        replies = PollsDialog(context).handle(Incoming(channel="telegram", chat_id="1", kind=Kind.BUTTON,
                                                       payload=payload))
        self.state = context.state
        return replies


def payloads(replies) -> list[str]:
    return [button.payload for reply in replies for row in reply.buttons for button in row]


@pytest.fixture
def poll(community):
    return published(community, quick=True, title="Де поставити лавки?")


def test_open_polls_then_vote_then_results(community, resident, poll):
    survey, (question,) = poll
    chat = Chat(community, resident)
    assert payloads(chat.press("polls:list:1")) == [f"polls:open:{survey.pk}"]
    replies = chat.press(f"polls:open:{survey.pk}")
    assert question.text in replies[0].text and not Response.objects.exists()
    assert payloads(replies) == [f"polls:vote:{survey.pk}.{pk}" for pk in options(question)]
    replies = chat.press(f"polls:vote:{survey.pk}.{options(question)[1]}")
    response = Response.objects.get()
    assert response.user == resident
    assert "Два: 1 (100%)" in replies[0].text and chat.state == {}
    replies = chat.press(f"polls:open:{survey.pk}")  # a second time: the results, no second vote
    assert "polls:vote" not in " ".join(payloads(replies)) and Response.objects.count() == 1


def test_voting_needs_a_linked_account(community, poll):
    survey, _questions = poll
    assert payloads(Chat(community, None).press(f"polls:open:{survey.pk}")) == ["link:start"]


def test_audience_too_strict_for_the_account_points_to_the_site(community):
    survey, (question,) = published(community, quick=True, audience="strong")
    weak = make_member(community, Role.RESIDENT)
    chat = Chat(community, weak)
    replies = chat.press(f"polls:open:{survey.pk}")
    assert replies[0].link.url.endswith(f"/surveys/{survey.pk}/")
    chat.press(f"polls:vote:{survey.pk}.{options(question)[0]}")  # a button kept from elsewhere: still refused
    assert not Response.objects.exists()


def test_closed_poll_shows_its_results(community, resident, poll):
    survey, (first,) = poll
    services.survey_close(actor=SYSTEM, community=community, survey_id=survey.pk)
    chat = Chat(community, resident)
    replies = chat.press(f"polls:open:{survey.pk}")
    assert first.text in replies[0].text and "polls:vote" not in " ".join(payloads(replies))
    chat.press(f"polls:vote:{survey.pk}.{options(first)[0]}")
    assert not Response.objects.exists()


def test_a_multiple_choice_poll_ticks_options_then_done_checked_by_the_survey_s_rules(community, resident):
    made = survey(community, quick=True, title="Що додати у сквер?")
    several = question(community, made, QuestionKind.MULTIPLE, required=True, max_value=2)
    services.survey_publish(actor=SYSTEM, community=community, survey_id=made.pk)
    one, two, three = options(several)
    chat = Chat(community, resident)
    replies = chat.press(f"polls:open:{made.pk}")
    assert several.text in replies[0].text and "2" in replies[0].text.split("\n")[-1]  # the hint: "up to 2"
    assert payloads(replies) == [*(f"polls:pick:{made.pk}.{pk}" for pk in (one, two, three)),
                                 f"polls:done:{made.pk}.{several.pk}"]
    refused = chat.press(f"polls:done:{made.pk}.{several.pk}")  # nothing ticked on a required question
    assert refused[0].text == "Це питання обов’язкове." and several.text in refused[1].text
    for pk in (one, three, two, three):  # three ticked, then unticked
        replies = chat.press(f"polls:pick:{made.pk}.{pk}")
    assert [button.label for row in replies[0].buttons for button in row][:3] == ["✓ Один", "✓ Два", "Три"]
    chat.press(f"polls:pick:{made.pk}.{three}")
    too_many = chat.press(f"polls:done:{made.pk}.{several.pk}")
    assert "2" in too_many[0].text and not Response.objects.exists()  # "at most 2", the site's own words
    chat.press(f"polls:pick:{made.pk}.{three}")
    assert chat.press(f"polls:pick:{made.pk}.987654")[0].text == "Цей варіант більше недоступний."
    done = chat.press(f"polls:done:{made.pk}.{several.pk}")
    response = Response.objects.get()
    assert sorted(response.answers.values_list("choice_id", flat=True)) == [one, two]
    assert chat.state == {} and "Один: 1 (100%)" in done[0].text
    stale = chat.press(f"polls:pick:{made.pk}.{one}")  # an old message's button after the vote: no second vote
    assert "polls:pick" not in " ".join(payloads(stale)) and Response.objects.count() == 1


def test_a_poll_the_chat_cannot_carry_links_to_the_site(community):
    area = {"type": "Polygon", "coordinates": [[[34.0, 49.0], [35.0, 49.0], [35.0, 50.0], [34.0, 50.0], [34.0, 49.0]]]}
    made, _questions = published(community, quick=True, audience="residents", area=area)
    replies = Chat(community, make_member(community, Role.RESIDENT, strong=True)).press(f"polls:open:{made.pk}")
    assert replies[0].link.url.endswith(f"/surveys/{made.pk}/") and not payloads(replies)


def test_another_communitys_poll_is_not_found(community, other_community, poll):
    survey, (first,) = poll
    stranger = make_user()
    chat = Chat(other_community, stranger)
    for payload in (f"polls:open:{survey.pk}", f"polls:vote:{survey.pk}.{options(first)[0]}",
                    f"polls:results:{survey.pk}", "polls:open:x"):
        replies = chat.press(payload)
        assert survey.title not in replies[0].text
    assert not Response.objects.exists()


def test_voting_through_the_engine(community, resident, poll):
    from hromada.assistant.engine.dispatch import web_message

    survey, (question,) = poll
    for payload in (f"polls:open:{survey.pk}", f"polls:vote:{survey.pk}.{options(question)[0]}"):
        replies = web_message(community, "e2e", Incoming(channel="web", chat_id="e2e", kind=Kind.BUTTON,
                                                         payload=payload), user=resident)
    assert Response.objects.filter(user=resident).exists() and replies
