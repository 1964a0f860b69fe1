"""Demo data of Participatory budget: a finished cycle with published results and winners being built, a cycle in
its voting phase, and a school budget with its schools (part 2 adds the ballots). Written as SYSTEM through the
services, in the community's language (community data, not interface text)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone

from hromada.core.identity.actors import SYSTEM

from . import services
from .manifest import IMPLEMENTATION, PROPOSAL, RESULTS, REVIEW, VOTING
from .models import Ballot

SIZES = {"small": 3, "medium": 8, "large": 20}
UAH = 100
PLACES = ["сквер біля школи № 3", "вул. Руська, 12", "парк Топільче", "бульвар Шевченка", "майдан Волі"]
IDEAS = [("Лавки та урни у сквері", "Бетонна лавка", 4, 3_500), ("Дитячий майданчик", "Гойдалка", 2, 28_000),
         ("Велопарковки біля ЦНАП", "Велостійка", 10, 2_400), ("Освітлення доріжки", "Ліхтар", 12, 9_800),
         ("Спортивний майданчик", "Тренажер", 6, 31_000), ("Сад на подвір'ї", "Саджанець", 40, 450)]


def _schedule(offsets: list[tuple[str, int, int]]) -> list[dict]:
    now = timezone.now()
    return [{"key": key, "starts_at": (now + timedelta(days=a)).isoformat(),
             "ends_at": (now + timedelta(days=b)).isoformat()} for key, a, b in offsets]


def _project(community, cycle, n: int, *, fund: dict, lat: float, lon: float):
    title, item, quantity, price = IDEAS[n % len(IDEAS)]
    project = services.project_create(
        actor=SYSTEM, community=community, cycle_id=cycle.pk, title=f"{title} ({n + 1})",
        summary=f"{title} для мешканців.", description=f"{title}: що зробити, де і навіщо. Місце: {PLACES[n % 5]}.",
        cost_lines=[{"item": item, "quantity": quantity, "unit_price": price * UAH},
                    {"item": "Монтаж", "quantity": 1, "unit_price": 15_000 * UAH}],
        address=PLACES[n % len(PLACES)], lat=lat + 0.004 * (n % 5), lon=lon + 0.006 * (n % 4), **fund)
    services.project_submit(actor=SYSTEM, community=community, project_id=project.pk)
    return project


def _review(community, project, n: int) -> None:
    if n % 5 == 4:
        services.review_record(actor=SYSTEM, community=community, project_id=project.pk, decision="not_feasible",
                               reason="Ділянка не належить громаді.")
    elif n % 3 == 2:
        services.review_record(actor=SYSTEM, community=community, project_id=project.pk, decision="cost_corrected",
                               reason="Уточнено кошторис за цінами постачальників.",
                               corrected_cost=project.cost - 5_000 * UAH)
    else:
        services.review_record(actor=SYSTEM, community=community, project_id=project.pk, decision="feasible")


def _past_ballots(community, cycle, *, voters: int) -> None:
    """Last year's ballots, loaded as an archive would be (its voting phase is long closed, so the booth cannot cast
    them): anonymous keys, each voter approving a few feasible projects of each category; half as many in each
    district (a district's residents only)."""
    funds = [(fund, {"category": fund}, voters) for fund in cycle.categories.all()]
    funds += [(fund, {"district": fund}, voters // 2) for fund in cycle.districts.all()]
    for fund, scope, count in funds:
        projects = list(fund.projects.filter(status="feasible").order_by("pk"))
        for voter in range(count):
            # Project n skips every (n + 2)-th voter: the counts differ, as real ones do.
            chosen = [p.pk for n, p in enumerate(projects) if (voter + n) % (n + 2) != 0][:3]
            if not chosen:  # a ballot holds at least one project
                continue
            Ballot.objects.create(community=community, cycle=cycle, voter_key=f"demo-{voter}",
                                  receipt=secrets.token_hex(8), channel="online", project_ids=sorted(chosen), **scope)


def load(community, *, size: str = "small") -> None:
    count = SIZES.get(size, SIZES["small"])
    lat, lon = community.center_lat or 49.55, community.center_lon or 25.59
    year = timezone.now().year
    finished = services.cycle_create(
        actor=SYSTEM, community=community, title=f"Бюджет участі {year - 1}", year=year - 1, tally_rule="mes",
        description="Мешканці запропонували, перевірили та обрали проєкти; переможці будуються.",
        schedule=_schedule([(PROPOSAL, -300, -250), (REVIEW, -250, -200), (VOTING, -200, -180),
                            (RESULTS, -180, -170), (IMPLEMENTATION, -170, 200)]))
    large = services.fund_save(actor=SYSTEM, community=community, cycle_id=finished.pk, kind="category",
                               name="Великі проєкти", fund=400_000 * UAH, ballot_rule="approval", max_projects=3)
    small = services.fund_save(actor=SYSTEM, community=community, cycle_id=finished.pk, kind="category",
                               name="Малі проєкти", fund=150_000 * UAH, ballot_rule="approval", max_projects=5,
                               order=1)
    old_town = services.fund_save(actor=SYSTEM, community=community, cycle_id=finished.pk, kind="district",
                                  name="Старе місто", fund=150_000 * UAH, ballot_rule="knapsack")
    for n in range(count * 2):
        project = _project(community, finished, n, fund={"category_id": (large if n % 2 else small).pk},
                           lat=lat, lon=lon)
        _review(community, project, n)
    for n in range(count):
        _review(community, _project(community, finished, n + 2, fund={"district_id": old_town.pk}, lat=lat,
                                    lon=lon), 0)
    _past_ballots(community, finished, voters=12 * count)
    services.results_publish(actor=SYSTEM, community=community, cycle_id=finished.pk)
    for n, project in enumerate(finished.projects.filter(status="selected").order_by("pk")):
        services.milestone_save(actor=SYSTEM, community=community, project_id=project.pk, title="Закупівля",
                                done_on=timezone.localdate() - timedelta(days=60))
        services.milestone_save(actor=SYSTEM, community=community, project_id=project.pk, title="Монтаж", order=1,
                                due_on=timezone.localdate() + timedelta(days=30 + n))
        services.implementation_update(actor=SYSTEM, community=community, project_id=project.pk,
                                       text="Укладено договір, матеріали закуплено, роботи тривають.",
                                       status="in_progress", progress=min(30 + 20 * n, 100),
                                       spent=project.ballot_cost // 2)
    voting = services.cycle_create(
        actor=SYSTEM, community=community, title=f"Бюджет участі {year}", year=year, min_age=16,
        eligibility="strong_resident",
        schedule=_schedule([(PROPOSAL, -90, -60), (REVIEW, -60, -10), (VOTING, -10, 20), (RESULTS, 20, 30)]))
    city = services.fund_save(actor=SYSTEM, community=community, cycle_id=voting.pk, kind="category",
                              name="Загальноміські проєкти", fund=500_000 * UAH, ballot_rule="knapsack")
    centre = services.fund_save(actor=SYSTEM, community=community, cycle_id=voting.pk, kind="district",
                                name="Центр", fund=200_000 * UAH, ballot_rule="threshold", threshold_percent=50)
    for n in range(count * 2):
        fund = {"district_id": centre.pk} if n % 3 == 0 else {"category_id": city.pk}
        _review(community, _project(community, voting, n, fund=fund, lat=lat, lon=lon), n)
    school = services.cycle_create(
        actor=SYSTEM, community=community, title=f"Шкільний бюджет {year}", year=year, kind="school",
        eligibility="school_code",
        schedule=_schedule([(PROPOSAL, -60, -30), (REVIEW, -30, -5), (VOTING, -5, 10), (RESULTS, 10, 20)]))
    for number in (3, 17):
        place = services.fund_save(actor=SYSTEM, community=community, cycle_id=school.pk, kind="district",
                                   name=f"Школа № {number}", fund=50_000 * UAH, ballot_rule="approval",
                                   max_projects=2)
        for n in range(count):
            _review(community, _project(community, school, n, fund={"district_id": place.pk}, lat=lat, lon=lon), 0)
    # Voting's part: ballots through the booth's service, a paper ballot awaiting its check, school codes.
    from .demo_voting import load_ballots

    load_ballots(community, voting_cycle=voting, school_cycle=school, voters=10 * count)
