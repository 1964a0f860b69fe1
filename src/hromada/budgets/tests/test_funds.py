"""Deleting a fund set up by mistake (service, policy, API, back office): refused with 409 once it has ballots or
projects or while voting is open, nothing changed; the ballot row's choices as the database checks them; the cast
path's cached fund dropped by the services that change what is on a ballot."""

from __future__ import annotations

import pytest
from conftest import make_member
from django.contrib.messages import constants
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import translation

from hromada.budgets import ballots as parts
from hromada.budgets import services
from hromada.budgets.models import Ballot, Category, District, PaperBallot
from hromada.budgets.services import voting
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role

from . import voting_factories as f

pytestmark = pytest.mark.django_db


def _closed_cycle(community):
    """A cycle whose voting is over (nothing can be cast), with an empty category and an empty district."""
    cycle = f.cycle(community, open_=False)
    return cycle, f.category(cycle), f.district(cycle)


def _delete(actor, community, cycle, fund, kind="category"):
    services.fund_delete(actor=actor, community=community, cycle_id=cycle.pk, kind=kind, fund_id=fund.pk)


def test_an_admin_deletes_an_empty_fund_and_it_is_audited(community, community_admin):
    cycle, category, district = _closed_cycle(community)
    _delete(community_admin, community, cycle, category)
    _delete(community_admin, community, cycle, district, kind="district")
    assert not Category.objects.filter(pk=category.pk).exists() and not District.objects.filter(pk=district.pk).exists()
    assert set(AuditEvent.objects.filter(actor=community_admin).values_list("action", flat=True)) >= {
        "budgets.category.deleted", "budgets.district.deleted"}


def test_a_fund_with_ballots_is_refused_with_409_and_kept(community, community_admin):
    cycle, category, district = _closed_cycle(community)
    [project] = f.projects(category, 10_000)
    Ballot.objects.create(community=community, cycle=cycle, category=category, voter_key="k1", receipt="R1",
                          project_ids=[project.pk])
    PaperBallot.objects.create(community=community, cycle=cycle, district=district, voter_key="k2",
                               projects=[], entered_by=f.staff(community))
    for fund, kind in ((category, "category"), (district, "district")):
        with pytest.raises(Conflict) as refused:
            _delete(community_admin, community, cycle, fund, kind)
        assert refused.value.code == "has_ballots"
    assert Category.objects.filter(pk=category.pk).exists() and District.objects.filter(pk=district.pk).exists()
    assert not AuditEvent.objects.filter(action__endswith=".deleted").exists()


def test_a_fund_with_projects_or_in_voting_is_refused(community, community_admin):
    cycle, category, _district = _closed_cycle(community)
    f.projects(category, 10_000)
    with pytest.raises(Conflict) as refused:
        _delete(community_admin, community, cycle, category)
    assert refused.value.code == "has_projects"
    voting_cycle = f.cycle(community, title="Бюджет у голосуванні")
    empty = f.category(voting_cycle, name="Порожня")
    with pytest.raises(Conflict) as refused:
        _delete(community_admin, community, voting_cycle, empty)
    assert refused.value.code == "voting_open"
    assert Category.objects.filter(pk__in=[category.pk, empty.pk]).count() == 2


def test_only_the_communitys_admins_delete_and_only_their_own_funds(community, other_community, moderator):
    cycle, category, _district = _closed_cycle(community)
    with pytest.raises(PermissionDenied):
        _delete(moderator, community, cycle, category)
    with pytest.raises(NotFound):
        _delete(make_member(other_community, Role.ADMIN), other_community, cycle, category)
    with pytest.raises(ValidationFailed) as refused:
        _delete(SYSTEM, community, cycle, category, kind="budget")
    assert "kind" in refused.value.fields
    with pytest.raises(NotFound):
        services.fund_delete(actor=SYSTEM, community=community, cycle_id=cycle.pk, kind="category", fund_id="x")
    assert Category.objects.filter(pk=category.pk).exists()


def test_the_api_deletes_with_204_and_refuses_with_the_envelope(community, community_admin, api_client_for):
    cycle, category, district = _closed_cycle(community)
    f.projects(district, 10_000)
    api = api_client_for(community, community_admin)
    assert api.delete(f"budgets/cycles/{cycle.pk}/categories/{category.pk}").status_code == 204
    refused = api.delete(f"budgets/cycles/{cycle.pk}/districts/{district.pk}")
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "has_projects"
    assert api.delete(f"budgets/cycles/{cycle.pk}/categories/{category.pk}").status_code == 404
    resident = api_client_for(community, make_member(community, Role.RESIDENT))
    assert resident.delete(f"budgets/cycles/{cycle.pk}/districts/{district.pk}").status_code == 403
    assert District.objects.filter(pk=district.pk).exists()


def test_the_back_office_deletes_through_the_service(community, community_admin):
    cycle, category, district = _closed_cycle(community)
    f.projects(district, 10_000)
    client = Client()
    client.force_login(community_admin)
    assert client.get("/admin/budgets/category/").status_code == 200
    client.post(f"/admin/budgets/category/{category.pk}/delete/", {"post": "yes"}, follow=True)
    assert not Category.objects.filter(pk=category.pk).exists()
    assert AuditEvent.objects.filter(action="budgets.category.deleted", actor=community_admin).exists()
    # Its projects protect a district (the admin's own page says so), and the service refuses one in voting.
    client.post(f"/admin/budgets/district/{district.pk}/delete/", {"post": "yes"})
    assert District.objects.filter(pk=district.pk).exists()
    in_voting = f.category(f.cycle(community, title="Бюджет у голосуванні"), name="Порожня")
    response = client.post(f"/admin/budgets/category/{in_voting.pk}/delete/", {"post": "yes"}, follow=True)
    errors = [m for m in response.context["messages"] if m.level == constants.ERROR]
    assert len(errors) == 1 and Category.objects.filter(pk=in_voting.pk).exists()


def test_the_back_office_adds_a_fund_through_fund_save(community, community_admin):
    cycle, _category, _district = _closed_cycle(community)
    client = Client()
    client.force_login(community_admin)
    data = {"community": community.pk, "cycle": cycle.pk, "name": "Великі проєкти", "order": 0, "fund": 500_000_00,
            "ballot_rule": "approval", "min_projects": 1, "max_projects": 0, "threshold_percent": 0}
    assert client.post("/admin/budgets/category/add/", data).status_code == 302
    assert AuditEvent.objects.filter(action="budgets.category.saved").exists()
    refused = client.post("/admin/budgets/category/add/", {**data, "threshold_percent": 20})
    assert refused.status_code == 200 and Category.objects.filter(name="Великі проєкти").count() == 1


def test_the_database_refuses_choices_that_are_not_an_array_of_at_most_200(community):
    cycle, category, _district = _closed_cycle(community)
    for n, wrong in enumerate(({"1": 2}, 5, "1,2", list(range(201)))):
        with pytest.raises(IntegrityError), transaction.atomic():
            Ballot.objects.create(community=community, cycle=cycle, category=category, voter_key=f"k{n}",
                                  receipt=f"R{n}", project_ids=wrong)
    assert not Ballot.objects.exists()


def test_a_project_reviewed_during_voting_leaves_the_ballot_at_once(community):
    cycle, fund, projects = f.election(community)
    scope = parts.scope_key(fund)
    voting.ballot_cast(actor=f.voter(community), community=community, cycle=cycle, scope=scope,
                       project_ids=[projects[0].pk])  # the fund is now cached in this process
    services.review_record(actor=SYSTEM, community=community, project_id=projects[0].pk, decision="not_feasible",
                           reason="Ділянка не належить громаді.")
    with pytest.raises(ValidationFailed) as refused, translation.override("en"):
        voting.ballot_cast(actor=f.voter(community), community=community, cycle=cycle, scope=scope,
                           project_ids=[projects[0].pk])
    assert refused.value.fields["projects"] == [f"Not on this ballot: project {projects[0].pk}."]
    assert Ballot.objects.count() == 1
