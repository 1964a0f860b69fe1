"""The JSON API of Enrolment at /c/<community>/api/v1/enrollment/: the public institutions, groups, published rules
and queues (codes, never names); the parent's own applications with positions, history and proofs of inclusion;
the parent's and the staff's steps. Handlers parse, call a service or selector and render.

No operation writes a position: there is none to write (docs/decisions/0030). No `from __future__ import
annotations` here: django-ninja resolves `Query[...]` parameters from real annotations."""

from datetime import date, datetime

from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from hromada.core.api.access import SignedIn, signed_in
from hromada.core.api.auth import require_community, require_user
from hromada.core.api.pagination import PageNumber
from hromada.core.api.public_cache import cached_for_anonymous
from hromada.core.api.schemas import ERROR_RESPONSES, MAX_ID, StrictSchema
from hromada.core.errors import NotFound

from . import policies, rules, selectors, services
from .models import InstitutionKind

router = Router()
_staff = SignedIn(policies.can_use_staff_queue)
_may_file = SignedIn(policies.can_file, code="strong_identity_required")


class InstitutionOut(Schema):
    id: int
    kind: str
    name: str
    address: str
    lat: float | None
    lon: float | None
    map_feature_id: int | None


class GroupOut(Schema):
    id: int
    institution_id: int
    institution: str = Field(..., alias="institution.name")
    kind: str = Field(..., alias="institution.kind")
    name: str
    start_year: int
    age_from_months: int | None
    age_to_months: int | None
    grade: int | None
    capacity: int
    taken: int
    waiting: int
    is_open: bool


class PriorityCategoryOut(Schema):
    id: int
    name: str
    rank: int
    proof: str


class QueueRowOut(Schema):
    position: int
    code: str = Field(..., alias="application__code")
    category: str | None = Field(None, alias="best_category")
    in_service_area: bool
    status: str = Field(..., alias="application__status")
    filed_at: datetime = Field(..., alias="application__filed_at")
    tie_break: str = Field(..., alias="application__tie_break")


class RulesOut(Schema):
    version: int
    tie_break_seed: str
    order: list[str]


class GroupFilters(Schema):
    institution_id: int | None = Field(None, ge=1, le=MAX_ID)
    start_year: int | None = Field(None, ge=2000, le=2100)


class InstitutionFilters(Schema):
    kind: InstitutionKind | None = None


@router.get("/rules", response={200: RulesOut, **ERROR_RESPONSES}, summary="The published queue rules")
def rules_show(request):
    community = require_community(request)
    return {"version": rules.RULES_VERSION, "tie_break_seed": rules.tie_break_seed(community.slug),
            "order": ["service_area", "category_rank", "filed_at", "tie_break"]}


@router.get("/institutions", response={200: list[InstitutionOut], **ERROR_RESPONSES}, summary="Institutions")
@cached_for_anonymous(seconds=10)
@paginate(PageNumber)
def institution_list(request, filters: Query[InstitutionFilters]):
    return selectors.institution_list(community=require_community(request), kind=filters.kind)


@router.get("/categories", response={200: list[PriorityCategoryOut], **ERROR_RESPONSES}, summary="Priority categories")
@paginate(PageNumber)
def category_list(request):
    return selectors.category_list(community=require_community(request))


@router.get("/groups", response={200: list[GroupOut], **ERROR_RESPONSES}, summary="Groups with places and queues")
@cached_for_anonymous(seconds=5)
@paginate(PageNumber)
def group_list(request, filters: Query[GroupFilters]):
    return selectors.group_list(community=require_community(request), institution_id=filters.institution_id,
                                start_year=filters.start_year)


@router.get("/groups/{int:group_id}", response={200: GroupOut, **ERROR_RESPONSES}, summary="One group")
def group_detail(request, group_id: int):
    return selectors.group_get(community=require_community(request), group_id=group_id)


@router.get("/groups/{int:group_id}/queue", response={200: list[QueueRowOut], **ERROR_RESPONSES},
            summary="A group's queue in rule order: codes, categories and positions, no names")
@cached_for_anonymous(seconds=5)
@paginate(PageNumber)
def group_queue(request, group_id: int):
    community = require_community(request)
    return selectors.queue_page(community=community, group=selectors.group_get(community=community, group_id=group_id))


# --- the parent ------------------------------------------------------------------------------------------------

class PreferenceOut(Schema):
    group_id: int
    group: str
    institution: str
    preference: int
    state: str
    in_service_area: bool
    position: int | None


class ClaimOut(Schema):
    id: int
    category: str
    state: str
    reason: str
    documents: int


class OfferOut(Schema):
    id: int
    group_id: int
    group: str
    state: str
    deadline: datetime


class ApplicationEventOut(Schema):
    id: int
    kind: str
    at: datetime
    detail: str
    leaf_hash: str


class EnrolmentApplicationOut(Schema):
    id: int
    code: str
    kind: str
    start_year: int
    status: str
    child_name: str
    child_birth_date: date
    address: str
    wanted_start: date
    filed_at: datetime
    choices: list[PreferenceOut]
    claims: list[ClaimOut]
    offers: list[OfferOut]
    history: list[ApplicationEventOut]


class ProofOut(Schema):
    leaf_hash: str
    included: bool
    leaf_index: int | None
    tree_size: int
    timestamp: int
    sha256_root_hash: str
    audit_path: list[str]


def _application_out(application, positions) -> dict:
    return {
        "id": application.pk, "code": application.code, "kind": application.kind,
        "start_year": application.start_year, "status": application.status, "child_name": application.child_name,
        "child_birth_date": application.child_birth_date, "address": application.address,
        "wanted_start": application.wanted_start, "filed_at": application.filed_at,
        "choices": [{"group_id": c.group_id, "group": c.group.name, "institution": c.group.institution.name,
                     "preference": c.preference, "state": c.state, "in_service_area": c.in_service_area,
                     "position": positions.get((application.pk, c.group_id))} for c in application.choices.all()],
        "claims": [{"id": c.pk, "category": c.category.name, "state": c.state, "reason": c.reason,
                    "documents": len(c.documents.all())} for c in application.claims.all()],
        "offers": [{"id": o.pk, "group_id": o.group_id, "group": f"{o.group.institution.name} — {o.group.name}",
                    "state": o.state, "deadline": o.deadline} for o in application.offers.all()],
        "history": [{"id": e.pk, "kind": e.kind, "at": e.at, "detail": e.detail, "leaf_hash": e.leaf_hash}
                    for e in application.events.all()],
    }


class FileIn(StrictSchema):
    child_name: str = Field(..., min_length=1, max_length=200)
    child_birth_date: date
    birth_certificate: str = Field(..., min_length=1, max_length=40)
    address: str = Field(..., min_length=1, max_length=300)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    group_ids: list[int] = Field(..., min_length=1, max_length=services.MAX_CHOICES)
    wanted_start: date
    category_ids: list[int] = Field(default_factory=list, max_length=20,
                                    description="Categories claimed; add their documents with POST .../claims")


@router.get("/mine", response={200: list[EnrolmentApplicationOut], **ERROR_RESPONSES}, auth=signed_in,
            summary="The caller's applications with positions, offers and history")
@paginate(PageNumber)
def application_list_mine(request):
    community = require_community(request)
    applications = list(selectors.application_list_mine(actor=require_user(request), community=community)[:100])
    positions = selectors.application_positions(community=community, applications=applications)
    return [_application_out(a, positions) for a in applications]


@router.get("/applications/{int:application_id}", response={200: EnrolmentApplicationOut, **ERROR_RESPONSES},
            auth=signed_in, summary="One application (its parent, or the staff of a chosen institution)")
def application_detail(request, application_id: int):
    community = require_community(request)
    application = selectors.application_get(actor=require_user(request), community=community,
                                            application_id=application_id)
    return _application_out(application, selectors.application_positions(community=community,
                                                                         applications=[application]))


@router.get("/applications/{int:application_id}/events/{int:event_id}/proof",
            response={200: ProofOut, **ERROR_RESPONSES}, auth=signed_in,
            summary="Proof that an event of the application is in the transparency log")
def event_proof(request, application_id: int, event_id: int):
    community = require_community(request)
    application = selectors.application_get(actor=require_user(request), community=community,
                                            application_id=application_id)
    event = next((e for e in application.events.all() if e.pk == event_id), None)
    if event is None:
        raise NotFound()
    return selectors.event_proof(community=community, event=event)


@router.post("/applications", response={201: EnrolmentApplicationOut, **ERROR_RESPONSES}, auth=_may_file,
             summary="File an application (parent with a strong identity)")
def application_file(request, payload: FileIn):
    community, user = require_community(request), require_user(request)
    data = payload.dict()
    claims = {pk: [] for pk in data.pop("category_ids")}
    application = services.application_file(actor=user, community=community, claims=claims, **data)
    application = selectors.application_get(actor=user, community=community, application_id=application.pk)
    return Status(201, _application_out(application, selectors.application_positions(
        community=community, applications=[application])))


@router.post("/applications/{int:application_id}/withdraw", response={200: EnrolmentApplicationOut, **ERROR_RESPONSES},
             auth=signed_in, summary="Withdraw one's application")
def application_withdraw(request, application_id: int):
    community, user = require_community(request), require_user(request)
    services.application_withdraw(actor=user, community=community, application_id=application_id)
    return _application_out(selectors.application_get(actor=user, community=community,
                                                      application_id=application_id), {})


@router.post("/applications/{int:application_id}/claims", response={201: ClaimOut, **ERROR_RESPONSES},
             auth=signed_in, summary="Claim a priority category with its documents (multipart, field `documents`)")
def claim_add(request, application_id: int, category_id: Form[int], documents: File[list[UploadedFile]] = None):
    claim = services.claim_add(actor=require_user(request), community=require_community(request),
                               application_id=application_id, category_id=category_id, documents=documents or [])
    return Status(201, {"id": claim.pk, "category": claim.category.name, "state": claim.state, "reason": claim.reason,
                        "documents": claim.documents.count()})


class OfferAnswerOut(Schema):
    id: int
    state: str


@router.post("/offers/{int:offer_id}/accept", response={200: OfferAnswerOut, **ERROR_RESPONSES}, auth=signed_in,
             summary="Accept an offered place")
def offer_accept(request, offer_id: int):
    return services.offer_accept(actor=require_user(request), community=require_community(request), offer_id=offer_id)


@router.post("/offers/{int:offer_id}/decline", response={200: OfferAnswerOut, **ERROR_RESPONSES}, auth=signed_in,
             summary="Decline an offered place (it moves on to the next in line)")
def offer_decline(request, offer_id: int):
    return services.offer_decline(actor=require_user(request), community=require_community(request),
                                  offer_id=offer_id)


# --- staff -----------------------------------------------------------------------------------------------------

class ClaimReviewOut(Schema):
    id: int
    application_id: int
    code: str = Field(..., alias="application.code")
    category: str = Field(..., alias="category.name")
    state: str
    created_at: datetime


class EnrolmentReasonIn(StrictSchema):
    reason: str = Field(..., min_length=1, max_length=2000)


class GrantIn(StrictSchema):
    category_id: int = Field(..., ge=1, le=MAX_ID)
    reason: str = Field(..., min_length=1, max_length=2000)


class RoundIn(StrictSchema):
    accept_days: int | None = Field(None, ge=1, le=30)


class RoundOut(Schema):
    id: int
    group_id: int
    number: int
    state: str
    accept_days: int
    opened_at: datetime
    closed_at: datetime | None


class OffersMadeOut(Schema):
    offers: int


@router.get("/staff/claims", response={200: list[ClaimReviewOut], **ERROR_RESPONSES}, auth=_staff,
            summary="Priority claims awaiting a decision, in the caller's institutions")
@paginate(PageNumber)
def claim_review_list(request):
    return selectors.claim_review_list(actor=require_user(request), community=require_community(request))


@router.post("/claims/{int:claim_id}/verify", response={200: ClaimOut, **ERROR_RESPONSES}, auth=_staff,
             summary="The documents prove the category")
def claim_verify(request, claim_id: int):
    claim = services.claim_verify(actor=require_user(request), community=require_community(request), claim_id=claim_id)
    return {"id": claim.pk, "category": claim.category.name, "state": claim.state, "reason": claim.reason,
            "documents": claim.documents.count()}


@router.post("/claims/{int:claim_id}/refuse", response={200: ClaimOut, **ERROR_RESPONSES}, auth=_staff,
             summary="The documents do not prove the category")
def claim_refuse(request, claim_id: int, payload: EnrolmentReasonIn):
    claim = services.claim_refuse(actor=require_user(request), community=require_community(request),
                                  claim_id=claim_id, reason=payload.reason)
    return {"id": claim.pk, "category": claim.category.name, "state": claim.state, "reason": claim.reason,
            "documents": claim.documents.count()}


@router.post("/applications/{int:application_id}/grant", response={200: ClaimOut, **ERROR_RESPONSES}, auth=_staff,
             summary="Grant a category from the institution's own records")
def category_grant(request, application_id: int, payload: GrantIn):
    claim = services.category_grant(actor=require_user(request), community=require_community(request),
                                    application_id=application_id, **payload.dict())
    return {"id": claim.pk, "category": claim.category.name, "state": claim.state, "reason": claim.reason,
            "documents": claim.documents.count()}


@router.post("/groups/{int:group_id}/rounds", response={201: RoundOut, **ERROR_RESPONSES}, auth=_staff,
             summary="Open an allocation round: offers go down the queue at once")
def round_open(request, group_id: int, payload: RoundIn):
    allocation = services.round_open(actor=require_user(request), community=require_community(request),
                                     group_id=group_id, accept_days=payload.accept_days)
    return Status(201, allocation)


@router.post("/rounds/{int:round_id}/run", response={200: OffersMadeOut, **ERROR_RESPONSES}, auth=_staff,
             summary="Offer the places free now down the queue")
def allocation_run(request, round_id: int):
    offers = services.allocation_run(actor=require_user(request), community=require_community(request),
                                     round_id=round_id)
    return {"offers": len(offers)}


@router.post("/rounds/{int:round_id}/close", response={200: RoundOut, **ERROR_RESPONSES}, auth=_staff,
             summary="Close a round (offers made keep their deadlines)")
def round_close(request, round_id: int):
    return services.round_close(actor=require_user(request), community=require_community(request), round_id=round_id)


@router.post("/offers/{int:offer_id}/enrol", response={200: OfferAnswerOut, **ERROR_RESPONSES}, auth=_staff,
             summary="Confirm that the child with an accepted place is enrolled")
def enrolment_confirm(request, offer_id: int):
    return services.enrolment_confirm(actor=require_user(request), community=require_community(request),
                                      offer_id=offer_id)
