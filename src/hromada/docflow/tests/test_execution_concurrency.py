"""Two approvers acting at once: the same step moves once (the other gets a Conflict), and two parallel approvers of
a stage both count with the next stage opened exactly once. Threads with their own connections, on the SQLite
file of the test settings and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import pytest

from hromada.core.errors import Conflict
from hromada.docflow import services
from hromada.docflow.models import ApprovalStep, RouteState, StepState

from . import execution_factories as x
from .test_concurrency import _at_once

pytestmark = pytest.mark.django_db(transaction=True)


def _route(community, stages_of):
    o = x.office(community)
    card = x.incoming(o)
    x.resolve(o, card)
    return o, x.route(o, x.answer(o, card), stages=stages_of(o))


def test_the_same_step_is_moved_by_one_of_two_simultaneous_decisions(community):
    o, route = _route(community, lambda o: [[o.approvers[0].pk], [o.approvers[1].pk]])
    step = route.steps.get(approver=o.approvers[0])
    decisions = [{"decision": "approve"}, {"decision": "return", "comment": "Ні"}]
    results = _at_once(2, lambda n: services.step_decide(actor=o.approvers[0], community=community,
                                                         step_id=step.pk, **decisions[n]))
    assert sum(isinstance(r, ApprovalStep) for r in results) == 1
    assert sum(isinstance(r, Conflict) for r in results) == 1, results
    step.refresh_from_db()
    route.refresh_from_db()
    winner = next(r for r in results if isinstance(r, ApprovalStep))
    assert step.state == winner.state
    second = route.steps.get(approver=o.approvers[1])
    if step.state == StepState.APPROVED:
        assert route.state == RouteState.IN_APPROVAL and second.state == StepState.PENDING
    else:
        assert route.state == RouteState.RETURNED and second.state == StepState.CANCELLED


def test_parallel_approvers_deciding_at_once_both_count_and_the_next_stage_opens_once(community):
    o, route = _route(community, lambda o: [[o.approvers[0].pk, o.approvers[1].pk], [o.approvers[2].pk]])
    steps = [route.steps.get(approver=a) for a in o.approvers[:2]]
    results = _at_once(2, lambda n: services.step_decide(actor=o.approvers[n], community=community,
                                                         step_id=steps[n].pk, decision="approve"))
    assert all(isinstance(r, ApprovalStep) for r in results), results
    route.refresh_from_db()
    assert route.stage == 1 and route.state == RouteState.IN_APPROVAL
    assert list(route.steps.filter(stage=1).values_list("state", flat=True)) == [StepState.PENDING]
