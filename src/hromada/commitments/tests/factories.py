"""Objects the commitment tests build through the services: a plan started `months_ago` with commitments of a
department, and people in the monitoring body."""

from __future__ import annotations

from datetime import date, timedelta

from conftest import make_user

from hromada.commitments import services
from hromada.commitments.selectors import add_months, today
from hromada.core.identity.actors import SYSTEM


def plan(community, *, months_ago: int = 0, start: date | None = None, months: int = 6, public: bool = True,
         title: str = "План дій ОГП"):
    start = start or add_months(today().replace(day=1), -months_ago)
    return services.plan_create(actor=SYSTEM, community=community, title=title, period_start=start,
                                period_end=add_months(start, 24) - timedelta(days=1), monitoring_months=months,
                                is_public=public)


def commitment(community, plan_, department, *, title: str = "Відкриті дані про закупівлі", **extra):
    return services.commitment_create(actor=SYSTEM, community=community, plan_id=plan_.pk, title=title,
                                      department_ids=[department.pk], officials="секретар ради", **extra)


def monitor(community, organisation: str = "ГО «Прозора громада»"):
    person = make_user()
    services.monitor_appoint(actor=SYSTEM, community=community, user_id=person.pk, organisation=organisation)
    return person
