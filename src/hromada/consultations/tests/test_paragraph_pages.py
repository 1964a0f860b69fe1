"""The consultation's page shows per paragraph its count and only the top proposals (most supported, then answered,
then oldest; hidden ones left out) with a link to every proposal on that paragraph, paginated: hidden proposals there
as hidden, bad page numbers answered with a page, other communities' consultations and missing paragraphs 404.
Browser: the link and the page's pagination by keyboard on a phone and a desktop, axe-core on each page."""

from __future__ import annotations

import pytest
from conftest import make_user
from django.test import Client
from tests.browser.conftest import DESKTOP, PHONE, chromium, tab_for  # noqa: F401 - fixtures, used by name
from tests.browser.test_layout_journeys import check_page

from hromada.consultations import selectors, services
from hromada.consultations.models import Answer, Proposal, ProposalKind

from . import factories as f


def _many(community, made, author, count: int, *, number: int = 1, **values) -> list[Proposal]:
    """`count` proposals on paragraph `number`, inserted at once (the service's rate limit is not under test)."""
    paragraph = made.paragraphs.get(number=number)
    return Proposal.objects.bulk_create([
        Proposal(community=community, consultation=made, paragraph=paragraph, kind=ProposalKind.COMMENT,
                 text=f"Пропозиція {n} до пункту {number}.", author=author, **values) for n in range(count)])


def _ids(html: str) -> list[int]:
    return [int(part.split('"', 1)[0]) for part in html.split('<li class="proposal')[1:]
            for part in [part.split('id="proposal-', 1)[1]]]


def test_the_page_shows_the_top_proposals_of_each_paragraph_and_links_to_all(community, resident, moderator,
                                                                           official, department):
    made = f.consultation(community, department=department)
    low, high, answered, tied, hidden = (f.proposal(community, made, make_user()) for _ in range(5))
    Proposal.objects.filter(pk=high.pk).update(support_count=9)
    Proposal.objects.filter(pk__in=[answered.pk, tied.pk]).update(support_count=4)
    Proposal.objects.filter(pk=hidden.pk).update(support_count=50)
    services.proposal_answer(actor=official, community=community, proposal_id=answered.pk, answer=Answer.ACCEPTED,
                             reason="Враховано.")
    services.proposal_hide(actor=moderator, community=community, proposal_id=hidden.pk, reason="Реклама")
    page = Client().get(f"/c/{community.slug}/consultations/{made.pk}/").content.decode()
    assert _ids(page) == [high.pk, answered.pk, tied.pk]  # supports, then the answered one, never the hidden one
    assert low.pk not in _ids(page) and "Реклама" not in page
    link = f'href="/c/{community.slug}/consultations/{made.pk}/paragraphs/1/"'
    assert link in page and "5 пропозицій" in page
    every = Client().get(f"/c/{community.slug}/consultations/{made.pk}/paragraphs/1/").content.decode()
    assert _ids(every) == [hidden.pk, high.pk, answered.pk, tied.pk, low.pk] and "Реклама" in every
    assert selectors.TOP == 3


def test_the_paragraph_page_paginates_and_answers_bad_page_numbers(community, resident):
    made = f.consultation(community)
    _many(community, made, resident, 23)
    _many(community, made, resident, 2, number=2)
    client = Client()
    url = f"/c/{community.slug}/consultations/{made.pk}/paragraphs/1/"
    first = client.get(url).content.decode()
    assert len(_ids(first)) == 20 and "1 з 2" in first and 'rel="next"' in first
    second = client.get(url, {"page": 2}).content.decode()
    assert len(_ids(second)) == 3 and not set(_ids(first)) & set(_ids(second))
    for bad in ("abc", "-1", "999", "", "1" * 30):
        response = client.get(url, {"page": bad})
        assert response.status_code == 200 and 0 < len(_ids(response.content.decode())) <= 20
    assert len(_ids(client.get(f"/c/{community.slug}/consultations/{made.pk}/paragraphs/2/").content.decode())) == 2
    empty = client.get(f"/c/{community.slug}/consultations/{made.pk}/paragraphs/3/").content.decode()
    assert 'class="empty"' in empty
    assert client.get(f"/c/{community.slug}/consultations/{made.pk}/paragraphs/4/").status_code == 404


def test_new_paragraphs_before_the_first_have_their_page(community, resident):
    made = f.consultation(community)
    before = services.proposal_submit(actor=resident, community=community, consultation_id=made.pk,
                                      kind=ProposalKind.WORDING, text="Новий пункт на початку: мета правил.",
                                      after_number=0)
    page = Client().get(f"/c/{community.slug}/consultations/{made.pk}/").content.decode()
    assert f'id="proposal-{before.pk}"' in page and f"/consultations/{made.pk}/paragraphs/0/" in page
    assert _ids(Client().get(f"/c/{community.slug}/consultations/{made.pk}/paragraphs/0/").content.decode()) == [
        before.pk]


def test_other_communities_and_drafts_paragraph_pages_are_not_found(community, other_community, resident,
                                                                   django_assert_max_num_queries):
    theirs = f.consultation(other_community)
    draft = f.consultation(community, publish=False)
    _many(other_community, theirs, resident, 3)
    client = Client()
    assert client.get(f"/c/{community.slug}/consultations/{theirs.pk}/paragraphs/1/").status_code == 404
    assert client.get(f"/c/{community.slug}/consultations/{draft.pk}/paragraphs/1/").status_code == 404
    ours = f.consultation(community)
    _many(community, ours, resident, 3)
    client.get(f"/c/{community.slug}/consultations/{ours.pk}/paragraphs/1/")
    _many(community, ours, resident, 40)
    with django_assert_max_num_queries(14):
        response = client.get(f"/c/{community.slug}/consultations/{ours.pk}/paragraphs/1/", {"page": 2})
    assert response.status_code == 200 and len(_ids(response.content.decode())) == 20


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_a_resident_reads_every_proposal_on_a_paragraph_by_keyboard(tab_for, community, resident, screen):  # noqa: F811
    made = f.consultation(community)
    _many(community, made, make_user(), 25)
    tab = tab_for(screen={"phone": PHONE, "desktop": DESKTOP}[screen])
    tab.goto(f"/c/{community.slug}/consultations/{made.pk}/")
    assert not check_page(tab, screen)
    link = f"main a[href$='/consultations/{made.pk}/paragraphs/1/']"
    tab.page.focus(link)
    tab.follow(lambda: tab.page.keyboard.press("Enter"))
    assert tab.page.url.endswith(f"/consultations/{made.pk}/paragraphs/1/")
    assert tab.page.locator("li.proposal").count() == 20
    assert not check_page(tab, screen)
    tab.page.focus("nav.pagination a[rel=next]")
    tab.follow(lambda: tab.page.keyboard.press("Enter"))
    assert tab.page.locator("li.proposal").count() == 5
    assert not check_page(tab, screen)
