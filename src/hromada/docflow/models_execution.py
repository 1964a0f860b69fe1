"""Execution of documents: resolutions (tasks with executors and deadlines) and their control events, approval
routes of outgoing letters with their steps, signatures of attachment versions, and dispatches of sent letters.

States move only through django-fsm-2 transitions (ADR 0015); the models with a state field refuse to save a row
whose state another transaction changed since it was read (ConcurrentTransitionMixin: a conditional UPDATE)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from hromada.core.identity.models import Department
from hromada.core.tenancy.models import CommunityOwned

from .models import AttachmentVersion, Document

USER = settings.AUTH_USER_MODEL


class ResolutionState(models.TextChoices):
    ACTIVE = "active", _("in execution")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


# What the executive-discipline dashboard counts and filters by, besides the group (selectors_execution.dashboard).
DASHBOARD_COLUMNS = ["deadline", "on_time", "days_taken", "created_at"]


class Resolution(ConcurrentTransitionMixin, CommunityOwned):
    """A resolution (резолюція) on a registered card: the task, its main executor and co-executors, the deadline.
    `parent` makes a chain: the head resolves to a department head, who resolves to an executor."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="resolutions",
                                 verbose_name=_("document"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children",
                               verbose_name=_("resolved under"))
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author"))
    main_executor = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("main executor"))
    co_executors = models.ManyToManyField(USER, blank=True, related_name="+", verbose_name=_("co-executors"))
    # The main executor's department when resolved: the executive-discipline dashboard groups by it.
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("department"))
    text = models.TextField(_("task"))
    deadline = models.DateField(_("deadline"))
    state = FSMField(_("state"), max_length=20, choices=ResolutionState.choices, default=ResolutionState.ACTIVE)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    completion_note = models.TextField(_("completion note"), blank=True)
    on_time = models.BooleanField(_("on time"), null=True, blank=True)
    days_taken = models.PositiveIntegerField(_("days taken"), null=True, blank=True)
    created_at = models.DateTimeField(_("resolved"), auto_now_add=True)

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["community", "state", "deadline"]),
            # The dashboard's aggregates per official and per department read these alone (every column they
            # count is in them), in the order of their groups: no table rows, no sort (docs/performance.md).
            models.Index(fields=["community", "main_executor", "state", *DASHBOARD_COLUMNS],
                         name="docflow_res_executor_cover"),
            models.Index(fields=["community", "department", "state", *DASHBOARD_COLUMNS],
                         name="docflow_res_department_cover"),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @transition(field=state, source=ResolutionState.ACTIVE, target=ResolutionState.DONE)
    def complete(self) -> None:
        """Done: when and whether on time are filled by the service."""

    @transition(field=state, source=ResolutionState.ACTIVE, target=ResolutionState.CANCELLED)
    def cancel(self) -> None:
        """Withdrawn by its author or the control office."""


class ControlEventKind(models.TextChoices):
    REMINDER = "reminder", _("reminder")
    ESCALATION = "escalation", _("escalation")
    EXTENSION = "extension", _("extension")
    COMPLETION = "completion", _("completion")


class ControlEvent(CommunityOwned):
    """What the control of a resolution recorded: reminders and the escalation (each once per deadline, the unique
    constraint enforces it), extensions with their reason and the completion mark."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="control_events")
    kind = models.CharField(_("event"), max_length=20, choices=ControlEventKind.choices)
    deadline = models.DateField(_("deadline"))
    new_deadline = models.DateField(_("new deadline"), null=True, blank=True)
    days_before = models.PositiveSmallIntegerField(default=0)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(
            fields=["resolution", "kind", "deadline", "days_before"],
            condition=Q(kind__in=["reminder", "escalation"]), name="docflow_control_once")]


class RouteState(models.TextChoices):
    IN_APPROVAL = "in_approval", _("in approval")
    RETURNED = "returned", _("returned to the author")
    APPROVED = "approved", _("approved, awaiting signature")
    SIGNED = "signed", _("signed")
    SENT = "sent", _("sent")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ApprovalRoute(ConcurrentTransitionMixin, CommunityOwned):
    """The approval of an outgoing letter: `stages` lists the approvers' ids stage by stage (one approver per stage
    is sequential, one stage of many is parallel, several stages of several are mixed); then the signer signs."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="routes",
                                 verbose_name=_("document"))
    resolution = models.ForeignKey(Resolution, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="routes", verbose_name=_("resolution"))
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("author"))
    signer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("signer"))
    stages = models.JSONField(_("stages"), default=list)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    stage = models.PositiveSmallIntegerField(_("current stage"), default=0)
    state = FSMField(_("state"), max_length=20, choices=RouteState.choices, default=RouteState.IN_APPROVAL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("approval route")
        verbose_name_plural = _("approval routes")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["community", "signer", "state"])]

    @transition(field=state, source=RouteState.IN_APPROVAL, target=RouteState.APPROVED)
    def approve(self) -> None:
        """Every stage approved: the signer's turn."""

    @transition(field=state, source=RouteState.IN_APPROVAL, target=RouteState.RETURNED)
    def return_to_author(self) -> None:
        """An approver returned it: the author corrects and resubmits."""

    @transition(field=state, source=RouteState.RETURNED, target=RouteState.IN_APPROVAL)
    def resubmit(self) -> None:
        self.round += 1
        self.stage = 0

    @transition(field=state, source=RouteState.APPROVED, target=RouteState.SIGNED)
    def sign(self) -> None:
        """The signer signed every current version of the letter's files."""

    @transition(field=state, source=RouteState.SIGNED, target=RouteState.SENT)
    def mark_sent(self) -> None:
        """The office registered and sent the letter."""

    @transition(field=state, source=[RouteState.IN_APPROVAL, RouteState.RETURNED, RouteState.APPROVED],
                target=RouteState.WITHDRAWN)
    def withdraw(self) -> None:
        """The author withdrew the letter before it was signed."""


class StepState(models.TextChoices):
    WAITING = "waiting", _("waiting for the previous stage")
    PENDING = "pending", _("awaiting decision")
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned with a comment")
    DELEGATED = "delegated", _("delegated")
    CANCELLED = "cancelled", _("no longer needed")


class ApprovalStep(ConcurrentTransitionMixin, CommunityOwned):
    """One approver's step in a round of a route; a delegated step is closed and a step for the delegate opens in
    the same stage (`delegated_from` records who passed it on)."""

    route = models.ForeignKey(ApprovalRoute, on_delete=models.CASCADE, related_name="steps")
    round = models.PositiveSmallIntegerField(default=1)
    stage = models.PositiveSmallIntegerField(default=0)
    approver = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("approver"))
    delegated_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = FSMField(_("state"), max_length=20, choices=StepState.choices, default=StepState.WAITING)
    comment = models.TextField(_("comment"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["round", "stage", "pk"]
        indexes = [models.Index(fields=["community", "approver", "state"])]

    @transition(field=state, source=StepState.WAITING, target=StepState.PENDING)
    def open(self) -> None:
        """The previous stage is done: this approver now sees the letter."""

    @transition(field=state, source=StepState.PENDING, target=StepState.APPROVED)
    def approve(self) -> None:
        pass

    @transition(field=state, source=StepState.PENDING, target=StepState.RETURNED)
    def return_to_author(self) -> None:
        pass

    @transition(field=state, source=StepState.PENDING, target=StepState.DELEGATED)
    def delegate(self) -> None:
        pass

    @transition(field=state, source=[StepState.WAITING, StepState.PENDING], target=StepState.CANCELLED)
    def cancel(self) -> None:
        """The round ended (returned or withdrawn) before this step was decided."""


class SignatureKind(models.TextChoices):
    SIMPLE = "simple", _("simple electronic signature of the signed-in official")
    QUALIFIED = "qualified", _("qualified electronic signature (КЕП), verified")


class Signature(CommunityOwned):
    """Who signed which version of which file, when, and how: the SHA-256 is the version's at signing time."""

    route = models.ForeignKey(ApprovalRoute, on_delete=models.CASCADE, related_name="signatures")
    version = models.ForeignKey(AttachmentVersion, on_delete=models.PROTECT, related_name="signatures")
    sha256 = models.CharField("SHA-256", max_length=64)
    signer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name=_("signer"))
    kind = models.CharField(_("signature"), max_length=20, choices=SignatureKind.choices)
    certificate_subject = models.CharField(_("certificate subject"), max_length=500, blank=True)
    signature = models.BinaryField(null=True, blank=True)  # the detached CAdES signature, when one was given
    signed_at = models.DateTimeField(_("signed"))

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["route", "version"], name="docflow_signature_once")]


class DispatchMethod(models.TextChoices):
    EMAIL = "email", _("email")
    POST = "post", _("post (paper)")


class DispatchState(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class Dispatch(ConcurrentTransitionMixin, CommunityOwned):
    """A registered outgoing letter's sending: by email through the configured backend, or by post."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="dispatches")
    method = models.CharField(_("method"), max_length=10, choices=DispatchMethod.choices)
    address = models.CharField(_("address"), max_length=254, blank=True)
    state = FSMField(_("state"), max_length=10, choices=DispatchState.choices, default=DispatchState.QUEUED)
    sent_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-pk"]

    @transition(field=state, source=[DispatchState.QUEUED, DispatchState.FAILED], target=DispatchState.SENT)
    def delivered(self) -> None:
        pass

    @transition(field=state, source=DispatchState.QUEUED, target=DispatchState.FAILED)
    def failed(self) -> None:
        pass


__all__ = ["ApprovalRoute", "ApprovalStep", "ControlEvent", "ControlEventKind", "Dispatch", "DispatchMethod",
           "DispatchState", "Resolution", "ResolutionState", "RouteState", "Signature", "SignatureKind", "StepState"]
