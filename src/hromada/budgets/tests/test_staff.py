"""Staff running a cycle without the shell, and residents reading its results: the cycle and fund services' rules
(phases in order, money above zero, consistent ballot rules, money and rules fixed once voting begins), publishing
results (409 before voting ends, idempotent, frozen votes per project), the staff pages, the results page with its
bars and Pabulib files (query count pinned), the admins' API, permissions and another community's cycle."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import make_member
from django.utils import timezone

from hromada.budgets import services
from hromada.budgets.models import Category, Cycle, District, Project, Status
from hromada.budgets.tally import pabulib
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Role

from . import factories as f
from . import results_factories as rf
from .test_pages import client_for, url

pytestmark = pytest.mark.django_db
UAH = f.UAH


_ballot = rf.ballot


@pytest.fixture
def finished(community):
    return rf.finished_cycle(community)


# ---- services ---------------------------------------------------------------------------------------------------

def test_phases_must_follow_the_manifests_order(community, community_admin):
    now = timezone.now()
    swapped = [{"key": "voting", "starts_at": now.isoformat(), "ends_at": (now + timedelta(days=5)).isoformat()},
               {"key": "proposal", "starts_at": (now + timedelta(days=6)).isoformat(),
                "ends_at": (now + timedelta(days=9)).isoformat()}]
    with pytest.raises(ValidationFailed) as exc:
        services.cycle_create(actor=community_admin, community=community, title="Бюджет", year=2026,
                              schedule=swapped)
    assert "schedule.proposal.starts_at" in exc.value.fields and not Cycle.objects.exists()
    with pytest.raises(PermissionDenied):
        services.cycle_create(actor=make_member(community, Role.MODERATOR), community=community, title="Бюджет",
                              year=2026)


def test_fund_rules_are_consistent_and_money_above_zero(community, community_admin):
    cycle, category = f.cycle(community)
    save = dict(actor=community_admin, community=community, cycle_id=cycle.pk, kind="category")
    with pytest.raises(ValidationFailed) as exc:
        services.fund_save(**save, name="Нуль", fund=0)
    assert "fund" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        services.fund_save(**save, name="Поріг", fund=100, ballot_rule="approval", threshold_percent=20)
    assert "threshold_percent" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        services.fund_save(**save, name="Мін", fund=100, min_projects=5, max_projects=2)
    assert "min_projects" in exc.value.fields
    with pytest.raises(ValidationFailed) as exc:
        services.fund_save(**save, name="Х", fund=100, colour="red")
    assert "colour" in exc.value.fields
    with pytest.raises(NotFound):
        services.fund_save(**save, fund_id=category.pk + 999, name="Х")
    changed = services.fund_save(**save, fund_id=category.pk, max_projects=3)  # only what is sent changes
    assert (changed.name, changed.fund, changed.max_projects) == ("Малі проєкти", 100_000 * UAH, 3)
    assert Category.objects.filter(cycle=cycle).count() == 1


def test_money_and_rule_stay_fixed_once_voting_begins(community, finished):
    cycle, category, _district, _projects = finished
    save = dict(actor=SYSTEM, community=community, cycle_id=cycle.pk, kind="category", fund_id=category.pk)
    with pytest.raises(Conflict) as exc:
        services.fund_save(**save, fund=1)
    assert exc.value.code == "voting_begun"
    assert services.fund_save(**save, name="Загальноміські").name == "Загальноміські"  # a name may change
    category.refresh_from_db()
    assert category.fund == 100_000 * UAH


def test_results_wait_for_voting_then_publish_once(community):
    cycle, _category = f.cycle(community, phase="voting")
    with pytest.raises(Conflict) as exc:
        services.results_publish(actor=SYSTEM, community=community, cycle_id=cycle.pk)
    assert exc.value.code == "voting_not_over"
    unscheduled = services.cycle_create(actor=SYSTEM, community=community, title="Без фаз", year=2026)
    with pytest.raises(Conflict):
        services.results_publish(actor=SYSTEM, community=community, cycle_id=unscheduled.pk)


def test_publishing_freezes_votes_and_is_idempotent(community, finished):
    cycle, category, district, projects = finished
    first = services.results_publish(actor=SYSTEM, community=community, cycle_id=cycle.pk)
    frozen = first.results[f"c{category.pk}"]
    assert frozen["votes"] == {str(projects["Сквер"].pk): 3, str(projects["Стадіон"].pk): 4,
                               str(projects["Бібліотека"].pk): 1}
    assert frozen["tie_breaking"] and frozen["rule"] == "greedy"
    # District: 20 000; Лавки 10 000 (2 votes), Ліхтарі 12 000 (2 votes): equal votes, the lower cost wins.
    assert first.results[f"d{district.pk}"]["selected"] == [projects["Лавки"].pk]
    published_at = first.results_published_at
    again = services.results_publish(actor=SYSTEM, community=community, cycle_id=cycle.pk)
    assert again.results_published_at == published_at
    assert AuditEvent.objects.filter(action="budgets.cycle.results_published").count() == 1
    _ballot(cycle, category, "late", projects["Бібліотека"])  # a late paper ballot, checked since
    services.results_publish(actor=SYSTEM, community=community, cycle_id=cycle.pk)
    records = AuditEvent.objects.filter(action="budgets.cycle.results_published").order_by("pk")
    assert records.count() == 2 and records.last().data["republished"] is True
    library = Project.objects.get(pk=projects["Бібліотека"].pk)
    assert library.votes == 2 and library.status == Status.SELECTED and library.implementation_status == "planned"


def test_the_tally_rule_is_fixed_once_results_are_published(community, finished):
    cycle = finished[0]
    services.results_publish(actor=SYSTEM, community=community, cycle_id=cycle.pk)
    with pytest.raises(Conflict) as refused:
        services.cycle_update(actor=SYSTEM, community=community, cycle_id=cycle.pk, tally_rule="mes")
    assert refused.value.code == "results_published"
    assert Cycle.objects.get(pk=cycle.pk).tally_rule == "greedy"
    changed = services.cycle_update(actor=SYSTEM, community=community, cycle_id=cycle.pk, title="Бюджет 2025",
                                    tally_rule="greedy")
    assert changed.title == "Бюджет 2025"


# ---- pages ------------------------------------------------------------------------------------------------------

def test_an_admin_creates_a_cycle_and_its_funds_on_the_pages(community, community_admin):
    client = client_for(community_admin)
    assert client.get(url(community, "manage/cycles/new/")).status_code == 200
    form = {"title": "Бюджет участі 2027", "year": "2027", "kind": "public", "eligibility": "strong_resident",
            "min_age": "16", "tally_rule": "mes", "supporters_required": "10",
            "proposal_starts_at": "2027-02-01T09:00", "proposal_ends_at": "2027-03-01T18:00",
            "voting_starts_at": "2027-05-01T09:00", "voting_ends_at": "2027-04-20T18:00"}
    bad = client.post(url(community, "manage/cycles/new/"), form)
    assert bad.status_code == 400 and "voting_ends_at" in bad.context["form"].errors
    assert not Cycle.objects.exists()
    form["voting_ends_at"] = "2027-05-20T18:00"
    made = client.post(url(community, "manage/cycles/new/"), form)
    cycle = Cycle.objects.get()
    assert made.status_code == 302 and made["Location"].endswith(f"manage/cycles/{cycle.pk}/")
    assert [w["key"] for w in cycle.schedule] == ["proposal", "voting"] and cycle.min_age == 16
    assert cycle.schedule[0]["starts_at"].startswith("2027-02-01T09:00:00+02:00")  # Kyiv time
    fund = {"name": "Великі проєкти", "fund": "250000.50", "ballot_rule": "threshold", "min_projects": "1",
            "max_projects": "0", "threshold_percent": "0", "order": "0"}
    bad = client.post(url(community, f"manage/cycles/{cycle.pk}/category/new/"), fund)
    assert bad.status_code == 400 and "threshold_percent" in bad.context["form"].errors
    fund["threshold_percent"] = "50"
    assert client.post(url(community, f"manage/cycles/{cycle.pk}/category/new/"), fund).status_code == 302
    category = Category.objects.get(cycle=cycle)
    assert category.fund == 25_000_050 and category.threshold_percent == 50
    page = client.get(url(community, f"manage/cycles/{cycle.pk}/")).content.decode()
    assert "Великі проєкти" in page and "250\u00a0000,50\u00a0грн" in page
    edit = client.get(url(community, f"manage/cycles/{cycle.pk}/category/{category.pk}/"))
    assert edit.status_code == 200 and 'value="250000.50"' in edit.content.decode()
    form.update(title="Бюджет участі 2027 (зміни)", min_age="14")
    assert client.post(url(community, f"manage/cycles/{cycle.pk}/"), form).status_code == 302
    cycle.refresh_from_db()
    assert cycle.title.endswith("(зміни)") and cycle.min_age == 14
    assert client.get(url(community, f"manage/cycles/{cycle.pk}/nonsense/new/")).status_code == 404


def test_staff_pages_refuse_others_and_hide_other_communities(community, other_community, finished,
                                                              community_admin, moderator, resident):
    cycle, category, _district, _projects = finished
    for user in (resident, moderator):
        client = client_for(user)
        for path in ("manage/cycles/new/", f"manage/cycles/{cycle.pk}/", f"manage/cycles/{cycle.pk}/results/",
                     f"manage/cycles/{cycle.pk}/category/{category.pk}/"):
            assert client.get(url(community, path)).status_code == 403, (user, path)
        assert client.post(url(community, f"manage/cycles/{cycle.pk}/results/")).status_code == 403
    assert client_for().get(url(community, "manage/cycles/new/")).status_code in (302, 403)
    admin_b = make_member(other_community, Role.ADMIN)
    client = client_for(admin_b)
    assert client.get(url(other_community, f"manage/cycles/{cycle.pk}/")).status_code == 404
    assert client.post(url(other_community, f"manage/cycles/{cycle.pk}/results/")).status_code == 404
    assert client.get(url(other_community, f"cycles/{cycle.pk}/results/")).status_code == 404
    assert not Cycle.objects.get(pk=cycle.pk).results_published_at


def test_publishing_on_the_page_and_the_results_page(community, finished, community_admin,
                                                     django_assert_max_num_queries):
    cycle, category, district, projects = finished
    client = client_for(community_admin)
    preview = client.get(url(community, f"manage/cycles/{cycle.pk}/results/")).content.decode()
    assert "Стадіон" in preview and "bar--funded" in preview
    assert Cycle.objects.get(pk=cycle.pk).results_published_at is None  # the preview wrote nothing
    done = client.post(url(community, f"manage/cycles/{cycle.pk}/results/"))
    assert done.status_code == 302 and done["Location"].endswith(f"cycles/{cycle.pk}/results/")
    resident_view = client_for()
    with django_assert_max_num_queries(8):
        page = resident_view.get(url(community, f"cycles/{cycle.pk}/results/"))
    body = page.content.decode()
    assert page.status_code == 200 and '<svg class="bar bar--funded"' in body and 'width="100.0"' in body
    # Projects by votes: Стадіон (4) before Сквер (3) before Бібліотека (1); the district's turnout is shown.
    assert body.index("Стадіон") < body.index("Сквер") < body.index("Бібліотека")
    assert "Центр" in body and f"results/d{district.pk}.pb" in body and "r-v0" not in body
    pb = resident_view.get(url(community, f"cycles/{cycle.pk}/results/c{category.pk}.pb"))
    assert pb.status_code == 200 and "attachment" in pb["Content-Disposition"]
    read = pabulib.read_pb(pb.content.decode())
    assert read.meta["budget"] == "100000" and len(read.election.ballots) == 4
    assert {code for code, columns in read.project_columns.items() if columns.get("selected") == "1"} == {
        str(projects["Стадіон"].pk), str(projects["Бібліотека"].pk)}
    assert resident_view.get(url(community, f"cycles/{cycle.pk}/results/c0.pb")).status_code == 404


def test_results_page_before_publishing_says_so(community):
    cycle, _category = f.cycle(community, phase="voting")
    page = client_for().get(url(community, f"cycles/{cycle.pk}/results/"))
    assert page.status_code == 200 and 'class="empty"' in page.content.decode()
    assert client_for().get(url(community, f"cycles/{cycle.pk}/results/c1.pb")).status_code == 404


# ---- API --------------------------------------------------------------------------------------------------------

def test_admins_run_a_cycle_over_the_api(community, other_community, community_admin, resident, api_client_for):
    api = api_client_for(community, community_admin)
    now = timezone.now()
    phases = [{"key": "proposal", "starts_at": now.isoformat(), "ends_at": (now + timedelta(days=9)).isoformat()}]
    assert api_client_for(community).post("budgets/cycles", {"title": "X", "year": 2026}).status_code == 401
    assert api_client_for(community, resident).post("budgets/cycles", {"title": "X", "year": 2026}).status_code == 403
    bad = api.post("budgets/cycles", {"title": "X", "year": 2026, "kind": "school", "eligibility": "resident"})
    assert bad.status_code == 400 and "eligibility" in bad.json()["error"]["fields"]
    assert api.post("budgets/cycles", {"title": "X", "year": 2026, "colour": 1}).status_code in (400, 422)
    made = api.post("budgets/cycles", {"title": "Бюджет API", "year": 2026, "phases": phases})
    assert made.status_code == 201 and made.json()["phases"][0]["key"] == "proposal"
    cycle_id = made.json()["id"]
    changed = api.patch(f"budgets/cycles/{cycle_id}", {"min_age": 14})
    assert changed.status_code == 200 and changed.json()["min_age"] == 14 and changed.json()["phases"]
    zero = api.post(f"budgets/cycles/{cycle_id}/districts", {"name": "Центр", "fund": 0})
    assert zero.status_code == 400 and "fund" in zero.json()["error"]["fields"]
    fund = api.post(f"budgets/cycles/{cycle_id}/districts", {"name": "Центр", "fund": 5_000_000,
                                                             "ballot_rule": "knapsack"})
    assert fund.status_code == 201 and fund.json()["fund"] == 5_000_000
    patched = api.patch(f"budgets/cycles/{cycle_id}/districts/{fund.json()['id']}", {"max_projects": 2})
    assert patched.status_code == 200 and patched.json()["ballot_rule"] == "knapsack"
    assert api.post(f"budgets/cycles/{cycle_id}/categories", {"name": "Малі", "fund": 100}).status_code == 201
    early = api.post(f"budgets/cycles/{cycle_id}/results")
    assert early.status_code == 409 and early.json()["error"]["code"] == "voting_not_over"
    other = api_client_for(other_community, make_member(other_community, Role.ADMIN))
    assert other.patch(f"budgets/cycles/{cycle_id}", {"min_age": 1}).status_code == 404
    assert other.post(f"budgets/cycles/{cycle_id}/categories", {"name": "Х", "fund": 100}).status_code == 404
    assert District.objects.get().max_projects == 2


def test_results_over_the_api(community, finished, community_admin, api_client_for):
    cycle, category, _district, _projects = finished
    api = api_client_for(community, community_admin)
    first = api.post(f"budgets/cycles/{cycle.pk}/results")
    assert first.status_code == 200 and first.json()["results"][f"c{category.pk}"]["ballots"] == 4
    assert api.post(f"budgets/cycles/{cycle.pk}/results").json() == first.json()
