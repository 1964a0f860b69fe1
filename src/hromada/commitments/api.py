"""The JSON API of Commitments at /c/<community>/api/v1/commitments/: plans, commitments and their public timeline
for everyone; plan keeping, rounds, reports, assessments, evidence and following for those the policies allow.

Handlers parse, call a service or selector and render; errors come back in the kernel's envelope."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Field, File, Form, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from hromada.core.api.access import SignedIn, signed_in
from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.schemas import ERROR_RESPONSES, StrictSchema

from . import policies, selectors, services
from .models import CommitmentStatus, MilestoneStatus, PlanKind, Rating

router = Router()
_manage = SignedIn(policies.can_manage)
_report = SignedIn(policies.may_report_somewhere)
_assess = SignedIn(lambda user, community: policies.can_assess(user, community, selectors.monitor_ids(community)))
_staff = SignedIn(policies.can_see_late_queue)

_TEXT = Field(..., min_length=1, max_length=services.BODY_MAX)


class CommitmentPlanOut(Schema):
    id: int
    title: str
    kind: str
    body: str
    period_start: date
    period_end: date
    monitoring_months: int
    is_public: bool
    commitment_count: int


class MonitoringRoundOut(Schema):
    id: int
    number: int
    period_start: date
    period_end: date
    due_on: date
    state: str


class CommitmentPlanDetailOut(CommitmentPlanOut):
    rounds: list[MonitoringRoundOut]


class CommitmentPlanIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    kind: str = Field(PlanKind.ACTION_PLAN, pattern="^(" + "|".join(PlanKind.values) + ")$")
    body: str = Field("", max_length=services.BODY_MAX)
    period_start: date
    period_end: date
    monitoring_months: int | None = Field(None, ge=1, le=24)
    is_public: bool = True


class CommitmentPlanPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.TITLE_MAX)
    kind: str | None = Field(None, pattern="^(" + "|".join(PlanKind.values) + ")$")
    body: str | None = Field(None, max_length=services.BODY_MAX)
    period_start: date | None = None
    period_end: date | None = None
    monitoring_months: int | None = Field(None, ge=1, le=24)
    is_public: bool | None = None


class ResponsibleBodyOut(Schema):
    id: int = Field(..., alias="department_id")
    name: str = Field(..., alias="department.name")


class CommitmentOut(Schema):
    id: int
    plan_id: int
    title: str
    body: str
    officials: str
    status: str
    progress: int
    bodies: list[ResponsibleBodyOut]


class CommitmentIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.COMMITMENT_TITLE_MAX)
    body: str = Field("", max_length=services.BODY_MAX)
    officials: str = Field("", max_length=services.OFFICIALS_MAX)
    department_ids: list[int] = Field(..., min_length=1, max_length=20)
    order: int = Field(0, ge=0, le=100_000)


class CommitmentPatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.COMMITMENT_TITLE_MAX)
    body: str | None = Field(None, max_length=services.BODY_MAX)
    officials: str | None = Field(None, max_length=services.OFFICIALS_MAX)
    department_ids: list[int] | None = Field(None, min_length=1, max_length=20)
    status: str | None = Field(None, pattern="^(" + "|".join(CommitmentStatus.values) + ")$")
    progress: int | None = Field(None, ge=0, le=100)


class CommitmentMilestoneOut(Schema):
    id: int
    title: str
    due_on: date
    status: str
    done_on: date | None


class CommitmentMilestoneIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.COMMITMENT_TITLE_MAX)
    due_on: date
    status: str = Field(MilestoneStatus.PLANNED, pattern="^(" + "|".join(MilestoneStatus.values) + ")$")
    done_on: date | None = None


class CommitmentMilestonePatch(StrictSchema):
    title: str | None = Field(None, min_length=1, max_length=services.COMMITMENT_TITLE_MAX)
    due_on: date | None = None
    status: str | None = Field(None, pattern="^(" + "|".join(MilestoneStatus.values) + ")$")
    done_on: date | None = None


class BodyReportOut(Schema):
    id: int
    round: int = Field(..., alias="round.number")
    body: str = Field(..., alias="department.name")
    text: str
    progress: int
    status: str
    late: bool
    filed_at: datetime


class BodyReportIn(StrictSchema):
    commitment_id: int = Field(..., ge=1)
    text: str = _TEXT
    progress: int = Field(..., ge=0, le=100)
    status: str = Field(..., pattern="^(" + "|".join(CommitmentStatus.values) + ")$")


class CommitmentAssessmentOut(Schema):
    id: int
    round: int = Field(..., alias="round.number")
    rating: str
    text: str
    filed_at: datetime


class CommitmentAssessmentIn(StrictSchema):
    commitment_id: int = Field(..., ge=1)
    text: str = _TEXT
    rating: str = Field(..., pattern="^(" + "|".join(Rating.values) + ")$")


class CommitmentEvidenceOut(Schema):
    id: int
    title: str
    url: str
    name: str
    added_at: datetime


class CommitmentEvidenceIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    url: str = Field(..., min_length=1, max_length=services.URL_MAX)


class CommitmentDetailOut(CommitmentOut):
    milestones: list[CommitmentMilestoneOut]
    reports: list[BodyReportOut]
    assessments: list[CommitmentAssessmentOut]
    evidence: list[CommitmentEvidenceOut]


class CommitmentFollowOut(Schema):
    following: bool


class LateReportOut(Schema):
    round_id: int
    plan_id: int
    commitment_id: int
    title: str
    due_on: date
    days_late: int


# Reads: everyone.

@router.get("/", response={200: list[CommitmentPlanOut], **ERROR_RESPONSES}, summary="List plans")
@paginate(PageNumber)
def plan_list(request):
    return selectors.plan_list(actor=request.user, community=require_community(request))


@router.get("/late", response={200: list[LateReportOut], **ERROR_RESPONSES}, summary="Late reports (staff)", auth=_staff)
def late_reports(request):
    rows = selectors.late_reports(actor=request.auth.user, community=require_community(request))
    return [{"round_id": r.round.pk, "plan_id": r.round.plan_id, "commitment_id": r.commitment.pk,
             "title": r.commitment.title, "due_on": r.round.due_on, "days_late": r.days_late} for r in rows[:500]]


@router.get("/{plan_id}", response={200: CommitmentPlanDetailOut, **ERROR_RESPONSES}, summary="One plan with its rounds")
def plan_detail(request, plan_id: int):
    return selectors.plan_get(actor=request.user, community=require_community(request), plan_id=plan_id)


@router.get("/{plan_id}/commitments", response={200: list[CommitmentOut], **ERROR_RESPONSES},
            summary="A plan's commitments")
@paginate(PageNumber)
def commitment_list(request, plan_id: int):
    plan = selectors.plan_get(actor=request.user, community=require_community(request), plan_id=plan_id)
    return selectors.commitment_list(plan=plan)


@router.get("/commitments/{commitment_id}", response={200: CommitmentDetailOut, **ERROR_RESPONSES},
            summary="A commitment with its milestones, reports, assessments and evidence")
def commitment_detail(request, commitment_id: int):
    return selectors.commitment_get(actor=request.user, community=require_community(request),
                                    commitment_id=commitment_id, full=True)


# Plan keeping: the community's admins.

@router.post("/", response={201: CommitmentPlanOut, **ERROR_RESPONSES}, summary="Add a plan (admins)", auth=_manage)
def plan_create(request, payload: CommitmentPlanIn):
    community = require_community(request)
    plan = services.plan_create(actor=request.auth.user, community=community, **payload.dict())
    return Status(201, selectors.plan_get(actor=request.auth.user, community=community, plan_id=plan.pk))


@router.patch("/{plan_id}", response={200: CommitmentPlanOut, **ERROR_RESPONSES}, summary="Change a plan (admins)",
              auth=_manage)
def plan_update(request, plan_id: int, payload: CommitmentPlanPatch):
    community = require_community(request)
    services.plan_update(actor=request.auth.user, community=community, plan_id=plan_id,
                         **payload.dict(exclude_none=True))
    return selectors.plan_get(actor=request.auth.user, community=community, plan_id=plan_id)


@router.delete("/{plan_id}", response={204: None, **ERROR_RESPONSES}, summary="Delete a plan (admins)",
               auth=_manage)
def plan_delete(request, plan_id: int):
    services.plan_delete(actor=request.auth.user, community=require_community(request), plan_id=plan_id)
    return Status(204, None)


@router.post("/{plan_id}/commitments", response={201: CommitmentOut, **ERROR_RESPONSES},
             summary="Add a commitment (admins)", auth=_manage)
def commitment_create(request, plan_id: int, payload: CommitmentIn):
    commitment = services.commitment_create(actor=request.auth.user, community=require_community(request),
                                            plan_id=plan_id, **payload.dict())
    return Status(201, commitment)


@router.post("/{plan_id}/budget-winners", response={200: dict, **ERROR_RESPONSES},
             summary="Add the winning participatory-budget projects as commitments (admins)", auth=_manage)
def plan_import_budget_winners(request, plan_id: int):
    return {"added": services.plan_import_budget_winners(actor=request.auth.user,
                                                         community=require_community(request), plan_id=plan_id)}


@router.post("/{plan_id}/rounds", response={201: MonitoringRoundOut, **ERROR_RESPONSES},
             summary="Open the next monitoring round once its period has ended (admins)", auth=_manage)
def round_open(request, plan_id: int):
    return Status(201, services.round_open(actor=request.auth.user, community=require_community(request),
                                           plan_id=plan_id))


@router.post("/rounds/{round_id}/close", response={200: MonitoringRoundOut, **ERROR_RESPONSES},
             summary="Close a monitoring round (admins)", auth=_manage)
def round_close(request, round_id: int):
    return services.round_close(actor=request.auth.user, community=require_community(request), round_id=round_id)


@router.patch("/commitments/{commitment_id}", response={200: CommitmentOut, **ERROR_RESPONSES},
              summary="Change a commitment (admins)", auth=_manage)
def commitment_update(request, commitment_id: int, payload: CommitmentPatch):
    community = require_community(request)
    services.commitment_update(actor=request.auth.user, community=community, commitment_id=commitment_id,
                               **payload.dict(exclude_none=True))
    return selectors.commitment_get(actor=request.auth.user, community=community, commitment_id=commitment_id)


@router.delete("/commitments/{commitment_id}", response={204: None, **ERROR_RESPONSES},
               summary="Delete a commitment without reports (admins)", auth=_manage)
def commitment_delete(request, commitment_id: int):
    services.commitment_delete(actor=request.auth.user, community=require_community(request),
                               commitment_id=commitment_id)
    return Status(204, None)


@router.post("/commitments/{commitment_id}/milestones", response={201: CommitmentMilestoneOut, **ERROR_RESPONSES},
             summary="Add a milestone (admins)", auth=_manage)
def milestone_create(request, commitment_id: int, payload: CommitmentMilestoneIn):
    return Status(201, services.milestone_create(actor=request.auth.user, community=require_community(request),
                                                 commitment_id=commitment_id, **payload.dict()))


@router.patch("/milestones/{milestone_id}", response={200: CommitmentMilestoneOut, **ERROR_RESPONSES},
              summary="Change a milestone (admins)", auth=_manage)
def milestone_update(request, milestone_id: int, payload: CommitmentMilestonePatch):
    return services.milestone_update(actor=request.auth.user, community=require_community(request),
                                     milestone_id=milestone_id, **payload.dict(exclude_unset=True))


@router.delete("/milestones/{milestone_id}", response={204: None, **ERROR_RESPONSES},
               summary="Delete a milestone (admins)", auth=_manage)
def milestone_delete(request, milestone_id: int):
    services.milestone_delete(actor=request.auth.user, community=require_community(request),
                              milestone_id=milestone_id)
    return Status(204, None)


# The monitoring: responsible bodies report and add evidence, the monitoring body assesses.

@router.post("/rounds/{round_id}/reports", response={201: BodyReportOut, **ERROR_RESPONSES},
             summary="File a responsible body's report (its officials)", auth=_report)
def report_file(request, round_id: int, payload: BodyReportIn):
    return Status(201, services.report_file(actor=request.auth.user, community=require_community(request),
                                            round_id=round_id, **payload.dict()))


@router.post("/rounds/{round_id}/assessments", response={201: CommitmentAssessmentOut, **ERROR_RESPONSES},
             summary="File the monitoring body's assessment", auth=_assess)
def assessment_file(request, round_id: int, payload: CommitmentAssessmentIn):
    return Status(201, services.assessment_file(actor=request.auth.user, community=require_community(request),
                                                round_id=round_id, **payload.dict()))


@router.post("/commitments/{commitment_id}/evidence", response={201: CommitmentEvidenceOut, **ERROR_RESPONSES},
             summary="Add a link as evidence (responsible bodies)", auth=_report)
def evidence_add(request, commitment_id: int, payload: CommitmentEvidenceIn):
    return Status(201, services.evidence_add(actor=request.auth.user, community=require_community(request),
                                             commitment_id=commitment_id, **payload.dict()))


@router.post("/commitments/{commitment_id}/evidence/file", response={201: CommitmentEvidenceOut, **ERROR_RESPONSES},
             summary="Add a file as evidence (multipart: title, file; PDF, image or office document)", auth=_report)
def evidence_file_add(request, commitment_id: int, title: Form[str], file: File[UploadedFile]):
    # The same service as the web form: the kernel's upload checks type the file by its content and strip EXIF.
    return Status(201, services.evidence_add(actor=request.auth.user, community=require_community(request),
                                             commitment_id=commitment_id, title=title, upload=file))


# Following: anyone signed in.

@router.post("/commitments/{commitment_id}/follow", response={200: CommitmentFollowOut, **ERROR_RESPONSES},
             summary="Follow a commitment's reports and assessments", auth=signed_in)
def commitment_follow(request, commitment_id: int):
    return {"following": services.commitment_follow(actor=request.auth.user, community=require_community(request),
                                                    commitment_id=commitment_id)}


@router.delete("/commitments/{commitment_id}/follow", response={200: CommitmentFollowOut, **ERROR_RESPONSES},
               summary="Stop following a commitment", auth=signed_in)
def commitment_unfollow(request, commitment_id: int):
    return {"following": services.commitment_unfollow(actor=request.auth.user,
                                                      community=require_community(request),
                                                      commitment_id=commitment_id)}
