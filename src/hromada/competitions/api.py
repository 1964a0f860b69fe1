"""The JSON API of grant competitions at /c/<community>/api/v1/competitions/: calls and results for anyone,
applications for their applicants, scores for jurors, eligibility, awards and publication for staff.

Handlers parse, call a service or selector and render; errors come back in the kernel's envelope. Money is kopiyky."""

from __future__ import annotations

from datetime import datetime

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from hromada.core.api.access import SignedIn, signed_in
from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.schemas import ERROR_RESPONSES, StrictSchema

from . import selectors, services
from .policies import can_manage

router = Router()
_staff = SignedIn(can_manage)


class RuleIO(StrictSchema):
    applicant_type: str
    cofinancing_percent: int = Field(0, ge=0, le=99)
    cap: int = Field(..., ge=1, description="kopiyky")


class CriterionOut(Schema):
    id: int
    name: str
    weight: int
    max_score: int


class CriterionIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=200)
    weight: int = Field(..., ge=1, le=100)
    max_score: int = Field(10, ge=1, le=100)


class PhaseIO(StrictSchema):
    key: str
    starts_at: datetime
    ends_at: datetime


class CallOut(Schema):
    id: int
    title: str
    body: str
    fund: int
    tie_break: str
    schedule: list[dict]
    phase: str | None
    rules: list[RuleIO]
    criteria: list[CriterionOut]
    description_required: bool
    attachments_required: int
    checks: list[str]
    awarded_at: datetime | None
    results_published_at: datetime | None

    @staticmethod
    def resolve_phase(obj) -> str | None:
        window = selectors.phase_of(obj)
        return window.key if window else None

    @staticmethod
    def resolve_rules(obj) -> list:
        return list(obj.rules.all())

    @staticmethod
    def resolve_criteria(obj) -> list:
        return list(obj.criteria.all())


class CallIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field("", max_length=20_000)
    fund: int = Field(..., ge=1, description="kopiyky")
    tie_break: str = "earlier_submission"
    schedule: list[PhaseIO]
    rules: list[RuleIO] = Field(..., min_length=1, max_length=4)
    criteria: list[CriterionIn] = Field(..., min_length=1, max_length=30)
    juror_ids: list[int] = Field(default_factory=list, max_length=50)
    is_public: bool = True
    description_required: bool = False
    attachments_required: int = Field(0, ge=0, le=50)
    checks: list[str] = Field(default_factory=list, max_length=20)


class CallChange(StrictSchema):
    """Only the fields sent change; once people have applied, changing the terms answers 409."""

    title: str | None = Field(None, min_length=1, max_length=200)
    body: str | None = Field(None, max_length=20_000)
    fund: int | None = Field(None, ge=1, description="kopiyky")
    tie_break: str | None = None
    schedule: list[PhaseIO] | None = None
    rules: list[RuleIO] | None = Field(None, min_length=1, max_length=4)
    criteria: list[CriterionIn] | None = Field(None, min_length=1, max_length=30)
    juror_ids: list[int] | None = Field(None, max_length=50)
    is_public: bool | None = None
    description_required: bool | None = None
    attachments_required: int | None = Field(None, ge=0, le=50)
    checks: list[str] | None = Field(None, max_length=20)


class LineIO(StrictSchema):
    item: str = Field(..., min_length=1, max_length=200)
    quantity: int = Field(..., ge=1, le=1_000_000)
    unit_cost: int = Field(..., ge=1, description="kopiyky")


class ApplicationIn(StrictSchema):
    applicant_type: str
    organisation: str = Field("", max_length=200)
    tax_id: str = Field("", max_length=20, description="EDRPOU, or a sole proprietor's RNOKPP (only hashed)")
    partner_name: str = Field("", max_length=200)
    partner_tax_id: str = Field("", max_length=20)
    title: str = Field(..., max_length=200)
    summary: str = Field(..., max_length=1000)
    description: str = Field("", max_length=20_000)
    cofinancing: int = Field(0, ge=0, description="kopiyky")
    budget_lines: list[LineIO] = Field(default_factory=list, max_length=50)


class ApplicationOut(Schema):
    id: int
    call_id: int
    title: str
    summary: str
    applicant_type: str
    organisation: str
    status: str
    total_cost: int
    cofinancing: int
    requested: int
    submitted_at: datetime | None
    score: float | None
    rank: int | None
    grant: int | None

    @staticmethod
    def resolve_organisation(obj) -> str:
        return obj.public_name


class ReviewIn(StrictSchema):
    conflict: bool
    note: str = Field("", max_length=500)


class ScoresIn(StrictSchema):
    scores: dict[str, int]
    comment: str = Field("", max_length=5000)


class JuryReviewOut(Schema):
    application_id: int
    conflict: bool
    submitted_at: datetime | None
    weighted: float | None


class EligibilityIn(StrictSchema):
    eligible: bool
    note: str = Field("", max_length=2000)


class ReportIn(StrictSchema):
    progress: str = Field(..., max_length=20_000)
    spent: int = Field(..., ge=0, description="kopiyky")


class ReportOut(Schema):
    id: int
    progress: str
    spent: int
    status: str
    review_note: str
    created_at: datetime


class ReportReviewIn(StrictSchema):
    accept: bool
    note: str = Field("", max_length=2000)


def _dump(payload, *, sent_only: bool = False) -> dict:
    data = payload.dict(exclude_unset=sent_only)
    for key in ("budget_lines", "rules", "criteria", "schedule"):
        if data.get(key) is not None:
            data[key] = [dict(item) for item in data[key]]
    return data


@router.get("/", response={200: list[CallOut], **ERROR_RESPONSES}, summary="Calls")
@paginate(PageNumber)
def call_list(request):
    return selectors.call_list(actor=request.user, community=require_community(request)) \
        .prefetch_related("rules", "criteria")


@router.get("/applications/mine", response={200: list[ApplicationOut], **ERROR_RESPONSES},
            summary="My applications", auth=signed_in)
@paginate(PageNumber)
def my_applications(request):
    return selectors.my_applications(actor=request.auth.user, community=require_community(request))


@router.get("/applications/{application_id}", response={200: ApplicationOut, **ERROR_RESPONSES},
            summary="One application (applicant, staff, jury; anyone after the results)")
def application_detail(request, application_id: int):
    return selectors.application_get(actor=request.user, community=require_community(request),
                                     application_id=application_id)


@router.get("/{call_id}", response={200: CallOut, **ERROR_RESPONSES}, summary="One call")
def call_detail(request, call_id: int):
    return selectors.call_get(actor=request.user, community=require_community(request), call_id=call_id)


@router.get("/{call_id}/results", response={200: list[ApplicationOut], **ERROR_RESPONSES},
            summary="The ranking and grants (once published)")
@paginate(PageNumber)
def call_results(request, call_id: int):
    community = require_community(request)
    call = selectors.call_get(actor=request.user, community=community, call_id=call_id)
    return selectors.results(actor=request.user, community=community, call=call)


@router.post("/", response={201: CallOut, **ERROR_RESPONSES}, summary="Announce a call (staff)", auth=_staff)
def call_create(request, payload: CallIn):
    call = services.call_create(actor=request.auth.user, community=require_community(request), **_dump(payload))
    return Status(201, call)


@router.patch("/{call_id}", response={200: CallOut, **ERROR_RESPONSES}, summary="Change a call (staff)",
              auth=_staff)
def call_change(request, call_id: int, payload: CallChange):
    changes = {k: v for k, v in _dump(payload, sent_only=True).items() if v is not None}
    return services.call_update(actor=request.auth.user, community=require_community(request), call_id=call_id,
                                **changes)


@router.post("/{call_id}/award", response={200: CallOut, **ERROR_RESPONSES}, summary="Rank and award (staff)",
             auth=_staff)
def call_award(request, call_id: int):
    return services.call_award(actor=request.auth.user, community=require_community(request), call_id=call_id)


@router.post("/{call_id}/publish", response={200: CallOut, **ERROR_RESPONSES}, summary="Publish results (staff)",
             auth=_staff)
def call_publish(request, call_id: int):
    return services.call_publish_results(actor=request.auth.user, community=require_community(request),
                                         call_id=call_id)


@router.post("/{call_id}/applications", response={201: ApplicationOut, **ERROR_RESPONSES},
             summary="Start an application (a draft)", auth=signed_in)
def application_create(request, call_id: int, payload: ApplicationIn):
    application = services.application_create(actor=request.auth.user, community=require_community(request),
                                              call_id=call_id, **_dump(payload))
    return Status(201, application)


@router.put("/applications/{application_id}", response={200: ApplicationOut, **ERROR_RESPONSES},
            summary="Change a draft", auth=signed_in)
def application_update(request, application_id: int, payload: ApplicationIn):
    return services.application_update(actor=request.auth.user, community=require_community(request),
                                       application_id=application_id, **_dump(payload))


@router.post("/applications/{application_id}/submit", response={200: ApplicationOut, **ERROR_RESPONSES},
             summary="Submit before the deadline", auth=signed_in)
def application_submit(request, application_id: int):
    return services.application_submit(actor=request.auth.user, community=require_community(request),
                                       application_id=application_id)


@router.post("/applications/{application_id}/eligibility", response={200: ApplicationOut, **ERROR_RESPONSES},
             summary="Eligibility decision (staff)", auth=_staff)
def application_review(request, application_id: int, payload: EligibilityIn):
    return services.application_review(actor=request.auth.user, community=require_community(request),
                                       application_id=application_id, **payload.dict())


@router.post("/applications/{application_id}/declaration", response={201: JuryReviewOut, **ERROR_RESPONSES},
             summary="A juror's conflict-of-interest declaration", auth=signed_in)
def review_declare(request, application_id: int, payload: ReviewIn):
    review = services.review_declare(actor=request.auth.user, community=require_community(request),
                                     application_id=application_id, **payload.dict())
    return Status(201, review)


@router.post("/applications/{application_id}/scores", response={200: JuryReviewOut, **ERROR_RESPONSES},
             summary="A juror's scores, by criterion id", auth=signed_in)
def review_submit(request, application_id: int, payload: ScoresIn):
    return services.review_submit(actor=request.auth.user, community=require_community(request),
                                  application_id=application_id, **payload.dict())


@router.post("/applications/{application_id}/reports", response={201: ReportOut, **ERROR_RESPONSES},
             summary="A grantee's report", auth=signed_in)
def report_add(request, application_id: int, payload: ReportIn):
    report = services.report_add(actor=request.auth.user, community=require_community(request),
                                 application_id=application_id, **payload.dict())
    return Status(201, report)


@router.post("/reports/{report_id}/review", response={200: ReportOut, **ERROR_RESPONSES},
             summary="Accept or return a grantee's report (staff)", auth=_staff)
def report_review(request, report_id: int, payload: ReportReviewIn):
    return services.report_review(actor=request.auth.user, community=require_community(request),
                                  report_id=report_id, **payload.dict())
