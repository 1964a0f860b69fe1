"""Background work of Commitments: the periodic housekeeping that opens every monitoring round whose period has
ended and reminds the bodies whose reports are late (each through its service, as the platform)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from hromada.core.errors import Conflict
from hromada.core.identity.actors import SYSTEM

from .models import MonitoringRound, RoundState
from .selectors import plans_with_a_round_due, today


@task()
def commitments_housekeeping() -> dict:
    from .services import round_open, round_remind_late

    now = timezone.now()
    opened = reminded = 0
    # A plan several periods behind (a new plan dated in the past) catches up one round per pass of the loop.
    for _pass in range(24):
        due = [(plan, number) for plan, number in plans_with_a_round_due(now)
               if plan.community.capability_enabled("commitments")]
        if not due:
            break
        for plan, _number in due:
            try:
                round_open(actor=SYSTEM, community=plan.community, plan_id=plan.pk, now=now)
                opened += 1
            except Conflict:
                continue  # another worker opened it at the same moment
    late = (MonitoringRound.objects.filter(state=RoundState.OPEN, due_on__lt=today(now))
            .select_related("community").order_by("pk"))
    for found in late:
        if not found.community.capability_enabled("commitments"):
            continue
        reminded += round_remind_late(actor=SYSTEM, community=found.community, round_id=found.pk, now=now)
    return {"opened": opened, "reminded": reminded}
