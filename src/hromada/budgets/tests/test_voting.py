"""Voting services: eligibility (age, residency, strong identity, school codes), every ballot rule refused with the
rule named and nothing stored, one ballot per person per fund (two accounts of one person too), the transparency
log's entry without the voter, and tenant isolation."""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import make_member
from django.utils import timezone, translation

from hromada.budgets import ballots as parts
from hromada.budgets.models import Ballot, BallotRule, Channel, Eligibility, SchoolCode
from hromada.budgets.services import voting
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.models import Role
from hromada.core.identity.services import identity_unlink, identity_verify, residency_declare
from hromada.core.tenancy.models import ResidencyRule
from hromada.core.transparency.models import PendingEntry
from hromada.core.transparency.record import keyed_hash

from . import voting_factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are read in English here (the platform's pages default to Ukrainian)."""
    with translation.override("en"):
        yield


def cast(user, community, cycle, fund, projects, **kwargs):
    return voting.ballot_cast(actor=user, community=community, cycle=cycle, scope=parts.scope_key(fund),
                              project_ids=f.ids(projects), **kwargs)


@pytest.fixture
def setup(community):
    return f.election(community)


def test_a_ballot_is_stored_with_its_choices_and_a_receipt_and_logged_without_the_voter(community, setup):
    cycle, small, projects = setup
    user = f.voter(community)
    ballot = cast(user, community, cycle, small, list(reversed(projects[:2])))
    assert ballot.channel == Channel.ONLINE and len(ballot.receipt) == 11 and ballot.receipt[5] == "-"
    assert Ballot.objects.get().project_ids == sorted(f.ids(projects[:2]))  # ascending, whatever the order given
    assert ballot.voter_key != user.verified_identity.subject_hash  # a per-cycle key, not the identity's hash
    # No audit row per cast (ADR 0025): the ballot's record is its entry on the transparency log, in its transaction.
    assert not AuditEvent.objects.filter(action="budgets.ballot.cast").exists()
    assert PendingEntry.objects.filter(community=community).count() == 1


def test_the_log_entry_of_a_ballot_holds_keyed_hashes_only_no_personal_data(community, setup):
    cycle, small, projects = setup
    user = f.voter(community, tax_number="3000000014")
    user.email = "voter.person@example.org"
    user.save(update_fields=["email"])
    ballot = cast(user, community, cycle, small, projects[:2])
    [entry] = PendingEntry.objects.filter(community=community)
    leaf = json.loads(entry.leaf)
    assert leaf["type"] == "budgets.ballot.cast" and leaf["object_id"] == f"{cycle.pk}/c{small.pk}"
    assert set(leaf["data"]) == {"ballot", "voter"}
    identity = user.verified_identity
    for secret in (user.email, "voter.person", identity.verified_name, identity.subject_hash, "3000000014",
                   ballot.voter_key, ballot.receipt, ballot.receipt.replace("-", ""), f"user:{user.pk}"):
        assert secret and secret not in entry.leaf, secret
    # The values are the kernel's keyed hashes: the operator (who holds the key) can recompute them, no one else.
    assert leaf["data"]["voter"] == keyed_hash("voter", f"c{small.pk}:{ballot.voter_key}")
    ids = ",".join(map(str, sorted(f.ids(projects[:2]))))
    assert leaf["data"]["ballot"] == keyed_hash("ballot", f"c{small.pk}:{ballot.receipt}:online:{ids}")


def test_a_refused_ballot_leaves_no_log_entry(community, setup):
    cycle, small, projects = setup
    user = f.voter(community)
    cast(user, community, cycle, small, projects[:1])
    with pytest.raises(Conflict):
        cast(user, community, cycle, small, projects[1:2])
    assert PendingEntry.objects.filter(community=community).count() == 1


def test_a_second_ballot_of_the_same_person_is_refused_also_from_a_second_account(community, setup):
    cycle, small, projects = setup
    user = f.voter(community, tax_number="3000000014")
    cast(user, community, cycle, small, projects[:1])
    with pytest.raises(Conflict) as refused:
        cast(user, community, cycle, small, projects[1:2])
    assert refused.value.code == "already_voted"
    # The person unlinks the identity and verifies it on a second account: the same voter key.
    identity_unlink(actor=user, user=user)
    other = make_member(community, Role.RESIDENT)
    identity_verify(actor=other, user=other, provider="test", subject="3000000014", verified_name="Особа",
                    birth_date=date(1990, 1, 1), level=2)
    with pytest.raises(Conflict):
        cast(other, community, cycle, small, projects[2:])
    assert Ballot.objects.count() == 1 and Ballot.objects.get().project_ids == [projects[0].pk]


def test_one_ballot_per_fund_so_a_person_votes_in_each_category(community, setup):
    cycle, small, projects = setup
    large = f.category(cycle, name="Великі проєкти", fund=5_000_000 * f.UAH)
    big = f.projects(large, 2_000_000)
    user = f.voter(community)
    cast(user, community, cycle, small, projects[:1])
    cast(user, community, cycle, large, big)
    assert Ballot.objects.filter(cycle=cycle).count() == 2


@pytest.mark.parametrize(("rule", "settings", "chosen", "field_text"), [
    (BallotRule.APPROVAL, {"max_projects": 2}, [0, 1, 2], "Approval of at most 2 projects"),
    (BallotRule.KNAPSACK, {}, [1, 2], "Within the fund"),
    (BallotRule.THRESHOLD, {"threshold_percent": 80}, [0], "Threshold of 80% of the fund"),
    (BallotRule.THRESHOLD, {"threshold_percent": 10}, [1, 2], "Within the fund"),
    (BallotRule.KNAPSACK, {"min_projects": 2}, [0], "Minimum number of projects: choose at least 2"),
    (BallotRule.KNAPSACK, {"max_projects": 1}, [0, 1], "Maximum number of projects: choose at most 1"),
    (BallotRule.APPROVAL, {}, [], "Minimum number of projects"),
])
def test_a_ballot_that_breaks_the_rule_is_refused_with_the_rule_named_and_nothing_stored(
        community, rule, settings, chosen, field_text):
    cycle = f.cycle(community)
    fund = f.category(cycle, fund=300_000 * f.UAH, rule=rule, **settings)
    projects = f.projects(fund, 100_000, 150_000, 200_000)
    with pytest.raises(ValidationFailed) as refused:
        cast(f.voter(community), community, cycle, fund, [projects[n] for n in chosen])
    assert refused.value.code == "ballot_rule"
    assert any(field_text in message for message in refused.value.fields["projects"]), refused.value.fields
    assert not Ballot.objects.exists() and not PendingEntry.objects.exists()


def test_the_rules_accept_what_they_allow(community):
    cycle = f.cycle(community)
    approval = f.category(cycle, name="A", fund=100 * f.UAH, rule=BallotRule.APPROVAL, max_projects=2)
    threshold = f.category(cycle, name="T", fund=300_000 * f.UAH, rule=BallotRule.THRESHOLD, threshold_percent=80)
    a = f.projects(approval, 100_000, 150_000)  # approval ignores the fund
    t = f.projects(threshold, 100_000, 150_000, 200_000)
    user = f.voter(community)
    cast(user, community, cycle, approval, a)
    cast(user, community, cycle, threshold, [t[0], t[2]])  # 300,000 = 100% >= 80%
    assert Ballot.objects.count() == 2


def test_bad_projects_are_refused_naming_them(community, setup, other_community):
    cycle, small, projects = setup
    other_fund = f.category(cycle, name="Інша")
    elsewhere = f.projects(other_fund, 10)[0]
    unchecked = f.projects(small, 10, status="submitted")[0]
    user = f.voter(community)
    for bad in ([elsewhere.pk], [unchecked.pk], [projects[0].pk, projects[0].pk], ["x"], [10**9]):
        with pytest.raises(ValidationFailed) as refused:
            voting.ballot_cast(actor=user, community=community, cycle=cycle, scope=parts.scope_key(small),
                               project_ids=bad)
        assert "projects" in refused.value.fields
    for scope in ("", "x1", "c", f"c{other_fund.pk + 100}", "d1"):
        with pytest.raises(ValidationFailed) as refused:
            voting.ballot_cast(actor=user, community=community, cycle=cycle, scope=scope, project_ids=[projects[0].pk])
        assert "scope" in refused.value.fields
    assert not Ballot.objects.exists()


def test_another_communitys_cycle_is_not_found(community, other_community, setup):
    cycle, small, projects = setup
    with pytest.raises(NotFound):
        cast(f.voter(other_community), other_community, cycle, small, projects[:1])


def test_voting_outside_the_voting_phase_is_refused(community):
    cycle = f.cycle(community, open_=False)
    fund = f.category(cycle)
    with pytest.raises(Conflict) as refused:
        cast(f.voter(community), community, cycle, fund, f.projects(fund, 10))
    assert refused.value.code == "voting_closed"


def test_eligibility_age_identity_and_residency(community, setup):
    cycle, small, projects = setup
    cycle.min_age = 16
    cycle.save()
    young = f.voter(community, birth_date=timezone.localdate().replace(year=timezone.localdate().year - 15))
    unknown_age = f.voter(community, birth_date=None)
    for user, code in ((young, "too_young"), (unknown_age, "age_unknown"),
                       (make_member(community, Role.RESIDENT), "identity_required")):
        with pytest.raises(PermissionDenied) as refused:
            cast(user, community, cycle, small, projects[:1])
        assert refused.value.code == code
    cycle.eligibility = Eligibility.STRONG_RESIDENT
    cycle.save()
    with pytest.raises(PermissionDenied) as refused:
        cast(f.voter(community, strong=False), community, cycle, small, projects[:1])
    assert refused.value.code == "identity_required"
    assert not Ballot.objects.exists()


def test_residency_by_declaration(community, setup):
    cycle, small, projects = setup
    community.residency_rule = ResidencyRule.DECLARATION
    community.save()
    user = f.voter(community, strong=False)
    with pytest.raises(PermissionDenied) as refused:
        cast(user, community, cycle, small, projects[:1])
    assert refused.value.code == "not_resident"
    residency_declare(actor=user, community=community)
    user.__dict__.pop("_hromada_residency", None)
    assert cast(user, community, cycle, small, projects[:1]).pk


def test_school_codes_are_used_once_and_only_for_their_school(community):
    cycle = f.cycle(community, eligibility=Eligibility.SCHOOL_CODE, kind="school")
    school, other_school = f.district(cycle), f.district(cycle, name="Ліцей № 2")
    mine, theirs = f.projects(school, 5_000, 20_000), f.projects(other_school, 5_000)
    codes = f.school_codes(school, 2)
    ballot = voting.ballot_cast(actor=None, community=community, cycle=cycle, scope=parts.scope_key(school),
                                project_ids=f.ids(mine), code=codes[0].lower().replace("-", " "))
    assert ballot.voter_key == parts.school_code_hash(cycle.pk, codes[0])
    assert SchoolCode.objects.filter(used_at__isnull=False).count() == 1
    with pytest.raises(Conflict) as refused:
        voting.ballot_cast(actor=None, community=community, cycle=cycle, scope=parts.scope_key(school),
                           project_ids=f.ids(mine[:1]), code=codes[0])
    assert refused.value.code == "code_used"
    with pytest.raises(ValidationFailed) as refused:
        voting.ballot_cast(actor=None, community=community, cycle=cycle, scope=parts.scope_key(other_school),
                           project_ids=f.ids(theirs), code=codes[1])
    assert "code" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:
        voting.ballot_cast(actor=None, community=community, cycle=cycle, scope=parts.scope_key(school),
                           project_ids=f.ids(mine[:1]), code="NOSUC-HCODE")
    assert "code" in refused.value.fields
    with pytest.raises(ValidationFailed) as refused:  # a signed-in adult without a code has no vote here
        voting.ballot_cast(actor=f.voter(community), community=community, cycle=cycle,
                           scope=parts.scope_key(school), project_ids=f.ids(mine[:1]))
    assert Ballot.objects.count() == 1 and SchoolCode.objects.filter(used_at__isnull=False).count() == 1
