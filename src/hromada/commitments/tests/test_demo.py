"""The demo: an action plan with two monitoring rounds (the first closed with every report and assessment, the
second open with late reports in the queue), written through the services into a demo community."""

from __future__ import annotations

from hromada.commitments import demo, selectors
from hromada.commitments.models import Assessment, BodyReport, MonitoringRound, Plan, PlanKind, RoundState
from hromada.demo.people import create_demo_community, demo_people


def test_the_demo_plan_has_two_rounds_with_reports_and_assessments(db):
    community, _people = create_demo_community(slug="demo-commitments", residents=6)
    demo.load(community, size="small")
    plan = Plan.objects.get(community=community, kind=PlanKind.ACTION_PLAN)
    rounds = list(MonitoringRound.objects.filter(plan=plan).order_by("number"))
    assert [(r.number, r.state) for r in rounds] == [(1, RoundState.CLOSED), (2, RoundState.OPEN)]
    assert BodyReport.objects.filter(round=rounds[0]).count() == plan.commitments.count() == 5
    assert Assessment.objects.filter(round=rounds[1]).count() == BodyReport.objects.filter(round=rounds[1]).count()
    assert not BodyReport.objects.filter(round__plan=plan, late=True).exists()  # filed before the due dates
    admin = demo_people(community).admin
    assert len(selectors.late_reports(actor=admin, community=community)) == 1  # one of five still missing
