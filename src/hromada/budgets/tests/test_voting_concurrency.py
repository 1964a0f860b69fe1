"""One ballot per person per fund under real concurrency: threads with their own connections, on the SQLite file the
test settings use and on PostgreSQL. Fifty simultaneous attempts by one voter (online, or with one school code, or
online and on paper at once) leave exactly one ballot; fifty distinct voters at once are all counted."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from hromada.budgets import ballots as parts
from hromada.budgets.models import Ballot, Eligibility, PaperStatus, SchoolCode
from hromada.budgets.services import paper, voting
from hromada.core.errors import Conflict

from . import voting_factories as f

pytestmark = pytest.mark.django_db(transaction=True)
ATTEMPTS = 50


def simultaneously(calls) -> list:
    """Run every call in its own thread, released together; each outcome is a result or the exception raised."""
    start = threading.Barrier(len(calls))

    def one(call):
        try:
            start.wait()
            return call()
        except Exception as exc:  # noqa: BLE001 - the outcomes are what the tests assert on
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(one, calls))


def _split(outcomes) -> tuple[list, list, list]:
    ballots = [o for o in outcomes if isinstance(o, Ballot)]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    other = [o for o in outcomes if not isinstance(o, Ballot | Conflict)]
    return ballots, conflicts, other


@pytest.fixture
def election(community):
    return f.election(community)


def test_fifty_simultaneous_attempts_by_one_voter_give_one_ballot(community, election):
    cycle, fund, projects = election
    user = f.voter(community)
    outcomes = simultaneously([
        lambda n=n: voting.ballot_cast(actor=user, community=community, cycle=cycle, scope=parts.scope_key(fund),
                                       project_ids=[projects[n % 3].pk]) for n in range(ATTEMPTS)])
    ballots, conflicts, other = _split(outcomes)
    assert other == [] and len(ballots) == 1 and len(conflicts) == ATTEMPTS - 1
    assert {c.code for c in conflicts} == {"already_voted"}
    assert Ballot.objects.count() == 1 and Ballot.objects.get().project_ids in ([p.pk] for p in projects)


def test_fifty_simultaneous_attempts_with_one_school_code_give_one_ballot(community):
    cycle = f.cycle(community, eligibility=Eligibility.SCHOOL_CODE, kind="school")
    school = f.district(cycle)
    projects = f.projects(school, 10_000)
    [code] = f.school_codes(school, 1)
    outcomes = simultaneously([
        lambda: voting.ballot_cast(actor=None, community=community, cycle=cycle, scope=parts.scope_key(school),
                                   project_ids=f.ids(projects), code=code) for _ in range(ATTEMPTS)])
    ballots, conflicts, other = _split(outcomes)
    assert other == [] and len(ballots) == 1 and len(conflicts) == ATTEMPTS - 1
    assert Ballot.objects.count() == 1 and SchoolCode.objects.filter(used_at__isnull=False).count() == 1


def test_online_and_paper_at_once_for_one_person_give_one_ballot(community, election):
    cycle, fund, projects = election
    tax_number = "3000000014"
    user = f.voter(community, tax_number=tax_number)
    clerk, checker = f.staff(community), f.staff(community)
    entries = [paper.paper_ballot_enter(actor=clerk, community=community, cycle=cycle, scope=parts.scope_key(fund),
                                        project_ids=[projects[0].pk], tax_number=tax_number) for _ in range(3)]
    calls = [lambda e=e: paper.paper_ballot_confirm(actor=checker, community=community, paper=e) for e in entries]
    calls += [lambda: voting.ballot_cast(actor=user, community=community, cycle=cycle, scope=parts.scope_key(fund),
                                         project_ids=[projects[1].pk]) for _ in range(ATTEMPTS - len(entries))]
    ballots, conflicts, other = _split(simultaneously(calls))
    assert other == [] and len(ballots) == 1 and len(conflicts) == ATTEMPTS - 1
    assert Ballot.objects.count() == 1
    confirmed = [e for e in entries if e.__class__.objects.get(pk=e.pk).status == PaperStatus.CONFIRMED]
    assert len(confirmed) == (1 if ballots[0].channel == "paper" else 0)


def test_fifty_distinct_voters_at_once_are_all_counted(community, election):
    cycle, fund, projects = election
    voters = [f.voter(community) for _ in range(ATTEMPTS)]
    outcomes = simultaneously([
        lambda u=u: voting.ballot_cast(actor=u, community=community, cycle=cycle, scope=parts.scope_key(fund),
                                       project_ids=f.ids(projects[:2])) for u in voters])
    ballots, _conflicts, _other = _split(outcomes)
    assert len(ballots) == ATTEMPTS, [o for o in outcomes if not isinstance(o, Ballot)]
    assert Ballot.objects.values("voter_key").distinct().count() == ATTEMPTS
    assert all(b.project_ids == sorted(f.ids(projects[:2])) for b in Ballot.objects.all())
    assert len({b.receipt for b in ballots}) == ATTEMPTS
