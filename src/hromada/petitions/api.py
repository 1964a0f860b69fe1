"""The petitions JSON API at /api/v1/petitions/: list, detail with live count, create, submit, sign,
moderation and the answer. Handlers only parse, call a service or selector, and render."""


from datetime import datetime
from typing import Annotated

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status as HttpStatus

from hromada.core.api.access import SignedIn, signed_in
from hromada.core.api.auth import require_community, require_user
from hromada.core.api.pagination import PageNumber
from hromada.core.api.public_cache import cached_for_anonymous
from hromada.core.api.ratelimit import RateKey
from hromada.core.api.schemas import ERROR_RESPONSES, MAX_ID, StrictSchema
from hromada.core.identity.policies import is_staff_of
from hromada.core.tenancy.urls import community_path

from . import policies, selectors, services
from .models import Decision, Status

router = Router()


class PetitionOut(Schema):
    id: int
    title: str
    status: str
    status_label: str
    category: str | None
    signatures: int
    threshold: int
    published_at: datetime | None
    collection_ends_at: datetime | None
    url: str

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_category(obj) -> str | None:
        return obj.category.name if obj.category_id else None

    @staticmethod
    def resolve_signatures(obj) -> int:
        return getattr(obj, "signature_total", 0) or 0

    @staticmethod
    def resolve_url(obj) -> str:
        return community_path(obj.community, "petitions:detail", obj.pk)


class AnswerOut(Schema):
    text: str
    decision: str
    answered_at: datetime | None
    answered_by: str
    attachments: list[str]


class PetitionDetailOut(PetitionOut):
    text: str
    threshold_reached_at: datetime | None
    consideration_deadline: datetime | None
    overdue: bool
    department: str | None
    rejection_reason: str
    duplicate_of: int | None
    answer: AnswerOut | None

    @staticmethod
    def resolve_department(obj) -> str | None:
        return obj.department.name if obj.department_id else None

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return selectors.is_overdue(obj)

    @staticmethod
    def resolve_duplicate_of(obj) -> int | None:
        return obj.duplicate_of_id

    @staticmethod
    def resolve_answer(obj) -> dict | None:
        if obj.status != Status.ANSWERED:
            return None
        return {"text": obj.answer_text, "decision": obj.answer_decision, "answered_at": obj.answered_at,
                "answered_by": str(obj.answered_by) if obj.answered_by_id else "",
                "attachments": [a.file.url for a in obj.attachments.all()]}


class ListFilters(Schema):
    status: Status | None = None
    category: int | None = Field(None, ge=1, le=MAX_ID)
    q: str = Field("", max_length=200)
    sort: str = Field("newest", pattern="^(newest|signatures|ending)$")


class PetitionIn(StrictSchema):
    title: str = Field(..., min_length=10, max_length=200)
    text: str = Field(..., min_length=50, max_length=10_000)
    category_id: int | None = Field(None, ge=1, le=MAX_ID)
    co_authors: list[Annotated[str, Field(min_length=3, max_length=254)]] = Field(
        default_factory=list, max_length=services.MAX_CO_AUTHORS, description="Emails of co-authors.")


class CountOut(Schema):
    id: int
    signatures: int
    threshold: int
    status: str


class SignOut(CountOut):
    signed: bool


class SimilarOut(Schema):
    id: int
    title: str
    score: float
    url: str


class RejectIn(StrictSchema):
    reason: str = Field(..., min_length=1, max_length=200, description="One of the community's rejection reasons.")
    comment: str = Field("", max_length=2000)


class DuplicateIn(StrictSchema):
    original_id: int = Field(..., ge=1, le=MAX_ID)
    comment: str = Field("", max_length=2000)


class PetitionAssignIn(StrictSchema):
    department_id: int = Field(..., ge=1, le=MAX_ID)


class AnswerIn(StrictSchema):
    text: str = Field(..., min_length=20, max_length=20_000)
    decision: Decision


def _get(request, petition_id: int):
    return selectors.petition_get(community=require_community(request), pk=petition_id, viewer=request.user)


def _detail(request, petition_id: int):
    # petition_get annotates the live count (the sum of the counter shards at this moment).
    return _get(request, petition_id)


@router.get("/", response={200: list[PetitionOut], **ERROR_RESPONSES}, summary="List published petitions")
@cached_for_anonymous(seconds=5)
@paginate(PageNumber)
def petition_list(request, filters: Query[ListFilters]):
    community = require_community(request)
    return selectors.petition_list(community=community, status=filters.status or "", category_id=filters.category,
                                   q=filters.q, sort=filters.sort).select_related("community")


@router.get("/similar", response={200: list[SimilarOut], **ERROR_RESPONSES}, summary="Petitions similar to a text")
def petition_similar(request, text: str = Query(..., max_length=2000)):
    community = require_community(request)
    return [{"id": p.pk, "title": p.title, "score": score,
             "url": community_path(community, "petitions:detail", p.pk)}
            for p, score in selectors.petition_similar(community=community, text=text)]


# Refused before the body is read (see core.api.access); the services check the same policies again.
_may_create = SignedIn(policies.can_create, message=_("Confirm your email address to file a petition."))
_moderates = SignedIn(policies.can_moderate_petitions)
_assigns = SignedIn(policies.can_assign)
_staff = SignedIn(is_staff_of)


@router.post("/", response={201: PetitionDetailOut, **ERROR_RESPONSES}, summary="Create a draft petition",
             auth=_may_create)
def petition_create(request, payload: PetitionIn):
    user = require_user(request)
    community = require_community(request)
    petition = services.petition_create(actor=user, community=community, title=payload.title, text=payload.text,
                                        category_id=payload.category_id, co_author_emails=payload.co_authors,
                                        caller=RateKey.from_request(request, user=user))
    return HttpStatus(201, _detail(request, petition.pk))


@router.get("/{int:petition_id}", response={200: PetitionDetailOut, **ERROR_RESPONSES},
            summary="A petition with its live signature count")
def petition_detail(request, petition_id: int):
    return _detail(request, petition_id)


@router.get("/{int:petition_id}/count", response={200: CountOut, **ERROR_RESPONSES},
            summary="The live signature count (cheap, for polling)")
def petition_count(request, petition_id: int):
    petition = _get(request, petition_id)
    return {"id": petition.pk, "signatures": selectors.signature_count(petition), "threshold": petition.threshold,
            "status": petition.status}


@router.get("/{int:petition_id}/signers", response={200: list[str], **ERROR_RESPONSES},
            summary="Public names of the signers, in signing order")
@paginate(PageNumber)
def petition_signers(request, petition_id: int):
    petition = _get(request, petition_id)
    return selectors.petition_signer_names(community=petition.community, petition=petition)


def _action(request, petition_id: int, service, **kwargs):
    user = require_user(request)
    community = require_community(request)
    petition = _get(request, petition_id)
    service(actor=user, community=community, petition=petition, **kwargs)
    return _detail(request, petition_id)


@router.post("/{int:petition_id}/submit", response={200: PetitionDetailOut, **ERROR_RESPONSES},
             summary="Send a draft to moderation", auth=signed_in)
def petition_submit(request, petition_id: int):
    return _action(request, petition_id, services.petition_submit)


@router.post("/{int:petition_id}/sign", response={201: SignOut, **ERROR_RESPONSES}, summary="Sign the petition",
             auth=signed_in)
def petition_sign(request, petition_id: int):
    user = require_user(request)
    community = require_community(request)
    petition = selectors.petition_for_signing(community=community, pk=petition_id)
    signature = services.petition_sign(actor=user, community=community, petition=petition,
                                       caller=RateKey.from_request(request, user=user))
    return HttpStatus(201, {"id": petition.pk, "signed": True, "signatures": signature.count_after,
                    "threshold": petition.threshold, "status": petition.status})


@router.post("/{int:petition_id}/publish", response={200: PetitionDetailOut, **ERROR_RESPONSES},
             summary="Moderation: publish", auth=_moderates)
def petition_publish(request, petition_id: int):
    return _action(request, petition_id, services.petition_publish)


@router.post("/{int:petition_id}/reject", response={200: PetitionDetailOut, **ERROR_RESPONSES},
             summary="Moderation: reject with a reason from the community's list", auth=_moderates)
def petition_reject(request, petition_id: int, payload: RejectIn):
    return _action(request, petition_id, services.petition_reject, reason=payload.reason, comment=payload.comment)


@router.post("/{int:petition_id}/duplicate", response={200: PetitionDetailOut, **ERROR_RESPONSES},
             summary="Moderation: reject as a duplicate of a published petition", auth=_moderates)
def petition_duplicate(request, petition_id: int, payload: DuplicateIn):
    return _action(request, petition_id, services.petition_mark_duplicate, original_id=payload.original_id,
                   comment=payload.comment)


@router.post("/{int:petition_id}/assign", response={200: PetitionDetailOut, **ERROR_RESPONSES},
             summary="Assign the answer to a department", auth=_assigns)
def petition_assign(request, petition_id: int, payload: PetitionAssignIn):
    return _action(request, petition_id, services.petition_assign_department, department_id=payload.department_id)


@router.post("/{int:petition_id}/answer", response={200: PetitionDetailOut, **ERROR_RESPONSES},
             summary="Enter the council's answer (attachments: use the web form)", auth=_staff)
def petition_answer(request, petition_id: int, payload: AnswerIn):
    return _action(request, petition_id, services.petition_answer, text=payload.text, decision=payload.decision)

