"""Commitments services on plans, commitments, milestones and evidence: admins write, others are refused, bad input
writes nothing, another community's objects are not found, every write is audited, every public name a @service."""

from __future__ import annotations

import inspect
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from hromada.commitments import services
from hromada.commitments.models import Commitment, Evidence, Milestone, Plan
from hromada.core.audit.models import AuditEvent
from hromada.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department

from . import factories as f

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _actions(community) -> list[str]:
    return list(AuditEvent.objects.filter(community=community, action__startswith="commitments.").order_by("pk")
                .values_list("action", flat=True))


def test_admins_keep_plans_commitments_and_milestones_with_an_audit_trail(community, community_admin, department):
    plan = services.plan_create(actor=community_admin, community=community, title="  План дій ",
                                period_start="2026-01-01", period_end=date(2027, 12, 31))
    assert (plan.title, plan.monitoring_months, plan.created_by) == ("План дій", 6, community_admin)
    commitment = services.commitment_create(actor=community_admin, community=community, plan_id=plan.pk,
                                            title="Відкриті дані", department_ids=[department.pk])
    milestone = services.milestone_create(actor=community_admin, community=community, commitment_id=commitment.pk,
                                          title="Порядок", due_on="2026-03-01")
    services.milestone_update(actor=community_admin, community=community, milestone_id=milestone.pk, status="done",
                              done_on=date(2026, 2, 27))
    services.commitment_update(actor=community_admin, community=community, commitment_id=commitment.pk,
                               progress=40, status="in_progress")
    services.plan_update(actor=community_admin, community=community, plan_id=plan.pk, is_public=False)
    assert Milestone.objects.get().done_on == date(2026, 2, 27)
    assert Commitment.objects.get().progress == 40 and not Plan.objects.get().is_public
    services.milestone_delete(actor=community_admin, community=community, milestone_id=milestone.pk)
    services.commitment_delete(actor=community_admin, community=community, commitment_id=commitment.pk)
    services.plan_delete(actor=community_admin, community=community, plan_id=plan.pk)
    assert not Plan.objects.exists()
    assert _actions(community) == [
        "commitments.plan.created", "commitments.commitment.created", "commitments.milestone.created",
        "commitments.milestone.changed", "commitments.commitment.changed", "commitments.plan.changed",
        "commitments.milestone.deleted", "commitments.commitment.deleted", "commitments.plan.deleted"]


def test_new_plans_take_the_communitys_monitoring_interval(community, community_admin):
    community.capability_settings = {"commitments": {"monitoring_months": 4}}
    community.save(update_fields=["capability_settings"])
    plan = services.plan_create(actor=community_admin, community=community, title="Програма",
                                period_start="2026-01-01", period_end="2026-12-31", kind="programme")
    assert plan.monitoring_months == 4


@pytest.mark.parametrize("who", ["resident", "official", "moderator"])
def test_only_admins_keep_plans(community, department, who, request):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=actor, community=community, title="Мій", period_start="2026-01-01",
                             period_end="2026-12-31")
    plan = f.plan(community)
    for call in (lambda: services.commitment_create(actor=actor, community=community, plan_id=plan.pk, title="x",
                                                    department_ids=[department.pk]),
                 lambda: services.plan_delete(actor=actor, community=community, plan_id=plan.pk),
                 lambda: services.round_open(actor=actor, community=community, plan_id=plan.pk)):
        with pytest.raises(PermissionDenied):
            call()
    assert Plan.objects.count() == 1 and not Commitment.objects.exists()


@pytest.mark.parametrize("changes, field", [
    ({"title": "  "}, "title"), ({"title": "x" * 201}, "title"), ({"kind": "wish"}, "kind"),
    ({"period_start": "someday"}, "period_start"), ({"period_end": "2025-01-01"}, "period_end"),
    ({"monitoring_months": 0}, "monitoring_months"), ({"monitoring_months": 25}, "monitoring_months"),
    ({"monitoring_months": "six"}, "monitoring_months"), ({"body": "x" * 20_001}, "body"),
])
def test_bad_plans_write_nothing(community, community_admin, changes, field):
    data = {"title": "План", "period_start": "2026-01-01", "period_end": "2026-12-31", **changes}
    with pytest.raises(ValidationFailed) as exc:
        services.plan_create(actor=community_admin, community=community, **data)
    assert field in exc.value.fields
    assert not Plan.objects.exists() and _actions(community) == []


@pytest.mark.parametrize("changes, field", [
    ({"title": ""}, "title"), ({"department_ids": []}, "department_ids"), ({"department_ids": ["x"]}, "department_ids"),
    ({"officials": "x" * 501}, "officials"),
])
def test_bad_commitments_write_nothing(community, community_admin, department, changes, field):
    plan = f.plan(community)
    data = {"title": "Зобов'язання", "department_ids": [department.pk], **changes}
    with pytest.raises(ValidationFailed) as exc:
        services.commitment_create(actor=community_admin, community=community, plan_id=plan.pk, **data)
    assert field in exc.value.fields and not Commitment.objects.exists()


def test_a_commitment_names_only_this_communitys_departments(community, other_community, community_admin):
    theirs = Department.objects.create(community=other_community, name="Чужий відділ")
    plan = f.plan(community)
    with pytest.raises(ValidationFailed) as exc:
        services.commitment_create(actor=community_admin, community=community, plan_id=plan.pk, title="x",
                                   department_ids=[theirs.pk])
    assert "department_ids" in exc.value.fields and not Commitment.objects.exists()


@pytest.mark.parametrize("progress", [-1, 101, "50%", 12.5, True, None])
def test_progress_is_a_whole_percentage(community, community_admin, department, progress):
    commitment = f.commitment(community, f.plan(community), department)
    with pytest.raises(ValidationFailed) as exc:
        services.commitment_update(actor=community_admin, community=community, commitment_id=commitment.pk,
                                   progress=progress if progress is not None else "")
    assert "progress" in exc.value.fields
    assert Commitment.objects.get().progress == 0


def test_the_database_refuses_a_percentage_over_100(community, department):
    commitment = f.commitment(community, f.plan(community), department)
    with pytest.raises(IntegrityError), transaction.atomic():
        Commitment.objects.filter(pk=commitment.pk).update(progress=101)


def test_a_done_milestone_needs_its_date(community, community_admin, department):
    commitment = f.commitment(community, f.plan(community), department)
    with pytest.raises(ValidationFailed) as exc:
        services.milestone_create(actor=community_admin, community=community, commitment_id=commitment.pk,
                                  title="Крок", due_on="2026-03-01", status="done")
    assert "done_on" in exc.value.fields and not Milestone.objects.exists()


def test_another_communitys_objects_are_not_found(community, other_community, community_admin):
    theirs = f.plan(other_community, title="Чужий")
    department = Department.objects.create(community=other_community, name="Відділ")
    commitment = f.commitment(other_community, theirs, department)
    for call in (lambda: services.plan_update(actor=community_admin, community=community, plan_id=theirs.pk,
                                              title="Мій"),
                 lambda: services.plan_delete(actor=community_admin, community=community, plan_id=theirs.pk),
                 lambda: services.commitment_update(actor=community_admin, community=community,
                                                    commitment_id=commitment.pk, title="Мій"),
                 lambda: services.milestone_create(actor=community_admin, community=community,
                                                   commitment_id=commitment.pk, title="x", due_on="2026-01-01"),
                 lambda: services.round_open(actor=community_admin, community=community, plan_id=theirs.pk),
                 lambda: services.plan_update(actor=community_admin, community=community, plan_id="1; drop",
                                              title="x")):
        with pytest.raises(NotFound):
            call()
    assert Plan.objects.get(pk=theirs.pk).title == "Чужий" and Commitment.objects.get().title != "Мій"


def test_a_monitored_plan_keeps_its_interval_and_cannot_be_deleted(community, community_admin, department):
    plan = f.plan(community, months_ago=7)
    f.commitment(community, plan, department)
    services.round_open(actor=SYSTEM, community=community, plan_id=plan.pk)
    with pytest.raises(ValidationFailed):
        services.plan_update(actor=community_admin, community=community, plan_id=plan.pk, monitoring_months=3)
    with pytest.raises(Conflict):
        services.plan_delete(actor=community_admin, community=community, plan_id=plan.pk)
    assert Plan.objects.get().monitoring_months == 6


def test_responsible_bodies_add_evidence_as_a_file_or_a_link(community, official, department, resident, tmp_path,
                                                            settings):
    settings.HROMADA_PRIVATE_ROOT = str(tmp_path)
    commitment = f.commitment(community, f.plan(community), department)
    link = services.evidence_add(actor=official, community=community, commitment_id=commitment.pk,
                                 title="Набір даних", url="https://data.gov.ua/dataset/1")
    document = services.evidence_add(actor=official, community=community, commitment_id=commitment.pk,
                                     title="Звіт", upload=SimpleUploadedFile("звіт.pdf", PDF))
    assert link.url and (document.name, document.content_type) == ("звіт.pdf", "application/pdf")
    assert "звіт" not in document.file.name  # stored under a random name
    with pytest.raises(PermissionDenied):
        services.evidence_add(actor=resident, community=community, commitment_id=commitment.pk, title="x",
                              url="https://example.org/")
    assert Evidence.objects.count() == 2


@pytest.mark.parametrize("url, upload, field", [
    ("javascript:alert(1)", None, "url"), ("ftp://example.org/x", None, "url"), ("", None, "url"),
    ("https://example.org/", SimpleUploadedFile("a.pdf", PDF), "url"),
    ("", SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf"), "file"),
    ("", SimpleUploadedFile("a.pdf", b"%PDF-1.4 cut off"), "file"),
])
def test_bad_evidence_writes_nothing(community, official, department, url, upload, field, tmp_path, settings):
    settings.HROMADA_PRIVATE_ROOT = str(tmp_path)
    commitment = f.commitment(community, f.plan(community), department)
    with pytest.raises(ValidationFailed) as exc:
        services.evidence_add(actor=official, community=community, commitment_id=commitment.pk, title="Доказ",
                              url=url, upload=upload)
    assert field in exc.value.fields and not Evidence.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_every_public_function_of_the_services_package_is_a_service():
    public = [name for name in services.__all__ if inspect.isfunction(getattr(services, name))]
    assert public and all(getattr(getattr(services, name), "is_service", False) for name in public), public
