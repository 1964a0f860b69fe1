"""A cycle whose voting is over, built through the services, for the results tests and the staff journeys: a
category of 100 000 UAH with three projects and a district of 20 000 UAH with two, four ballots in the category and
three in the district (written directly: the booth's own tests cover casting)."""

from __future__ import annotations

from hromada.budgets import services
from hromada.budgets.models import Ballot, District
from hromada.core.identity.actors import SYSTEM

from . import factories as f


def ballot(cycle, fund, voter: str, *projects) -> None:
    scope = {"district": fund} if isinstance(fund, District) else {"category": fund}
    Ballot.objects.create(community=cycle.community, cycle=cycle, voter_key=voter, receipt=f"r-{voter}",
                          project_ids=sorted(p.pk for p in projects), **scope)


def finished_cycle(community):
    """(cycle, category, district, {title: project}); greedy: Стадіон (4 votes) and Бібліотека (1) win the category,
    Сквер (3) no longer fits; in the district Лавки and Ліхтарі tie at 2 votes and the cheaper Лавки wins."""
    cycle, category = f.cycle(community, phase="review")
    district = services.fund_save(actor=SYSTEM, community=community, cycle_id=cycle.pk, kind="district",
                                  name="Центр", fund=20_000 * f.UAH)
    a = f.proposal(community, cycle, category, title="Сквер", cost_lines=f.lines(30_000))  # 60 000
    b = f.proposal(community, cycle, category, title="Стадіон", cost_lines=f.lines(25_000))  # 50 000
    c = f.proposal(community, cycle, category, title="Бібліотека", cost_lines=f.lines(15_000))  # 30 000
    d, e = (services.project_submit(actor=SYSTEM, community=community, project_id=services.project_create(
        actor=SYSTEM, community=community, cycle_id=cycle.pk, title=title, description="Що, де і навіщо.",
        district_id=district.pk, cost_lines=f.lines(price)).pk)
        for title, price in (("Лавки", 5_000), ("Ліхтарі", 6_000)))  # 10 000 and 12 000
    for project in (a, b, c, d, e):
        services.review_record(actor=SYSTEM, community=community, project_id=project.pk, decision="feasible")
    for n in range(3):
        ballot(cycle, category, f"v{n}", a, b)
    ballot(cycle, category, "v3", b, c)
    ballot(cycle, district, "w0", d, e)
    ballot(cycle, district, "w1", e)
    ballot(cycle, district, "w2", d)
    services.cycle_update(actor=SYSTEM, community=community, cycle_id=cycle.pk, schedule=f.schedule("results"))
    return cycle, category, district, {p.title: p for p in (a, b, c, d, e)}
