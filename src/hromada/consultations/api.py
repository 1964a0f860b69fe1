"""The JSON API of e-consultations at /c/<community>/api/v1/consultations/: lists, a consultation with its
paragraphs, its proposals, and the writes (propose, support, answer, hide; staff create, publish, close, report).

Handlers parse, call a service or selector and render; errors come back in the kernel's envelope."""

from datetime import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import AwareDatetime

from hromada.core.api.access import SignedIn, signed_in
from hromada.core.api.auth import require_community
from hromada.core.api.pagination import PageNumber
from hromada.core.api.ratelimit import RateKey
from hromada.core.api.schemas import ERROR_RESPONSES, MAX_ID, StrictSchema

from . import policies, selectors, services
from .models import Answer, IdentityRule, Kind, ProposalKind

router = Router()
_staff = SignedIn(policies.can_see_staff_pages)
_moderators = SignedIn(policies.can_hide)


class ConsultationOut(Schema):
    id: int
    title: str
    kind: str
    summary: str
    status: str
    department: str | None
    opens_at: datetime
    closes_at: datetime
    required_identity_level: int
    proposal_count: int
    report_published_at: datetime | None

    @staticmethod
    def resolve_department(obj) -> str | None:
        return obj.department.name if obj.department_id else None


class ConsultationParagraphOut(Schema):
    number: int
    text: str


class ConsultationDetailOut(ConsultationOut):
    paragraphs: list[ConsultationParagraphOut]
    report_summary: str

    @staticmethod
    def resolve_paragraphs(obj) -> list:
        return list(obj.paragraphs.order_by("number"))


class ConsultationProposalOut(Schema):
    id: int
    paragraph: int | None
    new_paragraph_after: int | None
    kind: str
    text: str
    hidden: bool
    hidden_reason: str
    supports: int
    submitted_at: datetime
    answer: str
    answer_reason: str
    answered_at: datetime | None

    @staticmethod
    def resolve_paragraph(obj) -> int | None:
        return obj.paragraph.number if obj.paragraph_id else None

    @staticmethod
    def resolve_new_paragraph_after(obj) -> int | None:
        return obj.after_number

    @staticmethod
    def resolve_text(obj) -> str:
        return "" if obj.is_hidden else obj.text

    @staticmethod
    def resolve_hidden(obj) -> bool:
        return obj.is_hidden

    @staticmethod
    def resolve_supports(obj) -> int:
        return obj.support_count

    @staticmethod
    def resolve_submitted_at(obj) -> datetime:
        return obj.created_at


class ConsultationFilters(Schema):
    state: Literal["", "open", "closed"] = ""
    q: str = Field("", max_length=100)


class ConsultationIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=services.TITLE_MAX)
    text: str = Field(..., min_length=1, max_length=services.TEXT_MAX)
    kind: Kind = Kind.DECISION
    summary: str = Field("", max_length=services.SUMMARY_MAX)
    department_id: int | None = Field(None, ge=1, le=MAX_ID)
    opens_at: AwareDatetime
    closes_at: AwareDatetime
    required_identity_level: IdentityRule = IdentityRule.EMAIL


class ConsultationFromCouncilDraftIn(StrictSchema):
    draft_id: int = Field(..., ge=1, le=MAX_ID)
    department_id: int | None = Field(None, ge=1, le=MAX_ID)
    opens_at: AwareDatetime
    closes_at: AwareDatetime
    required_identity_level: IdentityRule = IdentityRule.EMAIL


class ConsultationProposalIn(StrictSchema):
    kind: ProposalKind
    text: str = Field(..., min_length=1, max_length=services.PROPOSAL_MAX)
    paragraph: int | None = Field(None, ge=1, le=services.PARAGRAPHS_MAX)
    new_paragraph_after: int | None = Field(None, ge=0, le=services.PARAGRAPHS_MAX)


class ConsultationAnswerIn(StrictSchema):
    answer: Answer
    reason: str = Field("", max_length=services.ANSWER_MAX)


class ConsultationHideIn(StrictSchema):
    reason: str = Field(..., min_length=1, max_length=services.REASON_MAX)


class ConsultationReportIn(StrictSchema):
    summary: str = Field("", max_length=services.REPORT_MAX)


def _get(request, consultation_id: int):
    return selectors.consultation_get(actor=request.user, community=require_community(request),
                                      consultation_id=consultation_id)


@router.get("/", response={200: list[ConsultationOut], **ERROR_RESPONSES}, summary="List public consultations")
@paginate(PageNumber)
def consultation_list(request, filters: Query[ConsultationFilters]):
    return selectors.consultation_list(actor=request.user, community=require_community(request), state=filters.state,
                                       q=filters.q)


@router.get("/{int:consultation_id}", response={200: ConsultationDetailOut, **ERROR_RESPONSES},
            summary="A consultation with its numbered paragraphs")
def consultation_detail(request, consultation_id: int):
    return _get(request, consultation_id)


@router.get("/{int:consultation_id}/proposals", response={200: list[ConsultationProposalOut], **ERROR_RESPONSES},
            summary="Every proposal of a consultation with its answer (hidden ones without their text)")
@paginate(PageNumber)
def proposal_list(request, consultation_id: int):
    community = require_community(request)
    return selectors.proposal_list(community=community, consultation=_get(request, consultation_id))


@router.post("/", response={201: ConsultationDetailOut, **ERROR_RESPONSES}, summary="Open a draft consultation (staff)",
             auth=_staff)
def consultation_create(request, payload: ConsultationIn):
    consultation = services.consultation_create(actor=request.user, community=require_community(request),
                                                **payload.dict())
    return Status(201, consultation)


@router.post("/from-council-draft", response={201: ConsultationDetailOut, **ERROR_RESPONSES},
             summary="Open a draft consultation on a council draft decision (staff; 404 without the council capability)",
             auth=_staff)
def consultation_open_from_council_draft(request, payload: ConsultationFromCouncilDraftIn):
    consultation = services.consultation_open_from_council_draft(actor=request.user,
                                                                 community=require_community(request),
                                                                 **payload.dict())
    return Status(201, consultation)


def _consultation_action(request, consultation_id: int, service, **kwargs):
    community = require_community(request)
    service(actor=request.user, community=community, consultation_id=consultation_id, **kwargs)
    return selectors.consultation_get(actor=request.user, community=community, consultation_id=consultation_id)


@router.post("/{int:consultation_id}/publish", response={200: ConsultationDetailOut, **ERROR_RESPONSES},
             summary="Publish a draft (staff)", auth=_staff)
def consultation_publish(request, consultation_id: int):
    return _consultation_action(request, consultation_id, services.consultation_publish)


@router.post("/{int:consultation_id}/close", response={200: ConsultationDetailOut, **ERROR_RESPONSES},
             summary="Stop taking proposals (staff)", auth=_staff)
def consultation_close(request, consultation_id: int):
    return _consultation_action(request, consultation_id, services.consultation_close)


@router.post("/{int:consultation_id}/report", response={200: ConsultationDetailOut, **ERROR_RESPONSES},
             summary="Publish the final report (staff; every visible proposal answered)", auth=_staff)
def report_publish(request, consultation_id: int, payload: ConsultationReportIn):
    return _consultation_action(request, consultation_id, services.report_publish, summary=payload.summary)


@router.post("/{int:consultation_id}/proposals", response={201: ConsultationProposalOut, **ERROR_RESPONSES},
             summary="Comment on a paragraph, propose its new wording, or a new paragraph after N", auth=signed_in)
def proposal_submit(request, consultation_id: int, payload: ConsultationProposalIn):
    proposal = services.proposal_submit(
        actor=request.user, community=require_community(request), consultation_id=consultation_id,
        kind=payload.kind, text=payload.text, paragraph_number=payload.paragraph,
        after_number=payload.new_paragraph_after, caller=RateKey.from_request(request))
    return Status(201, proposal)


@router.post("/proposals/{int:proposal_id}/support", response={201: ConsultationProposalOut, **ERROR_RESPONSES},
             summary="Support a proposal (once per person)", auth=signed_in)
def proposal_support(request, proposal_id: int):
    return Status(201, services.proposal_support(actor=request.user, community=require_community(request),
                                                 proposal_id=proposal_id))


@router.delete("/proposals/{int:proposal_id}/support", response={200: ConsultationProposalOut, **ERROR_RESPONSES},
               summary="Withdraw one's support", auth=signed_in)
def proposal_unsupport(request, proposal_id: int):
    return services.proposal_unsupport(actor=request.user, community=require_community(request),
                                       proposal_id=proposal_id)


@router.post("/proposals/{int:proposal_id}/answer", response={200: ConsultationProposalOut, **ERROR_RESPONSES},
             summary="The responsible department's answer", auth=_staff)
def proposal_answer(request, proposal_id: int, payload: ConsultationAnswerIn):
    return services.proposal_answer(actor=request.user, community=require_community(request), proposal_id=proposal_id,
                                    answer=payload.answer, reason=payload.reason)


@router.post("/proposals/{int:proposal_id}/hide", response={200: ConsultationProposalOut, **ERROR_RESPONSES},
             summary="Moderation: hide with a reason (stays listed as hidden)", auth=_moderators)
def proposal_hide(request, proposal_id: int, payload: ConsultationHideIn):
    return services.proposal_hide(actor=request.user, community=require_community(request), proposal_id=proposal_id,
                                  reason=payload.reason)
