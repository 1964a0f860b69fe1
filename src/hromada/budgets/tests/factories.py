"""Objects the budget tests build through the services: a cycle in a given phase with its funds, and proposals."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hromada.budgets import services
from hromada.core.identity.actors import SYSTEM

UAH = 100


def schedule(current: str = "proposal") -> list[dict]:
    """The five phases, ten days each, with `current` open now (or all past with "done")."""
    keys = ["proposal", "review", "voting", "results", "implementation"]
    index = keys.index(current) if current in keys else len(keys)
    now = timezone.now()
    start = now - timedelta(days=10 * index + 5)
    return [{"key": key, "starts_at": (start + timedelta(days=10 * n)).isoformat(),
             "ends_at": (start + timedelta(days=10 * n + 10)).isoformat()} for n, key in enumerate(keys)]


def cycle(community, *, phase: str = "proposal", title: str = "Бюджет участі", **extra):
    made = services.cycle_create(actor=SYSTEM, community=community, title=title, year=2026,
                                 schedule=schedule(phase), **extra)
    category = services.fund_save(actor=SYSTEM, community=community, cycle_id=made.pk, kind="category",
                                  name="Малі проєкти", fund=100_000 * UAH)
    return made, category


def lines(*prices_uah: int) -> list[dict]:
    return [{"item": f"Позиція {n}", "quantity": 2, "unit_price": price * UAH} for n, price in enumerate(prices_uah)]


def proposal(community, cycle_, fund, *, actor=SYSTEM, title="Лавки у сквері", submit=True, **extra):
    project = services.project_create(actor=actor, community=community, cycle_id=cycle_.pk, title=title,
                                      description="Що, де і навіщо.", category_id=fund.pk,
                                      cost_lines=extra.pop("cost_lines", lines(1000, 500)), **extra)
    if submit:
        project = services.project_submit(actor=actor, community=community, project_id=project.pk)
    return project
