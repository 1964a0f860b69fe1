"""Monitoring: rounds open every N months when the periodic task runs (time-machine moves the clock), reports are
the responsible bodies' and one per commitment per round, assessments the monitoring body's, late reports are
flagged and reminded by email once per interval, and followers hear of every report and assessment."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from conftest import make_member
from django.core import mail
from django.db import connection

from hromada.commitments import services
from hromada.commitments.models import Assessment, BodyReport, Commitment, MonitoringRound, RoundState
from hromada.commitments.selectors import late_reports
from hromada.commitments.tasks import commitments_housekeeping
from hromada.core.errors import Conflict, PermissionDenied, ValidationFailed
from hromada.core.identity.actors import SYSTEM
from hromada.core.identity.models import Department, Role
from hromada.core.notifications.models import Notification

from . import factories as f


def _at(*args) -> datetime:
    return datetime(*args, 9, 0, tzinfo=UTC)


def test_the_periodic_task_opens_a_round_when_each_period_ends(community, department, official, time_machine,
                                                              django_capture_on_commit_callbacks):
    time_machine.move_to(_at(2026, 1, 10), tick=False)
    plan = f.plan(community, start=date(2026, 1, 1))
    f.commitment(community, plan, department)
    assert commitments_housekeeping.call() == {"opened": 0, "reminded": 0}
    time_machine.move_to(_at(2026, 6, 30), tick=False)  # the first half-year ends today: not yet
    assert commitments_housekeeping.call()["opened"] == 0
    time_machine.move_to(_at(2026, 7, 1), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert commitments_housekeeping.call()["opened"] == 1
    assert commitments_housekeeping.call()["opened"] == 0  # once
    first = MonitoringRound.objects.get()
    assert (first.number, first.period_start, first.period_end) == (1, date(2026, 1, 1), date(2026, 6, 30))
    # Ten working days after 30 June 2026 (a Tuesday): 14 July.
    assert first.due_on == date(2026, 7, 14)
    assert any(official.email in m.to for m in mail.outbox)  # the bodies are told the round is open
    time_machine.move_to(_at(2027, 7, 2), tick=False)  # two more periods passed: it catches up
    assert commitments_housekeeping.call()["opened"] == 2
    assert list(plan.rounds.values_list("number", flat=True)) == [1, 2, 3]
    time_machine.move_to(_at(2028, 3, 1), tick=False)
    commitments_housekeeping.call()
    assert plan.rounds.count() == 4  # the plan's two years have four half-years, no more


def test_a_round_opens_only_after_its_period(community, community_admin):
    plan = f.plan(community, months_ago=2)
    with pytest.raises(Conflict) as exc:
        services.round_open(actor=community_admin, community=community, plan_id=plan.pk)
    assert exc.value.code == "not_due" and not MonitoringRound.objects.exists()


def test_a_disabled_community_opens_no_rounds(community, department, time_machine):
    time_machine.move_to(_at(2026, 7, 1), tick=False)
    plan = f.plan(community, start=date(2026, 1, 1))
    community.enabled_capabilities = [slug for slug in community.enabled_capabilities if slug != "commitments"]
    community.save(update_fields=["enabled_capabilities"])
    assert commitments_housekeeping.call()["opened"] == 0 and not plan.rounds.exists()


@pytest.fixture
def monitored(community, department):
    """A plan whose first round is open, with one commitment of `department`."""
    plan = f.plan(community, months_ago=7)
    commitment = f.commitment(community, plan, department)
    opened = services.round_open(actor=SYSTEM, community=community, plan_id=plan.pk)
    return plan, commitment, opened


def test_the_responsible_body_reports_once_per_round_and_sets_the_progress(community, official, monitored):
    plan, commitment, opened = monitored
    report = services.report_file(actor=official, community=community, round_id=opened.pk,
                                  commitment_id=commitment.pk, text="Виконано перший етап.", progress=40,
                                  status="in_progress")
    commitment.refresh_from_db()
    assert (commitment.progress, commitment.status, report.department_id) == (40, "in_progress",
                                                                               official.memberships.get().department_id)
    with pytest.raises(Conflict) as exc:
        services.report_file(actor=official, community=community, round_id=opened.pk, commitment_id=commitment.pk,
                             text="Ще раз", progress=50, status="in_progress")
    assert exc.value.code == "already_reported" and BodyReport.objects.count() == 1
    assert Commitment.objects.get().progress == 40


def test_others_may_not_report(community, monitored, resident, moderator):
    _plan, commitment, opened = monitored
    stranger = make_member(community, Role.OFFICIAL, department=Department.objects.create(community=community,
                                                                                         name="Інший відділ"))
    for actor in (resident, moderator, stranger):
        with pytest.raises(PermissionDenied):
            services.report_file(actor=actor, community=community, round_id=opened.pk, commitment_id=commitment.pk,
                                 text="Звіт", progress=10, status="in_progress")
    assert not BodyReport.objects.exists()


@pytest.mark.parametrize("data, field", [
    ({"text": " "}, "text"), ({"progress": 101}, "progress"), ({"progress": "half"}, "progress"),
    ({"status": "done-ish"}, "status"), ({"status": "completed", "progress": 90}, "progress"),
    ({"commitment_id": "other-plan"}, "commitment_id"),
])
def test_bad_reports_write_nothing(community, official, department, monitored, data, field):
    plan, commitment, opened = monitored
    if data.get("commitment_id") == "other-plan":
        data["commitment_id"] = f.commitment(community, f.plan(community, title="Інший"), department).pk
    fields = {"commitment_id": commitment.pk, "text": "Звіт", "progress": 10, "status": "in_progress", **data}
    with pytest.raises(ValidationFailed) as exc:
        services.report_file(actor=official, community=community, round_id=opened.pk, **fields)
    assert field in exc.value.fields and not BodyReport.objects.exists()
    assert Commitment.objects.get(pk=commitment.pk).progress == 0


def test_a_closed_round_takes_no_reports(community, official, community_admin, monitored):
    _plan, commitment, opened = monitored
    services.round_close(actor=community_admin, community=community, round_id=opened.pk)
    with pytest.raises(Conflict):
        services.report_file(actor=official, community=community, round_id=opened.pk, commitment_id=commitment.pk,
                             text="Запізно", progress=10, status="in_progress")
    assert not BodyReport.objects.exists()


def test_only_the_monitoring_body_assesses_once_per_round(community, community_admin, official, monitored):
    _plan, commitment, opened = monitored
    monitor = f.monitor(community)
    for actor in (community_admin, official):
        with pytest.raises(PermissionDenied):
            services.assessment_file(actor=actor, community=community, round_id=opened.pk,
                                     commitment_id=commitment.pk, text="Оцінка", rating="on_track")
    services.assessment_file(actor=monitor, community=community, round_id=opened.pk, commitment_id=commitment.pk,
                             text="Підтверджено документами.", rating="on_track")
    with pytest.raises(Conflict):
        services.assessment_file(actor=monitor, community=community, round_id=opened.pk,
                                 commitment_id=commitment.pk, text="Ще раз", rating="limited")
    with pytest.raises(ValidationFailed):
        services.assessment_file(actor=monitor, community=community, round_id=opened.pk,
                                 commitment_id=commitment.pk, text="x", rating="excellent")
    assert Assessment.objects.count() == 1


def test_a_monitor_of_another_community_is_nobody_here(community, other_community, monitored):
    _plan, commitment, opened = monitored
    theirs = f.monitor(other_community)
    with pytest.raises(PermissionDenied):
        services.assessment_file(actor=theirs, community=community, round_id=opened.pk, commitment_id=commitment.pk,
                                 text="Оцінка", rating="on_track")


def test_followers_are_told_of_every_report_and_assessment(community, official, resident, monitored,
                                                          django_capture_on_commit_callbacks):
    _plan, commitment, opened = monitored
    services.commitment_follow(actor=resident, community=community, commitment_id=commitment.pk)
    services.commitment_follow(actor=resident, community=community, commitment_id=commitment.pk)  # once
    mail.outbox.clear()
    monitor = f.monitor(community)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_file(actor=official, community=community, round_id=opened.pk, commitment_id=commitment.pk,
                             text="Звіт", progress=30, status="in_progress")
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_file(actor=monitor, community=community, round_id=opened.pk,
                                 commitment_id=commitment.pk, text="Оцінка", rating="limited")
    told = list(Notification.objects.filter(user=resident).order_by("pk").values_list("event", flat=True))
    assert told == ["commitments.report.filed", "commitments.assessment.filed"]
    assert sum(resident.email in m.to for m in mail.outbox) == 2
    services.commitment_unfollow(actor=resident, community=community, commitment_id=commitment.pk)
    assert not commitment.follows.exists()


def test_late_reports_are_flagged_queued_and_reminded_once_per_interval(community, department, official,
                                                                         time_machine,
                                                                         django_capture_on_commit_callbacks):
    time_machine.move_to(_at(2026, 7, 1), tick=False)
    plan = f.plan(community, start=date(2026, 1, 1))
    late = f.commitment(community, plan, department, title="Без звіту")
    on_time = f.commitment(community, plan, department, title="Зі звітом")
    commitments_housekeeping.call()
    opened = MonitoringRound.objects.get()
    services.report_file(actor=official, community=community, round_id=opened.pk, commitment_id=on_time.pk,
                         text="Вчасно", progress=20, status="in_progress")
    assert late_reports(actor=official, community=community) == []
    mail.outbox.clear()
    time_machine.move_to(_at(2026, 7, 15), tick=False)  # the day after the due date
    with django_capture_on_commit_callbacks(execute=True):
        assert commitments_housekeeping.call()["reminded"] == 1
    assert [m.to for m in mail.outbox] == [[official.email]]
    rows = late_reports(actor=official, community=community)
    assert [(r.commitment.title, r.days_late) for r in rows] == [("Без звіту", 1)]
    assert commitments_housekeeping.call()["reminded"] == 0  # not again within the interval
    time_machine.move_to(_at(2026, 7, 23), tick=False)
    assert commitments_housekeeping.call()["reminded"] == 1
    report = services.report_file(actor=official, community=community, round_id=opened.pk, commitment_id=late.pk,
                                  text="Із запізненням", progress=5, status="delayed")
    assert report.late and not BodyReport.objects.get(commitment=on_time).late
    time_machine.move_to(_at(2026, 8, 5), tick=False)
    assert commitments_housekeeping.call()["reminded"] == 0 and late_reports(actor=official,
                                                                               community=community) == []


def test_the_late_queue_shows_an_official_only_their_bodies(community, department, official, community_admin):
    plan = f.plan(community, months_ago=8)
    other = Department.objects.create(community=community, name="Фінансове управління")
    f.commitment(community, plan, department, title="Наше")
    f.commitment(community, plan, other, title="Їхнє")
    services.round_open(actor=SYSTEM, community=community, plan_id=plan.pk)
    MonitoringRound.objects.update(due_on=date(2020, 1, 1))
    assert [r.commitment.title for r in late_reports(actor=official, community=community)] == ["Наше"]
    assert len(late_reports(actor=community_admin, community=community)) == 2


def test_round_state_and_appointments(community, community_admin, resident, monitored):
    _plan, _commitment, opened = monitored
    with pytest.raises(PermissionDenied):
        services.round_close(actor=resident, community=community, round_id=opened.pk)
    services.round_close(actor=community_admin, community=community, round_id=opened.pk)
    assert MonitoringRound.objects.get().state == RoundState.CLOSED
    with pytest.raises(Conflict):
        services.round_close(actor=community_admin, community=community, round_id=opened.pk)
    member = services.monitor_appoint(actor=community_admin, community=community, user_id=resident.pk,
                                      organisation="Громадська рада")
    with pytest.raises(Conflict):
        services.monitor_appoint(actor=community_admin, community=community, user_id=resident.pk,
                                 organisation="Ще раз")
    with pytest.raises(PermissionDenied):
        services.monitor_appoint(actor=resident, community=community, user_id=resident.pk, organisation="Я")
    services.monitor_remove(actor=community_admin, community=community, monitor_id=member.pk)


@pytest.mark.django_db(transaction=True)
def test_two_bodies_reporting_at_once_file_one_report(community, department):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race is a PostgreSQL one")
    plan = f.plan(community, months_ago=7)
    commitment = f.commitment(community, plan, department)
    opened = services.round_open(actor=SYSTEM, community=community, plan_id=plan.pk)
    officials = [make_member(community, Role.OFFICIAL, department=department) for _ in range(8)]
    outcomes: list[str] = []
    barrier = threading.Barrier(len(officials))

    def attempt(person):
        barrier.wait()
        try:
            services.report_file(actor=person, community=community, round_id=opened.pk,
                                 commitment_id=commitment.pk, text="Звіт", progress=10, status="in_progress")
            outcomes.append("filed")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(p,)) for p in officials]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * 7 + ["filed"] and BodyReport.objects.count() == 1
