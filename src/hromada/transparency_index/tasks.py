"""Background work of the transparency self-check: each quarter, the snapshot of the quarter just ended for every
community that uses the self-check (computed once; staff recompute it from their page)."""

from __future__ import annotations

from django_tasks import task

from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.models import Community

from .manifest import transparency_index_settings
from .models import SelfCheck
from .periods import last_full_quarter


@task()
def selfcheck_quarterly() -> dict:
    from .services import selfcheck_compute

    start, end = last_full_quarter()
    done = set(SelfCheck.objects.filter(period_start=start, period_end=end).values_list("community_id", flat=True))
    computed = 0
    for community in Community.objects.filter(is_active=True).exclude(pk__in=done).order_by("pk"):
        if not community.capability_enabled("transparency_index"):
            continue
        if not transparency_index_settings(community).quarterly_snapshot:
            continue
        selfcheck_compute(actor=SYSTEM, community=community, start=start, end=end)
        computed += 1
    return {"computed": computed, "period": [start.isoformat(), end.isoformat()]}
