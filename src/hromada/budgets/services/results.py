"""Publishing a cycle's results: the tally of every fund (selectors.results_summary over counting.py) written onto the
projects (winners selected, their implementation planned) and the per-fund summary frozen on the cycle."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict
from hromada.core.identity.guard import require, service

from .. import policies, selectors
from ..ballots import forget_funds
from ..lookups import current_phase, own_cycle
from ..manifest import IMPLEMENTATION
from ..models import Cycle, ImplementationStatus, Project
from ..models.projects import ON_BALLOT_STATUSES, Status


@service
def results_publish(*, actor, community, cycle_id: int) -> Cycle:
    """After voting: tally every fund by the cycle's rule, mark winners selected (their implementation planned) and
    the rest not selected, and freeze the per-fund summary (budget, rule, tie-breaking, ballots, every project's
    votes, winners) on the cycle. Idempotent: publishing again with the same ballots changes nothing and records
    nothing; with late paper ballots confirmed since, it recomputes, and the audit says it was a republication."""
    require(policies.can_manage_cycles(actor, community), _("Only the community's admins publish results."))
    with transaction.atomic():
        cycle = own_cycle(community, cycle_id, lock=True)
        if not selectors.voting_over(cycle):
            raise Conflict(_("Results are published after the voting ends."), code="voting_not_over")
        summary = selectors.results_summary(cycle)
        winners = {pk for fund in summary.values() for pk in fund["selected"]}
        votes = {int(pk): n for fund in summary.values() for pk, n in fund["votes"].items()}
        if cycle.results_published_at is not None and cycle.results == summary:
            return cycle
        building = current_phase(cycle) == IMPLEMENTATION
        for project in Project.objects.filter(cycle=cycle, status__in=ON_BALLOT_STATUSES).select_for_update():
            project.votes = votes.get(project.pk, 0)
            project.status = Status.SELECTED if project.pk in winners else Status.NOT_SELECTED
            if project.status == Status.SELECTED and not project.implementation_status:
                project.implementation_status = (ImplementationStatus.IN_PROGRESS if building
                                                 else ImplementationStatus.PLANNED)
            elif project.status == Status.NOT_SELECTED:
                project.implementation_status = ""
            project.save(update_fields=["votes", "status", "implementation_status", "updated_at"])
        republished = cycle.results_published_at is not None
        cycle.results, cycle.results_published_at = summary, timezone.now()
        cycle.save(update_fields=["results", "results_published_at"])
        forget_funds()
        audit_record(actor=actor, community=community, action="budgets.cycle.results_published", target=cycle,
                     data={"winners": sorted(winners), "rule": cycle.tally_rule, "republished": republished})
    return cycle
