"""Commitments data: plans (an Open Government Partnership action plan, a programme, the winning budget projects),
their commitments with milestones and evidence, the monitoring rounds with the bodies' reports and the independent
monitoring body's assessments, and the residents who follow a commitment. Workflows live in services."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hromada.core.identity.models import Department
from hromada.core.storage import get_private_storage, random_name
from hromada.core.tenancy.models import CommunityOwned


class PlanKind(models.TextChoices):
    ACTION_PLAN = "action_plan", _("Open Government Partnership action plan")
    PROGRAMME = "programme", _("programme")
    BUDGET_PROJECTS = "budget_projects", _("participatory budget projects")


class Plan(CommunityOwned):
    """A plan of commitments over a period, monitored every `monitoring_months` months from its start."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices, default=PlanKind.ACTION_PLAN)
    body = models.TextField(_("description"), blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    monitoring_months = models.PositiveSmallIntegerField(_("monitoring interval, months"), default=6)
    is_public = models.BooleanField(_("public"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-period_start", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="commitments_plan_period"),
            models.CheckConstraint(condition=Q(monitoring_months__gte=1) & Q(monitoring_months__lte=24),
                                   name="commitments_plan_interval"),
        ]

    def __str__(self) -> str:
        return self.title


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    IN_PROGRESS = "in_progress", _("in progress")
    DELAYED = "delayed", _("delayed")
    COMPLETED = "completed", _("completed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Commitment(CommunityOwned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("plan"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("description"), blank=True)
    # Officials' public roles as the plan names them ("заступник міського голови Іваненко І. І."), not accounts.
    officials = models.CharField(_("responsible officials"), max_length=500, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=CommitmentStatus.choices,
                              default=CommitmentStatus.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    # Where an imported commitment came from ("budgets.project:12"), so a second import adds only new ones.
    source = models.CharField(max_length=60, blank=True, default="")
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="commitments_progress_percent"),
            models.UniqueConstraint(fields=["plan", "source"], condition=~Q(source=""),
                                    name="commitments_commitment_source_once"),
        ]
        indexes = [models.Index(fields=["plan", "order"])]

    def __str__(self) -> str:
        return self.title


class ResponsibleBody(CommunityOwned):
    """A department responsible for a commitment: its officials file the commitment's reports."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="bodies")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("department"))

    class Meta:
        verbose_name = _("responsible body")
        verbose_name_plural = _("responsible bodies")
        constraints = [models.UniqueConstraint(fields=["commitment", "department"],
                                               name="commitments_body_once")]


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class Milestone(CommunityOwned):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MilestoneStatus.choices,
                              default=MilestoneStatus.PLANNED)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(status="done", done_on__isnull=False)
                                              | (~Q(status="done") & Q(done_on__isnull=True)),
                                              name="commitments_milestone_done_on")]

    def __str__(self) -> str:
        return self.title


def _evidence_path(instance, filename: str) -> str:
    return random_name(f"commitments/{instance.community_id}", filename)


class Evidence(CommunityOwned):
    """Proof of what was done: a document (PDF, image, office file) or a link to a public page."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(upload_to=_evidence_path, storage=get_private_storage, max_length=200, blank=True)
    name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["added_at", "pk"]
        constraints = [models.CheckConstraint(condition=~Q(url="") | ~Q(file=""), name="commitments_evidence_kind")]

    def __str__(self) -> str:
        return self.title


class RoundState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class MonitoringRound(CommunityOwned):
    """The n-th monitoring of a plan: reports on the period just ended, due by `due_on` (working days after it)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("number"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    due_on = models.DateField(_("reports due"))
    state = models.CharField(_("state"), max_length=10, choices=RoundState.choices, default=RoundState.OPEN)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # When the late bodies were last reminded: one reminder per interval, however often the task runs.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring round")
        verbose_name_plural = _("monitoring rounds")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="commitments_round_once")]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"{self.plan} — {self.number}"


class BodyReport(CommunityOwned):
    """A responsible body's report on one commitment in one round (one per commitment per round)."""

    round = models.ForeignKey(MonitoringRound, on_delete=models.CASCADE, related_name="reports")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="reports")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("responsible body"))
    text = models.TextField(_("report"))
    progress = models.PositiveSmallIntegerField(_("progress, %"))
    status = models.CharField(_("status"), max_length=20, choices=CommitmentStatus.choices)
    late = models.BooleanField(_("filed late"), default=False)
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        verbose_name = _("body report")
        verbose_name_plural = _("body reports")
        ordering = ["filed_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "commitment"], name="commitments_report_once"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="commitments_report_percent"),
        ]


class Rating(models.TextChoices):
    ON_TRACK = "on_track", _("on track")
    LIMITED = "limited", _("limited progress")
    OFF_TRACK = "off_track", _("off track")
    COMPLETED = "completed", _("completed")


class Assessment(CommunityOwned):
    """The independent monitoring body's assessment of one commitment in one round."""

    round = models.ForeignKey(MonitoringRound, on_delete=models.CASCADE, related_name="assessments")
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="assessments")
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    text = models.TextField(_("assessment"))
    filed_at = models.DateTimeField(_("filed"), auto_now_add=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["filed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "commitment"], name="commitments_assessment_once")]


class Monitor(CommunityOwned):
    """A member of the community's independent monitoring body (the role that assesses commitments)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.CharField(_("organisation"), max_length=200)
    appointed_at = models.DateTimeField(_("appointed"), auto_now_add=True)

    class Meta:
        verbose_name = _("monitoring body member")
        verbose_name_plural = _("monitoring body")
        constraints = [models.UniqueConstraint(fields=["community", "user"], name="commitments_monitor_once")]


class Follow(CommunityOwned):
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["commitment", "user"], name="commitments_follow_once")]
