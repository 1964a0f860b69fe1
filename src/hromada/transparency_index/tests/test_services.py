"""Transparency self-check services: staff compute a period (again replaces it), residents are refused, bad periods
write nothing, hand assessments are validated and counted, another community's rows are not found, all audited."""

from __future__ import annotations

import inspect
from datetime import date, timedelta

import pytest

from hromada.core.audit.models import AuditEvent
from hromada.core.errors import NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.transparency_index import services
from hromada.transparency_index.models import ManualAssessment, SelfCheck
from hromada.transparency_index.periods import last_full_quarter

START, END = last_full_quarter()


def test_compute_stores_a_snapshot_and_recomputing_replaces_it(community, community_admin):
    first = services.selfcheck_compute(actor=community_admin, community=community, start=START, end=END)
    assert first.results and first.computed_by == community_admin
    assert {result["code"] for result in first.results} >= {"manual.declarations"}
    again = services.selfcheck_compute(actor=SYSTEM, community=community, start=START, end=END)
    assert again.pk == first.pk and SelfCheck.objects.count() == 1
    assert list(AuditEvent.objects.filter(action__startswith="transparency_index.").order_by("pk")
                .values_list("action", flat=True)) == ["transparency_index.selfcheck.computed",
                                                       "transparency_index.selfcheck.recomputed"]


def test_residents_may_not_compute_or_assess(community, resident):
    with pytest.raises(PermissionDenied):
        services.selfcheck_compute(actor=resident, community=community, start=START, end=END)
    with pytest.raises(PermissionDenied):
        services.manual_assessment_set(actor=resident, community=community, code="manual.declarations",
                                       period_start=START, period_end=END, score_percent=100,
                                       evidence_url="https://example.org/d")
    assert not SelfCheck.objects.exists() and not ManualAssessment.objects.exists()


@pytest.mark.parametrize(("start", "end", "field"), [
    (END, START, "end"),
    (START, date.today() + timedelta(days=40), "end"),
    (START - timedelta(days=400), END, "end"),
    (None, END, "start"),
])
def test_bad_periods_are_refused(community, community_admin, start, end, field):
    with pytest.raises(ValidationFailed) as refused:
        services.selfcheck_compute(actor=community_admin, community=community, start=start, end=end)
    assert field in refused.value.fields
    assert not SelfCheck.objects.exists()


@pytest.mark.parametrize(("changes", "field"), [
    ({"code": "petitions.answered_on_time"}, "code"),
    ({"code": "manual.nonexistent"}, "code"),
    ({"score_percent": 70}, "score_percent"),
    ({"evidence_url": ""}, "evidence_url"),
    ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
    ({"note": "x" * 2001}, "note"),
])
def test_bad_assessments_are_refused(community, community_admin, changes, field):
    data = {"code": "manual.declarations", "period_start": START, "period_end": END, "score_percent": 100,
            "evidence_url": "https://example.org/declarations", "note": ""} | changes
    with pytest.raises(ValidationFailed) as refused:
        services.manual_assessment_set(actor=community_admin, community=community, **data)
    assert field in refused.value.fields
    assert not ManualAssessment.objects.exists()


def test_not_met_needs_no_evidence_and_hand_scores_count(community, community_admin):
    services.manual_assessment_set(actor=community_admin, community=community, code="manual.vacancies",
                                   period_start=START, period_end=END, score_percent=0)
    services.manual_assessment_set(actor=community_admin, community=community, code="manual.declarations",
                                   period_start=START - timedelta(days=30), period_end=END, score_percent=100,
                                   evidence_url="https://example.org/declarations", note="All linked")
    snapshot = services.selfcheck_compute(actor=community_admin, community=community, start=START, end=END)
    results = {result["code"]: result for result in snapshot.results}
    assert results["manual.declarations"]["kind"] == "manual" and results["manual.declarations"]["score"] == 1.0
    assert results["manual.declarations"]["note"] == "All linked"
    assert results["manual.vacancies"]["points"] == 0
    assert results["manual.land_auctions"]["kind"] == "not_assessed" and results["manual.land_auctions"]["score"] is None
    assert snapshot.max_points == results["manual.declarations"]["max_points"] + results["manual.vacancies"]["max_points"] \
        + sum(r["max_points"] for r in snapshot.results if r["kind"] == "auto" and r["score"] is not None)


def test_setting_an_assessment_again_changes_it(community, community_admin):
    for score in (50, 100):
        services.manual_assessment_set(actor=community_admin, community=community, code="manual.declarations",
                                       period_start=START, period_end=END, score_percent=score,
                                       evidence_url="https://example.org/d")
    assert list(ManualAssessment.objects.values_list("score_percent", flat=True)) == [100]


def test_another_communitys_rows_are_not_found(community, other_community, community_admin):
    theirs = services.selfcheck_compute(actor=SYSTEM, community=other_community, start=START, end=END)
    their_assessment = services.manual_assessment_set(
        actor=SYSTEM, community=other_community, code="manual.declarations", period_start=START, period_end=END,
        score_percent=0)
    with pytest.raises(NotFound):
        services.selfcheck_delete(actor=community_admin, community=community, selfcheck_id=theirs.pk)
    with pytest.raises(NotFound):
        services.manual_assessment_delete(actor=community_admin, community=community, assessment_id=their_assessment.pk)
    assert SelfCheck.objects.filter(pk=theirs.pk).exists()
    assert ManualAssessment.objects.filter(pk=their_assessment.pk).exists()


def test_delete_is_audited(community, community_admin):
    snapshot = services.selfcheck_compute(actor=community_admin, community=community, start=START, end=END)
    services.selfcheck_delete(actor=community_admin, community=community, selfcheck_id=snapshot.pk)
    assert not SelfCheck.objects.exists()
    assert AuditEvent.objects.filter(action="transparency_index.selfcheck.deleted").exists()


def test_every_public_service_is_a_service():
    public = [obj for name, obj in vars(services).items()
              if inspect.isfunction(obj) and obj.__module__ == services.__name__ and not name.startswith("_")]
    assert public and all(getattr(obj, "is_service", False) for obj in public)


def test_the_quarterly_task_stores_the_last_quarter_once_where_enabled(community, other_community):
    from hromada.transparency_index.tasks import selfcheck_quarterly

    other_community.enabled_capabilities = [s for s in other_community.enabled_capabilities
                                            if s != "transparency_index"]
    other_community.save()
    assert selfcheck_quarterly.call()["computed"] == 1
    assert selfcheck_quarterly.call()["computed"] == 0
    assert list(SelfCheck.objects.values_list("community", "period_start", "period_end")) == [
        (community.pk, START, END)]
