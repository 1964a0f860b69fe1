"""The executive-discipline dashboard's figures, grouped by id over its covering indexes (docs/performance.md), are
the plain counts of the resolutions: per department (one without a department included), per official and in
total, in the order of the names."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from hromada.docflow import selectors_execution
from hromada.docflow.models import Resolution

from . import execution_factories as x

pytestmark = pytest.mark.django_db


def _plain(rows, today) -> dict:
    done = [r for r in rows if r.state == "done"]
    active = [r for r in rows if r.state == "active"]
    days = [r.days_taken for r in done if r.days_taken is not None]
    return {"total": len(rows), "done_on_time": sum(1 for r in done if r.on_time is True),
            "done_late": sum(1 for r in done if r.on_time is False),
            "in_work": sum(1 for r in active if r.deadline >= today),
            "overdue_now": sum(1 for r in active if r.deadline < today),
            "average_days": sum(days) / len(days) if days else None}


def test_the_dashboard_counts_what_a_plain_count_gives(community):
    o = x.office(community)
    executors = [o.executor, o.co_executor, o.dept_head]
    made = [x.resolve(o, x.incoming(o), executor=executors[n % 3]) for n in range(9)]
    today = timezone.localdate()
    for n, res in enumerate(made):  # done on time, done late, active overdue, active in work, one cancelled
        Resolution.objects.filter(pk=res.pk).update(
            state=("done", "done", "active", "active", "cancelled")[n % 5], on_time=(n % 5 == 0) if n % 5 < 2 else None,
            days_taken=(n + 1) if n % 5 < 2 else None, deadline=today + timedelta(days=(-2 if n % 5 == 2 else 3)),
            department=None if n == 4 else o.dept)
    Resolution.objects.filter(pk=made[1].pk).update(department=None)
    data = selectors_execution.dashboard(community, selectors_execution.Period())
    counted = list(Resolution.objects.filter(community=community).exclude(state="cancelled"))

    assert data["totals"] == _plain(counted, today)
    by_department = {d["department_id"]: d for d in data["departments"]}
    assert set(by_department) == {o.dept.pk, None}
    for key, row in by_department.items():
        mine = [r for r in counted if r.department_id == key]
        assert {k: row[k] for k in _plain(mine, today)} == _plain(mine, today)
    assert by_department[o.dept.pk]["department__name"] == "Відділ освіти"
    assert by_department[None]["department__name"] is None
    people = data["people"]
    in_name_order = (Resolution.objects.filter(community=community).exclude(state="cancelled")
                     .order_by("main_executor__full_name", "main_executor_id").values_list("main_executor_id", flat=True))
    assert [p["main_executor_id"] for p in people] == list(dict.fromkeys(in_name_order))
    for person in people:
        mine = [r for r in counted if r.main_executor_id == person["main_executor_id"]]
        assert {k: person[k] for k in _plain(mine, today)} == _plain(mine, today)
        user = mine[0].main_executor
        assert (person["main_executor__full_name"], person["main_executor__email"]) == (user.full_name, user.email)
    assert list(people[0]) == ["main_executor_id", "main_executor__full_name", "main_executor__email", "total",
                               "done_on_time", "done_late", "in_work", "overdue_now", "average_days"]
