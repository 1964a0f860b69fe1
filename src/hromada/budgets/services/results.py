"""Publishing a cycle's results: the tally of every fund (counting.py) written onto the projects (winners selected,
their implementation planned) and the per-fund summary kept on the cycle."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, ValidationFailed
from hromada.core.identity.guard import require, service

from .. import policies, tally
from ..counting import cycle_elections
from ..lookups import current_phase, own_cycle
from ..manifest import IMPLEMENTATION, PROPOSAL, REVIEW, VOTING
from ..models import Cycle, ImplementationStatus, Project
from ..models.projects import ON_BALLOT_STATUSES, Status


@service
def results_publish(*, actor, community, cycle_id: int) -> Cycle:
    """After voting: tally, mark winners selected (their implementation planned) and the rest not selected, and keep
    the per-fund summary on the cycle. Publishing again recomputes from the same ballots (late paper ballots)."""
    require(policies.can_manage_cycles(actor, community), _("Only the community's admins publish results."))
    with transaction.atomic():
        cycle = own_cycle(community, cycle_id, lock=True)
        if current_phase(cycle) in (PROPOSAL, REVIEW, VOTING):
            raise Conflict(_("Results are published after the voting ends."), code="wrong_phase")
        elections, names = cycle_elections(cycle)
        try:
            outcomes = tally.tally_funds(elections, "mes" if cycle.tally_rule == "mes" else "greedy")
        except tally.TallyError as exc:
            raise ValidationFailed(fields={exc.field: [exc.reason]}) from exc
        winners: set[int] = set()
        votes: dict[int, int] = {}
        summary = {}
        for key, outcome in outcomes.items():
            winners.update(outcome.selected)
            votes.update(outcome.votes)
            summary[key] = {"name": names[key], "budget": outcome.budget, "rule": outcome.rule,
                            "ballots": len(elections[key].ballots), "selected": list(outcome.selected),
                            "spent": outcome.spent, "tie_breaking": outcome.tie_breaking}
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
        cycle.results, cycle.results_published_at = summary, timezone.now()
        cycle.save(update_fields=["results", "results_published_at"])
        audit_record(actor=actor, community=community, action="budgets.cycle.results_published", target=cycle,
                     data={"winners": sorted(winners), "rule": cycle.tally_rule})
    return cycle
