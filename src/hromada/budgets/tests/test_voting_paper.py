"""Paper ballots and voting points: four eyes (the one who entered a ballot cannot check it, in the service and in
the database), the voter's tax number kept only as the voter key that also bars an online ballot, the rule checked
at entry, rejections with a reason, and staff only."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import make_member
from django.db import IntegrityError, transaction
from django.utils import translation

from hromada.budgets import ballots as parts
from hromada.budgets.models import Ballot, PaperBallot, PaperStatus
from hromada.budgets.services import paper, voting
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.models import Role
from hromada.core.transparency.models import PendingEntry

from . import voting_factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are read in English here (the platform's pages default to Ukrainian)."""
    with translation.override("en"):
        yield
TAX = "3000000014"  # valid check digit; born 30,000 days after 31.12.1899


@pytest.fixture
def election(community):
    return f.election(community, max_projects=2, min_age=16)


def enter(clerk, community, cycle, fund, projects, tax_number=TAX, **kwargs):
    return paper.paper_ballot_enter(actor=clerk, community=community, cycle=cycle, scope=parts.scope_key(fund),
                                    project_ids=f.ids(projects), tax_number=tax_number, **kwargs)


def test_a_paper_ballot_counts_once_a_second_person_checks_it(community, election):
    cycle, fund, projects = election
    clerk, checker = f.staff(community), f.staff(community)
    entry = enter(clerk, community, cycle, fund, projects[:2], voting_point="ЦНАП, вул. Соборна, 1")
    assert entry.status == PaperStatus.ENTERED and not Ballot.objects.exists()
    assert TAX not in str(PaperBallot.objects.filter(pk=entry.pk).values().get())
    with pytest.raises(PermissionDenied) as refused:
        paper.paper_ballot_confirm(actor=clerk, community=community, paper=entry)
    assert refused.value.code == "four_eyes" and not Ballot.objects.exists()
    ballot = paper.paper_ballot_confirm(actor=checker, community=community, paper=entry)
    assert ballot.channel == "paper" and ballot.voter_key == entry.voter_key
    entry.refresh_from_db()
    assert entry.status == PaperStatus.CONFIRMED and entry.checked_by == checker and entry.ballot == ballot
    with pytest.raises(Conflict):
        paper.paper_ballot_confirm(actor=checker, community=community, paper=entry)
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"budgets.paper_ballot.entered", "budgets.paper_ballot.confirmed"} <= actions
    # The counted ballot is on the transparency log like an online one (its channel only inside a keyed hash).
    assert [json.loads(leaf)["type"] for leaf in PendingEntry.objects.values_list("leaf", flat=True)] \
        == ["budgets.ballot.cast"]
    assert not AuditEvent.objects.filter(data__icontains=TAX).exists()


def test_the_database_refuses_a_check_by_the_person_who_entered(community, election):
    cycle, fund, projects = election
    clerk = f.staff(community)
    entry = enter(clerk, community, cycle, fund, projects[:1])
    with pytest.raises(IntegrityError), transaction.atomic():
        PaperBallot.objects.filter(pk=entry.pk).update(checked_by=clerk)


def test_the_paper_voter_and_the_online_voter_are_the_same_person(community, election):
    cycle, fund, projects = election
    clerk, checker = f.staff(community), f.staff(community)
    online = f.voter(community, tax_number=TAX)
    voting.ballot_cast(actor=online, community=community, cycle=cycle, scope=parts.scope_key(fund),
                       project_ids=[projects[0].pk])
    with pytest.raises(Conflict) as refused:
        enter(clerk, community, cycle, fund, projects[:1], tax_number="30000 00014")
    assert refused.value.code == "already_voted"
    # An entry made before the online ballot is rejected at the check, with the reason, and never counts.
    other_cycle = f.cycle(community, title="Другий цикл")
    other_fund = f.category(other_cycle)
    other_projects = f.projects(other_fund, 10)
    entry = enter(clerk, community, other_cycle, other_fund, other_projects)
    voting.ballot_cast(actor=online, community=community, cycle=other_cycle, scope=parts.scope_key(other_fund),
                       project_ids=f.ids(other_projects))
    with pytest.raises(Conflict):
        paper.paper_ballot_confirm(actor=checker, community=community, paper=entry)
    entry.refresh_from_db()
    assert entry.status == PaperStatus.REJECTED and entry.reason and entry.ballot is None
    assert Ballot.objects.filter(cycle=other_cycle).count() == 1


def test_bad_entries_are_refused_with_the_field_and_nothing_stored(community, election):
    cycle, fund, projects = election
    clerk = f.staff(community)
    for bad in ("", "123", "3000000015", "30000000x4"):
        with pytest.raises(ValidationFailed) as refused:
            enter(clerk, community, cycle, fund, projects[:1], tax_number=bad)
        assert "tax_number" in refused.value.fields
    young = date.today().replace(year=date.today().year - 10)
    days = (young - date(1899, 12, 31)).days
    prefix = f"{days:05d}0000"
    tax = next(prefix + str(d) for d in range(10) if _valid(prefix + str(d)))
    with pytest.raises(ValidationFailed) as refused:
        enter(clerk, community, cycle, fund, projects[:1], tax_number=tax)
    assert "younger than 16" in refused.value.fields["tax_number"][0]
    with pytest.raises(ValidationFailed) as refused:
        enter(clerk, community, cycle, fund, projects)
    assert refused.value.code == "ballot_rule"
    assert not PaperBallot.objects.exists()


def _valid(code: str) -> bool:
    try:
        parts.rnokpp_birth_date(code)
    except ValidationFailed:
        return False
    return True


def test_only_staff_enter_and_check_and_a_reason_is_needed_to_reject(community, other_community, election):
    cycle, fund, projects = election
    resident = make_member(community, Role.RESIDENT)
    with pytest.raises(PermissionDenied):
        enter(resident, community, cycle, fund, projects[:1])
    clerk, checker = f.staff(community), f.staff(community)
    entry = enter(clerk, community, cycle, fund, projects[:1])
    with pytest.raises(PermissionDenied):
        paper.paper_ballot_confirm(actor=resident, community=community, paper=entry)
    with pytest.raises(NotFound):
        paper.paper_ballot_confirm(actor=f.staff(other_community), community=other_community, paper=entry)
    with pytest.raises(ValidationFailed):
        paper.paper_ballot_reject(actor=checker, community=community, paper=entry, reason=" ")
    rejected = paper.paper_ballot_reject(actor=checker, community=community, paper=entry, reason="Не збігається")
    assert rejected.status == PaperStatus.REJECTED and not Ballot.objects.exists()


def test_students_paper_ballots_use_their_code(community):
    cycle = f.cycle(community, eligibility="school_code", kind="school")
    school = f.district(cycle)
    projects = f.projects(school, 10_000)
    [code] = f.school_codes(school, 1)
    clerk, checker = f.staff(community), f.staff(community)
    entry = paper.paper_ballot_enter(actor=clerk, community=community, cycle=cycle, scope=parts.scope_key(school),
                                     project_ids=f.ids(projects), code=code)
    paper.paper_ballot_confirm(actor=checker, community=community, paper=entry)
    with pytest.raises(Conflict):
        voting.ballot_cast(actor=None, community=community, cycle=cycle, scope=parts.scope_key(school),
                           project_ids=f.ids(projects), code=code)
