"""Writes of the monitoring: rounds opened every N months and closed, the responsible bodies' reports, the
monitoring body's assessments and its members, reminders of late reports, and residents following a commitment."""

from __future__ import annotations

from typing import cast

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hromada.core.audit.services import audit_record
from hromada.core.errors import Conflict, NotFound, ValidationFailed
from hromada.core.identity.guard import require, service
from hromada.core.identity.models import Role, User
from hromada.core.identity.selectors import members_with_role
from hromada.core.notifications.services import notify
from hromada.core.tenancy.urls import community_path

from .. import policies, selectors
from ..manifest import commitments_settings
from ..models import (
    Assessment,
    BodyReport,
    CommitmentStatus,
    Follow,
    Monitor,
    MonitoringRound,
    Rating,
    RoundState,
)
from .plans import BODY_MAX, TITLE_MAX, _choice, _own_commitment, _own_plan, _percent, _text


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _url(community, commitment) -> str:
    return community_path(community, "commitments:commitment", commitment.pk)


def _tell_followers(community, commitment, *, event: str, title, actor) -> None:
    followers = (User.objects.filter(pk__in=Follow.objects.filter(commitment=commitment).values("user_id"))
                 .iterator(chunk_size=500))
    notify(community=community, recipients=followers, event=event, title=title, url=_url(community, commitment),
           params={"title": commitment.title}, exclude=_user(actor))


@service
def round_open(*, actor, community, plan_id: int, now=None) -> MonitoringRound:
    """Open the plan's next monitoring round once its period has ended (the periodic task calls this for every
    plan due; staff may open it the same way). Two callers at once open it once: the plan is locked, and
    (plan, number) is unique."""
    require(policies.can_manage(actor, community), _("Only the community's admins open monitoring rounds."))
    working_days = commitments_settings(community).report_working_days
    with transaction.atomic():
        plan = _own_plan(community, plan_id, lock=True)
        number = selectors.next_round_number(plan)
        period = selectors.round_period(plan, number)
        if period is None:
            raise Conflict(_("Every period of this plan has its round."), code="plan_finished")
        if period[1] >= selectors.today(now):
            raise Conflict(_("The next period has not ended yet."), code="not_due")
        try:
            with transaction.atomic():
                opened = MonitoringRound.objects.create(
                    community=community, plan=plan, number=number, period_start=period[0], period_end=period[1],
                    due_on=selectors.round_due_on(community, period[1], working_days))
        except IntegrityError:
            raise Conflict(_("This round is open already."), code="already_open") from None
        audit_record(actor=actor, community=community, action="commitments.round.opened", target=plan,
                     data={"round": number})
        bodies = {b.department_id for c in selectors.commitment_list(plan=plan) for b in c.bodies.all()}
        officials = members_with_role(community=community, roles=Role.OFFICIAL).filter(
            memberships__community=community, memberships__department_id__in=bodies).distinct()
        notify(community=community, recipients=officials.iterator(chunk_size=500), event="commitments.round.opened",
               title=gettext_lazy("Monitoring of “{title}”: reports are due by {due}"),
               url=community_path(community, "commitments:detail", plan.pk),
               params={"title": plan.title, "due": opened.due_on.isoformat()})
    return opened


@service
def round_close(*, actor, community, round_id: int) -> MonitoringRound:
    require(policies.can_manage(actor, community), _("Only the community's admins close monitoring rounds."))
    with transaction.atomic():
        found = MonitoringRound.objects.select_for_update().filter(community=community,
                                                                   pk=selectors.as_id(round_id)).first()
        if found is None:
            raise NotFound()
        if found.state == RoundState.CLOSED:
            raise Conflict(_("This round is closed already."), code="closed")
        found.state, found.closed_at = RoundState.CLOSED, timezone.now()
        found.save(update_fields=["state", "closed_at"])
        audit_record(actor=actor, community=community, action="commitments.round.closed", target=found.plan,
                     data={"round": found.number})
    return found


def _round_and_commitment(community, round_id, commitment_id):
    found = selectors.round_get(community=community, round_id=round_id)
    commitment = _own_commitment(community, commitment_id)
    if commitment.plan_id != found.plan_id:
        raise ValidationFailed(fields={"commitment_id": [_("This commitment is not in the round's plan.")]})
    return found, commitment


@service
def report_file(*, actor, community, round_id: int, commitment_id: int, text: str, progress: int,
                status: str, now=None) -> BodyReport:
    """A responsible body's report on a commitment in an open round (one per commitment per round); it sets the
    commitment's progress and status, is flagged late after the due date, and every follower is told."""
    found, commitment = _round_and_commitment(community, round_id, commitment_id)
    body = policies.body_of(actor, community, selectors.body_department_ids(commitment))
    require(body is not None, _("Only the commitment's responsible bodies file its reports."))
    department_id = cast(int, body)  # require() raised when there is none
    errors: dict[str, list[str]] = {}
    text = _text(text, "text", errors, max_length=BODY_MAX, required=True)
    progress = _percent(progress, "progress", errors)
    status = _choice(status, "status", errors, CommitmentStatus)
    if not errors and status == CommitmentStatus.COMPLETED and progress != 100:
        errors["progress"] = [_("A completed commitment is done in full: give 100.")]
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        found = MonitoringRound.objects.select_for_update().get(pk=found.pk)
        if found.state != RoundState.OPEN:
            raise Conflict(_("This monitoring round is closed."), code="closed")
        try:
            with transaction.atomic():
                report = BodyReport.objects.create(
                    community=community, round=found, commitment=commitment, department_id=department_id, text=text,
                    progress=progress, status=status, late=selectors.today(now) > found.due_on,
                    filed_by=_user(actor))
        except IntegrityError:
            raise Conflict(_("This commitment has its report in this round already."), code="already_reported") \
                from None
        commitment.progress, commitment.status = progress, status
        commitment.save(update_fields=["progress", "status", "updated_at"])
        audit_record(actor=actor, community=community, action="commitments.report.filed", target=commitment,
                     data={"round": found.number, "progress": progress, "status": status, "late": report.late})
        _tell_followers(community, commitment, event="commitments.report.filed", actor=actor,
                        title=gettext_lazy("A new report on “{title}”"))
    return report


@service
def assessment_file(*, actor, community, round_id: int, commitment_id: int, text: str, rating: str) -> Assessment:
    """The independent monitoring body's assessment of a commitment in a round (once per round); followers told."""
    found, commitment = _round_and_commitment(community, round_id, commitment_id)
    require(policies.can_assess(actor, community, selectors.monitor_ids(community)),
            _("Only the independent monitoring body files assessments."))
    errors: dict[str, list[str]] = {}
    text = _text(text, "text", errors, max_length=BODY_MAX, required=True)
    rating = _choice(rating, "rating", errors, Rating)
    if errors:
        raise ValidationFailed(fields=errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                assessment = Assessment.objects.create(community=community, round=found, commitment=commitment,
                                                       text=text, rating=rating, filed_by=_user(actor))
        except IntegrityError:
            raise Conflict(_("This commitment has its assessment in this round already."),
                           code="already_assessed") from None
        audit_record(actor=actor, community=community, action="commitments.assessment.filed", target=commitment,
                     data={"round": found.number, "rating": rating})
        _tell_followers(community, commitment, event="commitments.assessment.filed", actor=actor,
                        title=gettext_lazy("The monitoring body assessed “{title}”"))
    return assessment


@service
def round_remind_late(*, actor, community, round_id: int, now=None) -> int:
    """Remind the officials of every body whose report is late in an open round past due, at most once per the
    community's reminder interval; returns how many people were told (0 when not due for a reminder)."""
    require(policies.can_manage(actor, community), _("Only the platform and the admins send reminders."))
    now = now or timezone.now()
    interval_days = commitments_settings(community).reminder_days
    with transaction.atomic():
        found = MonitoringRound.objects.select_for_update().select_related("plan").filter(
            community=community, pk=selectors.as_id(round_id)).first()
        if found is None:
            raise NotFound()
        if found.state != RoundState.OPEN or selectors.today(now) <= found.due_on:
            return 0
        if found.reminded_at is not None and (now - found.reminded_at).total_seconds() < interval_days * 86400 - 60:
            return 0
        late = list(selectors.late_commitments(found))
        departments = {b.department_id for c in late for b in c.bodies.all()}
        if not departments:
            return 0
        officials = members_with_role(community=community, roles=Role.OFFICIAL).filter(
            memberships__community=community, memberships__department_id__in=departments).distinct()
        told = notify(community=community, recipients=officials.iterator(chunk_size=500),
                      event="commitments.report.late",
                      title=gettext_lazy("Reports on “{title}” are late (due {due})"),
                      body=gettext_lazy("{count} commitments have no report yet."),
                      url=community_path(community, "commitments:late"),
                      params={"title": found.plan.title, "due": found.due_on.isoformat(), "count": len(late)})
        found.reminded_at = now
        found.save(update_fields=["reminded_at"])
        audit_record(actor=actor, community=community, action="commitments.round.reminded", target=found.plan,
                     data={"round": found.number, "late": len(late), "told": told})
    return told


@service
def monitor_appoint(*, actor, community, user_id: int, organisation: str) -> Monitor:
    """Add a person to the community's independent monitoring body (the role that files assessments)."""
    require(policies.can_manage(actor, community), _("Only the community's admins appoint the monitoring body."))
    errors: dict[str, list[str]] = {}
    organisation = _text(organisation, "organisation", errors, max_length=TITLE_MAX, required=True)
    user = User.objects.filter(pk=selectors.as_id(user_id), is_active=True).first()
    if errors or user is None:
        raise ValidationFailed(fields={**errors, **({} if user else {"user_id": [_("No such person.")]})})
    with transaction.atomic():
        try:
            with transaction.atomic():
                monitor = Monitor.objects.create(community=community, user=user, organisation=organisation)
        except IntegrityError:
            raise Conflict(_("This person is in the monitoring body already."), code="already_member") from None
        audit_record(actor=actor, community=community, action="commitments.monitor.appointed", target=monitor)
    return monitor


@service
def monitor_remove(*, actor, community, monitor_id: int) -> None:
    require(policies.can_manage(actor, community), _("Only the community's admins appoint the monitoring body."))
    with transaction.atomic():
        monitor = Monitor.objects.filter(community=community, pk=selectors.as_id(monitor_id)).first()
        if monitor is None:
            raise NotFound()
        audit_record(actor=actor, community=community, action="commitments.monitor.removed", target=monitor)
        monitor.delete()


@service
def commitment_follow(*, actor, community, commitment_id: int) -> bool:
    """Follow a commitment: its reports and assessments reach the person. Following twice is following once."""
    require(policies.can_follow(actor, community), _("Sign in to follow a commitment."))
    commitment = selectors.commitment_get(actor=actor, community=community, commitment_id=commitment_id)
    with transaction.atomic():
        try:
            with transaction.atomic():
                Follow.objects.create(community=community, commitment=commitment, user=actor)
        except IntegrityError:
            return True
        audit_record(actor=actor, community=community, action="commitments.commitment.followed", target=commitment)
    return True


@service
def commitment_unfollow(*, actor, community, commitment_id: int) -> bool:
    require(policies.can_follow(actor, community), _("Sign in to follow a commitment."))
    commitment = selectors.commitment_get(actor=actor, community=community, commitment_id=commitment_id)
    with transaction.atomic():
        deleted, _rows = Follow.objects.filter(commitment=commitment, user=actor).delete()
        if deleted:
            audit_record(actor=actor, community=community, action="commitments.commitment.unfollowed",
                         target=commitment)
    return False
