"""Winning participatory-budget projects become commitments through budgets' public selector (found through the
registry): with budgets enabled they are imported once each; with budgets disabled there is nothing to import and
the plan works alone."""

from __future__ import annotations

from hromada.commitments import selectors, services
from hromada.commitments.models import Commitment, ResponsibleBody
from hromada.core import capabilities
from hromada.core.identity.actors import SYSTEM
from hromada.core.tenancy.selectors import invalidate_community_cache
from hromada.demo.people import create_demo_community

from . import factories as f


def _community_with_winners():
    community, _people = create_demo_community(slug="winners", residents=6)
    capabilities.resolve(capabilities.manifest("budgets").demo_loader)(community, size="small")
    return community


def test_winners_are_imported_once_with_their_department(db):
    community = _community_with_winners()
    winners = selectors.budget_winners(community)
    assert winners, "the budgets demo has winning projects"
    plan = f.plan(community)
    added = services.plan_import_budget_winners(actor=SYSTEM, community=community, plan_id=plan.pk)
    assert added == len(winners) == plan.commitments.count()
    assert services.plan_import_budget_winners(actor=SYSTEM, community=community, plan_id=plan.pk) == 0
    assert set(plan.commitments.values_list("source", flat=True)) == {w.source for w in winners}
    assert ResponsibleBody.objects.filter(commitment__plan=plan).count() == len(winners)


def test_without_budgets_there_is_nothing_to_import_and_the_plan_works(db):
    community = _community_with_winners()
    community.enabled_capabilities = [slug for slug in community.enabled_capabilities if slug != "budgets"]
    community.save(update_fields=["enabled_capabilities"])
    invalidate_community_cache()
    assert selectors.budget_winners(community) == []
    plan = f.plan(community)
    assert services.plan_import_budget_winners(actor=SYSTEM, community=community, plan_id=plan.pk) == 0
    assert not Commitment.objects.filter(plan=plan).exists()
