"""The booth without JavaScript (choose, recalculate, review, confirm, receipt), its refusals as pages with the rule
named (nothing stored), the public ballot list (query count pinned, choices only after voting), a school's code, and
staff's paper ballots through the pages with four eyes."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from hromada.budgets import ballots as parts
from hromada.budgets.models import Ballot, Eligibility, PaperBallot, PaperStatus
from hromada.budgets.services import voting

from . import voting_factories as f

pytestmark = pytest.mark.django_db
TAX = "3000000014"


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def url(community, path: str) -> str:
    return f"/c/{community.slug}/budgets/{path}"


@pytest.fixture
def election(community):
    return f.election(community, max_projects=2)


def test_the_booth_without_javascript_from_choice_to_receipt(community, election):
    cycle, fund, projects = election
    user = f.voter(community)
    client = client_for(user)
    index = client.get(url(community, f"cycles/{cycle.pk}/vote/"))
    booth_url = url(community, f"cycles/{cycle.pk}/vote/c{fund.pk}/")
    assert index.status_code == 200 and booth_url in index.content.decode()
    page = client.get(booth_url).content.decode()
    assert page.count('type="checkbox" name="projects"') == 3 and "booth.js" in page
    # Recalculate: the server computes what remains of the fund (300,000 - 250,000).
    page = client.post(booth_url, {"projects": f.ids(projects[:2]), "action": "update"}).content.decode()
    assert re.search(r'data-total="remaining">50\xa0000\xa0грн<', page), page
    assert page.count(" checked") == 2
    # Review: the confirmation lists the choice; nothing is stored yet.
    page = client.post(booth_url, {"projects": f.ids(projects[:2]), "action": "review"}).content.decode()
    assert 'name="action" value="confirm"' in page and projects[0].title in page and not Ballot.objects.exists()
    response = client.post(booth_url, {"projects": f.ids(projects[:2]), "action": "confirm"})
    ballot = Ballot.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/receipts/{ballot.receipt}/")
    receipt = client.get(response["Location"]).content.decode()
    assert ballot.receipt in receipt and projects[1].title in receipt  # this browser sees its own choice once
    assert projects[1].title not in client_for().get(response["Location"]).content.decode()
    again = client.get(url(community, f"cycles/{cycle.pk}/vote/")).content.decode()
    assert booth_url not in again  # voted in this fund: no second booth link


def test_a_ballot_that_breaks_the_rule_is_a_page_naming_it_and_nothing_is_stored(community, election):
    cycle, fund, projects = election
    client = client_for(f.voter(community))
    booth_url = url(community, f"cycles/{cycle.pk}/vote/c{fund.pk}/")
    for action in ("review", "confirm"):
        response = client.post(booth_url, {"projects": f.ids(projects[1:]), "action": action})
        assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert not Ballot.objects.exists()
    twice = client.post(booth_url, {"projects": f.ids(projects[:1]), "action": "confirm"})
    assert twice.status_code == 302
    response = client.post(booth_url, {"projects": f.ids(projects[1:2]), "action": "confirm"})
    assert response.status_code == 409 and Ballot.objects.count() == 1


def test_who_may_not_vote_sees_why_and_gets_no_ballot(community, election, other_community):
    cycle, fund, projects = election
    booth_url = url(community, f"cycles/{cycle.pk}/vote/c{fund.pk}/")
    anonymous = client_for()
    assert anonymous.get(url(community, f"cycles/{cycle.pk}/vote/")).status_code == 200
    assert anonymous.post(booth_url, {"projects": f.ids(projects[:1]), "action": "confirm"}).status_code == 403
    unverified = client_for(f.staff(community))
    assert unverified.post(booth_url, {"projects": f.ids(projects[:1]), "action": "confirm"}).status_code == 403
    assert client_for().get(url(other_community, f"cycles/{cycle.pk}/vote/")).status_code == 404
    assert client_for().get(url(community, f"cycles/{cycle.pk}/vote/c999999/")).status_code == 404
    assert not Ballot.objects.exists()


def test_the_public_ballot_list_pins_its_queries_and_shows_choices_only_after_voting(
        community, election, django_assert_num_queries):
    cycle, fund, projects = election
    for n in range(5):
        voting.ballot_cast(actor=f.voter(community), community=community, cycle=cycle, scope=f"c{fund.pk}",
                           project_ids=[projects[n % 3].pk])
    client = client_for()
    list_url = url(community, f"cycles/{cycle.pk}/ballots/")
    client.get(list_url)  # warm the community and settings caches
    with django_assert_num_queries(5):  # cycle, categories, districts, count, page
        page = client.get(list_url).content.decode()
    receipts = sorted(Ballot.objects.values_list("receipt", flat=True))
    assert [m for m in re.findall(r"[2-9A-Z]{5}-[2-9A-Z]{5}", page)] == receipts  # ordered by receipt
    assert f"/budgets/projects/{projects[0].pk}/" not in page
    one = client.get(list_url, {"receipt": receipts[2].lower().replace("-", "")}).content.decode()
    assert receipts[2] in one and receipts[1] not in one
    cycle.schedule = f.schedule(-30)
    cycle.save()
    with django_assert_num_queries(5):  # the choices are in the ballot rows: no query more
        page = client.get(list_url).content.decode()
    assert f"/budgets/projects/{projects[0].pk}/" in page


def test_a_student_votes_with_the_schools_code_without_an_account(community):
    cycle = f.cycle(community, eligibility=Eligibility.SCHOOL_CODE, kind="school")
    school = f.district(cycle)
    projects = f.projects(school, 5_000)
    [code] = f.school_codes(school, 1)
    booth_url = url(community, f"cycles/{cycle.pk}/vote/d{school.pk}/")
    client = client_for()
    page = client.post(booth_url, {"projects": f.ids(projects), "action": "review"}).content.decode()
    assert 'name="code"' in page
    wrong = client.post(booth_url, {"projects": f.ids(projects), "action": "confirm", "code": "AAAAA-AAAAA"})
    assert wrong.status_code == 400 and 'name="code"' in wrong.content.decode()
    assert client.post(booth_url, {"projects": f.ids(projects), "action": "confirm", "code": code}).status_code == 302
    assert Ballot.objects.filter(voter_key=parts.school_code_hash(cycle.pk, code)).count() == 1


def test_paper_ballots_through_the_staff_pages_with_four_eyes(community, election):
    cycle, fund, projects = election
    clerk, checker = f.staff(community), f.staff(community)
    paper_url = url(community, f"cycles/{cycle.pk}/paper/")
    assert client_for(f.voter(community)).get(paper_url).status_code == 404
    clerk_client = client_for(clerk)
    assert clerk_client.get(paper_url).status_code == 200
    bad = clerk_client.post(paper_url, {"scope": f"c{fund.pk}", "tax_number": "123", "projects": [projects[0].pk],
                                        "action": "enter"})
    assert bad.status_code == 400 and not PaperBallot.objects.exists()
    done = clerk_client.post(paper_url, {"scope": f"c{fund.pk}", "tax_number": TAX, "projects": [projects[0].pk],
                                         "voting_point": "ЦНАП", "action": "enter"})
    assert done.status_code == 302
    entry = PaperBallot.objects.get()
    assert TAX not in str(PaperBallot.objects.values().get())
    check_url = url(community, f"paper/{entry.pk}/")
    assert 'value="confirm"' not in clerk_client.get(check_url).content.decode()
    assert clerk_client.post(check_url, {"action": "confirm"}).status_code == 403
    assert client_for(checker).post(check_url, {"action": "confirm"}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == PaperStatus.CONFIRMED and Ballot.objects.get().channel == "paper"


def test_the_demo_votes_through_the_booths_service(community):
    from hromada.budgets import demo
    from hromada.budgets.models import Cycle, SchoolCode

    voters = [f.voter(community) for _ in range(4)]
    f.staff(community)
    demo.load(community, size="small")
    in_voting = Cycle.objects.get(community=community, kind="public", results_published_at__isnull=True)
    cast = Ballot.objects.filter(cycle=in_voting)
    assert cast.count() >= len(voters) and cast.values("voter_key").distinct().count() == len(voters)
    assert PaperBallot.objects.filter(cycle=in_voting, status=PaperStatus.ENTERED).count() == 1
    school = Cycle.objects.get(community=community, kind="school")
    assert Ballot.objects.filter(cycle=school).count() == SchoolCode.objects.filter(used_at__isnull=False).count() > 0
    page = client_for(voters[0]).get(url(community, f"cycles/{in_voting.pk}/vote/")).content.decode()
    assert "badge--done" in page
