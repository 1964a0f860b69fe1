"""Objects the voting tests build: a cycle in its voting phase with funds and feasible projects, voters of each kind,
and school codes (issued here the way the school's list holds them: the plain code, kept only as its keyed hash)."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import make_member, make_user
from django.utils import timezone

from hromada.budgets import ballots as parts
from hromada.budgets.models import (
    BallotRule,
    Category,
    Cycle,
    CycleKind,
    District,
    Eligibility,
    Project,
    SchoolCode,
    SchoolCodeBatch,
    Status,
)
from hromada.core.identity.models import IdentityLevel, Membership, Role
from hromada.core.identity.services import identity_verify

UAH = 100  # kopiyky


def schedule(voting_from_days: float = -1, voting_days: float = 10) -> list[dict]:
    now = timezone.now()
    start = now + timedelta(days=voting_from_days)
    return [{"key": "voting", "starts_at": start.isoformat(), "ends_at": (start + timedelta(days=voting_days)).isoformat(),
             "settings": {}}]


def cycle(community, *, eligibility=Eligibility.RESIDENT, kind=CycleKind.PUBLIC, min_age=0, title="Бюджет участі",
          open_=True, **extra) -> Cycle:
    return Cycle.objects.create(community=community, title=title, year=2026, kind=kind, eligibility=eligibility,
                                min_age=min_age, schedule=schedule() if open_ else schedule(-30), **extra)


def category(cycle_, *, name="Малі проєкти", fund=1_000_000 * UAH, rule=BallotRule.APPROVAL, min_projects=1,
             max_projects=0, threshold_percent=0) -> Category:
    return Category.objects.create(community=cycle_.community, cycle=cycle_, name=name, fund=fund, ballot_rule=rule,
                                   min_projects=min_projects, max_projects=max_projects,
                                   threshold_percent=threshold_percent)


def district(cycle_, *, name="Школа № 1", fund=100_000 * UAH, rule=BallotRule.KNAPSACK, **kwargs) -> District:
    return District.objects.create(community=cycle_.community, cycle=cycle_, name=name, fund=fund, ballot_rule=rule,
                                   **kwargs)


def projects(fund, *costs_uah: int, status=Status.FEASIBLE) -> list[Project]:
    scope = {"district": fund} if isinstance(fund, District) else {"category": fund}
    return [Project.objects.create(community=fund.community, cycle=fund.cycle, title=f"Проєкт {n + 1}",
                                   description="Опис", status=status, cost=cost * UAH, **scope)
            for n, cost in enumerate(costs_uah)]


def election(community, *, max_projects=0, min_age=0) -> tuple[Cycle, Category, list[Project]]:
    """A cycle in voting with one knapsack fund of UAH 300,000 and projects of 100,000, 150,000 and 200,000."""
    cycle_ = cycle(community, min_age=min_age)
    fund = category(cycle_, fund=300_000 * UAH, rule=BallotRule.KNAPSACK, max_projects=max_projects)
    return cycle_, fund, projects(fund, 100_000, 150_000, 200_000)


def ids(items) -> list[int]:
    return [p.pk for p in items]


def voter(community, *, strong=True, birth_date: date | None = date(1990, 5, 17), tax_number=None):
    """A member with a verified identity (strong unless told) whose birth date the provider gave."""
    user = make_user()
    Membership.objects.create(community=community, user=user, role=Role.RESIDENT)
    identity_verify(actor=user, user=user, provider="test", subject=tax_number or f"{user.pk:010d}",
                    verified_name=user.full_name, birth_date=birth_date,
                    level=IdentityLevel.STRONG if strong else IdentityLevel.EMAIL)
    return user


def staff(community):
    return make_member(community, Role.MODERATOR)


def school_codes(district_, n: int, *, label="5-А") -> list[str]:
    batch = SchoolCodeBatch.objects.create(community=district_.community, cycle=district_.cycle, district=district_,
                                           label=label, size=n)
    codes = [parts.random_code() for _ in range(n)]
    SchoolCode.objects.bulk_create([SchoolCode(community=district_.community, batch=batch, cycle=district_.cycle,
                                               code_hash=parts.school_code_hash(district_.cycle_id, c)) for c in codes])
    return codes
