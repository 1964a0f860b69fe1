"""JSON API of appeals at /api/v1/appeals/: list, map, nearby, detail, create, follow and staff actions.

Handlers parse, call a selector or service, and render; the author's personal data only for whom it may be shown."""


from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.pagination import paginate

from hromada.core.api.access import SignedIn, signed_in
from hromada.core.api.auth import require_community, require_user
from hromada.core.api.pagination import PageNumber
from hromada.core.api.public_cache import cached_for_anonymous
from hromada.core.api.ratelimit import RateKey
from hromada.core.api.schemas import BBOX_PATTERN, ERROR_RESPONSES, StrictSchema
from hromada.core.errors import PermissionDenied
from hromada.core.geo.distance import parse_bbox
from hromada.core.identity.models import IdentityLevel
from hromada.core.identity.policies import has_identity_level
from hromada.core.tenancy.urls import community_path

from . import policies, selectors, services
from .models import Source

router = Router()


class CategoryOut(Schema):
    code: str
    name: str
    description: str
    group: str
    term_kind: str
    public_by_default: bool
    attributes: list[dict[str, Any]]


class ContactOut(Schema):
    name: str
    email: str
    phone: str


class AppealOut(Schema):
    id: int
    registration_index: str
    category: str
    category_name: str
    status: str
    status_label: str
    is_public: bool
    description: str
    address: str
    lat: float
    lon: float
    area: str | None
    department: str | None
    created_at: datetime
    updated_at: datetime
    due_at: datetime
    extended: bool
    answered_at: datetime | None
    closed_at: datetime | None
    url: str
    contact: ContactOut | None = Field(None, description="Only for the author and authorised staff.")


class EventOut(Schema):
    kind: str
    status: str
    text: str
    created_at: datetime


class FileOut(Schema):
    name: str
    url: str


class AppealDetailOut(AppealOut):
    kind: str
    is_repeated: bool
    response_text: str
    reason: str
    redirected_to: str
    attributes: dict[str, Any]
    owner: str | None
    photos: list[FileOut]
    documents: list[FileOut]
    history: list[EventOut]
    following: bool
    channel: str
    rating: int | None
    reopened_count: int


def _out(appeal, user) -> dict:
    private = policies.can_see_private(user, appeal)
    return {
        "id": appeal.pk, "registration_index": appeal.registration_index, "category": appeal.category.code,
        "category_name": appeal.category.name, "status": appeal.status, "status_label": appeal.get_status_display(),
        "is_public": appeal.is_public, "description": appeal.description, "address": appeal.address,
        "lat": appeal.lat, "lon": appeal.lon, "area": appeal.area.name if appeal.area else None,
        "department": appeal.department.name if appeal.department else None, "created_at": appeal.created_at,
        "updated_at": appeal.updated_at, "due_at": appeal.due_at, "extended": appeal.extended,
        "answered_at": appeal.answered_at, "closed_at": appeal.closed_at,
        "url": community_path(appeal.community, "appeals:detail", appeal.pk),
        "contact": {"name": appeal.contact_name, "email": appeal.contact_email, "phone": appeal.contact_phone}
        if private else None,
    }


PRIVATE_EVENTS = {"reply", "reopened"}


def _detail(appeal, user) -> dict:
    data = _out(appeal, user)
    private = policies.can_see_private(user, appeal)
    c = appeal.community
    data.update(
        kind=appeal.kind, is_repeated=appeal.is_repeated, response_text=appeal.response_text, reason=appeal.reason, redirected_to=appeal.redirected_to,
        attributes=appeal.attributes,
        owner=appeal.owner.display_name if appeal.owner_id else None,  # a chosen name, never an email part
        photos=[{"name": f"photo-{p.pk}.jpg", "url": community_path(c, "appeals:photo", appeal.pk, p.pk)}
                for p in appeal.photos.all()],
        documents=[{"name": d.name, "url": community_path(c, "appeals:document", appeal.pk, d.pk)}
                   for d in appeal.documents.all()],
        # The author's own words after filing (a reply, why it was reopened) are for the author and the staff.
        history=[{"kind": e.kind, "status": e.status, "created_at": e.created_at,
                  "text": e.text if private or e.kind not in PRIVATE_EVENTS else ""}
                 for e in selectors.history(appeal)],
        following=selectors.is_following(appeal, user),
        channel=appeal.channel, rating=appeal.rating, reopened_count=appeal.reopened_count,
    )
    return data


class ListFilters(Schema):
    category: str = ""
    status: str = Field("", description="open, closed or a detailed status")
    area: int | None = Field(None, ge=1, le=selectors.MAX_ID)
    q: str = ""
    bbox: str = Field("", pattern=rf"{BBOX_PATTERN}|^$", description="min_lon,min_lat,max_lon,max_lat")


def _filters(f: ListFilters, **extra) -> selectors.AppealFilters:
    return selectors.AppealFilters(category=f.category, status=f.status, area=f.area, q=f.q[:100],
                                   bbox=parse_bbox(f.bbox) if f.bbox else None, **extra)


# Refused before the body is read (see core.api.access); the services check the same policies again.
_staff = SignedIn(policies.can_use_staff_queue)
_may_file = SignedIn(lambda user, community: has_identity_level(user, IdentityLevel.EMAIL),
                     message=_("Confirm your email address first."), code="identity_required")


@router.get("/categories", response={200: list[CategoryOut], **ERROR_RESPONSES}, summary="Appeal categories")
def category_list(request):
    return list(selectors.categories(require_community(request)))


@router.get("/", response={200: list[AppealOut], **ERROR_RESPONSES}, summary="Appeals the caller may see")
@cached_for_anonymous(seconds=5)
@paginate(PageNumber)
def appeal_list(request, filters: Query[ListFilters]):
    community = require_community(request)
    qs = selectors.appeal_list(community=community, user=request.user, filters=_filters(filters))
    return _Rendered(qs, request.user, community)


class _Rendered:
    """A lazily sliced queryset that renders each appeal for the caller (keeps pagination's count)."""

    def __init__(self, qs, user, community):
        self.qs, self.user, self.community = qs, user, community

    def count(self):
        return self.qs.count()

    def __getitem__(self, item):
        rows = list(self.qs[item])
        for row in rows:
            row.community = self.community
        return [_out(a, self.user) for a in rows]


@router.get("/geojson", response={200: dict, **ERROR_RESPONSES}, summary="Public appeals as GeoJSON (for the map)")
def appeal_geojson(request, filters: Query[ListFilters]):
    community = require_community(request)
    return HttpResponse(selectors.public_geojson_bytes(community=community, filters=_filters(filters)),
                        content_type="application/geo+json")


@router.get("/mine", response={200: list[AppealOut], **ERROR_RESPONSES}, summary="The caller's own appeals",
            auth=signed_in)
@paginate(PageNumber)
def appeal_mine(request):
    user = require_user(request)
    community = require_community(request)
    return _Rendered(selectors.my_appeals(community=community, user=user), user, community)


class NearbyIn(Schema):
    category: str = Field(..., max_length=60)
    lat: float = Field(..., ge=-90, le=90)
    lon: float = Field(..., ge=-180, le=180)


class NearbyOut(Schema):
    id: int
    registration_index: str
    status: str
    address: str
    distance_m: int
    url: str


@router.get("/nearby", response={200: list[NearbyOut], **ERROR_RESPONSES},
            summary="Open public appeals of the same category near a point (follow one instead of filing)")
def appeal_nearby(request, params: Query[NearbyIn]):
    community = require_community(request)
    found = selectors.nearby_open(community=community, category_code=params.category, lat=params.lat, lon=params.lon)
    return [{"id": a.pk, "registration_index": a.registration_index, "status": a.status, "address": a.address,
             "distance_m": round(d), "url": community_path(community, "appeals:detail", a.pk)} for a, d in found]


@router.get("/queue", response={200: list[AppealOut], **ERROR_RESPONSES},
            summary="Staff queue of the caller's departments", auth=_staff)
@paginate(PageNumber)
def appeal_queue(request, filters: Query[ListFilters], overdue: bool = False, due_soon: bool = False,
                 department: int | None = Query(None, ge=1, le=selectors.MAX_ID)):
    user = require_user(request)
    community = require_community(request)
    if not policies.can_use_staff_queue(user, community):
        raise PermissionDenied()
    f = _filters(filters, overdue=overdue, due_soon=due_soon, department=department)
    if not f.status:
        f.status = "open"
    return _Rendered(selectors.staff_queue(community=community, user=user, filters=f), user, community)


class AppealIn(StrictSchema):
    category: str = Field(..., min_length=1, max_length=60)
    description: str = Field(..., min_length=1, max_length=services.MAX_DESCRIPTION)
    lat: float = Field(..., ge=-90, le=90)
    lon: float = Field(..., ge=-180, le=180)
    address: str = Field("", max_length=300)
    is_public: bool | None = None
    kind: Literal["statement", "proposal", "complaint"] = "statement"
    attributes: dict[str, Any] = {}


@router.post("/", response={201: AppealDetailOut, **ERROR_RESPONSES}, summary="File an appeal", auth=_may_file)
def appeal_create(request, payload: AppealIn):
    user = require_user(request)
    community = require_community(request)
    appeal = services.appeal_create(
        actor=user, community=community, category_code=payload.category, description=payload.description,
        lat=payload.lat, lon=payload.lon, address=payload.address, is_public=payload.is_public,
        attributes=payload.attributes, kind=payload.kind, source=Source.API, caller=RateKey.from_request(request),
    )
    return 201, _detail(selectors.appeal_get(community=community, user=user, appeal_id=appeal.pk), user)


@router.get("/{int:appeal_id}", response={200: AppealDetailOut, **ERROR_RESPONSES}, summary="One appeal")
def appeal_detail(request, appeal_id: int):
    community = require_community(request)
    return _detail(selectors.appeal_get(community=community, user=request.user, appeal_id=appeal_id), request.user)


@router.post("/{int:appeal_id}/photos", response={200: AppealDetailOut, **ERROR_RESPONSES},
             summary="Add photos to one's own open appeal (multipart, field `photos`)", auth=signed_in)
def appeal_photos_add(request, appeal_id: int, photos: File[list[UploadedFile]]):
    user = require_user(request)
    community = require_community(request)
    services.appeal_photos_add(actor=user, community=community, appeal_id=appeal_id, photos=photos)
    return _detail(selectors.appeal_get(community=community, user=user, appeal_id=appeal_id), user)


class Ok(Schema):
    ok: bool = True


@router.post("/{int:appeal_id}/follow", response={200: Ok, **ERROR_RESPONSES}, summary="Follow an appeal",
             auth=signed_in)
def appeal_follow(request, appeal_id: int):
    services.appeal_follow(actor=require_user(request), community=require_community(request), appeal_id=appeal_id)
    return {"ok": True}


@router.delete("/{int:appeal_id}/follow", response={200: Ok, **ERROR_RESPONSES}, summary="Stop following",
               auth=signed_in)
def appeal_unfollow(request, appeal_id: int):
    services.appeal_unfollow(actor=require_user(request), community=require_community(request), appeal_id=appeal_id)
    return {"ok": True}


# ---------------------------------------------------------------- the author's word on the answer

class ReplyIn(StrictSchema):
    text: str = Field(..., min_length=1, max_length=2000)


class ReopenIn(StrictSchema):
    reason: str = Field(..., min_length=1, max_length=2000)


class RateIn(StrictSchema):
    rating: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=1000)


@router.post("/{int:appeal_id}/reply", response={200: AppealDetailOut, **ERROR_RESPONSES},
             summary="The author replies or adds details", auth=signed_in)
def appeal_reply(request, appeal_id: int, payload: ReplyIn):
    return _act(request, appeal_id, services.appeal_reply, text=payload.text)


@router.post("/{int:appeal_id}/reopen", response={200: AppealDetailOut, **ERROR_RESPONSES},
             summary="The author reopens an answered appeal (within 30 days of the answer)", auth=signed_in)
def appeal_reopen(request, appeal_id: int, payload: ReopenIn):
    return _act(request, appeal_id, services.appeal_reopen, reason=payload.reason)


@router.post("/{int:appeal_id}/rate", response={200: AppealDetailOut, **ERROR_RESPONSES},
             summary="The author rates the answer, 1 (did not help) to 5 (solved)", auth=signed_in)
def appeal_rate(request, appeal_id: int, payload: RateIn):
    return _act(request, appeal_id, services.appeal_rate, rating=payload.rating, comment=payload.comment)


# ---------------------------------------------------------------- staff actions

class AssignIn(StrictSchema):
    owner_id: int = Field(..., ge=1, le=selectors.MAX_ID)


class TextIn(StrictSchema):
    text: str = Field(..., min_length=1, max_length=services.MAX_TEXT)


class ReasonIn(StrictSchema):
    reason: str = Field(..., min_length=1, max_length=services.MAX_TEXT)


class RedirectIn(StrictSchema):
    to: str = Field(..., min_length=1, max_length=300)
    reason: str = Field("", max_length=services.MAX_TEXT)


class ExtendIn(StrictSchema):
    reason: str = Field(..., min_length=1, max_length=services.MAX_TEXT)
    until: date | None = None


class CategoryIn(StrictSchema):
    category: str = Field(..., min_length=1, max_length=60)


class NoteOut(Schema):
    author: str
    text: str
    created_at: datetime


def _act(request, appeal_id: int, service, **kwargs):
    user = require_user(request)
    community = require_community(request)
    service(actor=user, community=community, appeal_id=appeal_id, **kwargs)
    return _detail(selectors.appeal_get(community=community, user=user, appeal_id=appeal_id), user)


@router.post("/{int:appeal_id}/assign", response={200: AppealDetailOut, **ERROR_RESPONSES},
             summary="Assign or reassign the process owner", auth=_staff)
def appeal_assign(request, appeal_id: int, payload: AssignIn):
    return _act(request, appeal_id, services.appeal_assign, owner_id=payload.owner_id)


@router.post("/{int:appeal_id}/start", response={200: AppealDetailOut, **ERROR_RESPONSES}, summary="Start work",
             auth=_staff)
def appeal_start(request, appeal_id: int):
    return _act(request, appeal_id, services.appeal_start)


@router.post("/{int:appeal_id}/answer", response={200: AppealDetailOut, **ERROR_RESPONSES},
             summary="Answer (documents can be attached in the web office)", auth=_staff)
def appeal_answer(request, appeal_id: int, payload: TextIn):
    return _act(request, appeal_id, services.appeal_answer, text=payload.text)


@router.post("/{int:appeal_id}/answer/with-documents", response={200: AppealDetailOut, **ERROR_RESPONSES},
             summary="Answer with attached documents (multipart: `text` and `documents`, PDF or images)",
             auth=_staff)
def appeal_answer_with_documents(request, appeal_id: int, text: Form[str], documents: File[list[UploadedFile]]):
    return _act(request, appeal_id, services.appeal_answer, text=text, documents=documents)


@router.post("/{int:appeal_id}/reject", response={200: AppealDetailOut, **ERROR_RESPONSES}, summary="Reject",
             auth=_staff)
def appeal_reject(request, appeal_id: int, payload: ReasonIn):
    return _act(request, appeal_id, services.appeal_reject, reason=payload.reason)


@router.post("/{int:appeal_id}/redirect", response={200: AppealDetailOut, **ERROR_RESPONSES},
             summary="Redirect to another body", auth=_staff)
def appeal_redirect(request, appeal_id: int, payload: RedirectIn):
    return _act(request, appeal_id, services.appeal_redirect, to=payload.to, reason=payload.reason)


@router.post("/{int:appeal_id}/extend", response={200: AppealDetailOut, **ERROR_RESPONSES},
             summary="Extend the term (once, within the statutory maximum)", auth=_staff)
def appeal_extend(request, appeal_id: int, payload: ExtendIn):
    return _act(request, appeal_id, services.appeal_extend, reason=payload.reason, until=payload.until)


@router.post("/{int:appeal_id}/category", response={200: AppealDetailOut, **ERROR_RESPONSES},
             summary="Change the category (re-routes)", auth=_staff)
def appeal_category(request, appeal_id: int, payload: CategoryIn):
    return _act(request, appeal_id, services.appeal_change_category, category_code=payload.category)


@router.post("/{int:appeal_id}/close", response={200: AppealDetailOut, **ERROR_RESPONSES}, summary="Close",
             auth=_staff)
def appeal_close(request, appeal_id: int):
    return _act(request, appeal_id, services.appeal_close)


@router.get("/{int:appeal_id}/notes", response={200: list[NoteOut], **ERROR_RESPONSES}, summary="Internal notes",
            auth=_staff)
def appeal_notes(request, appeal_id: int):
    user = require_user(request)
    community = require_community(request)
    appeal = selectors.appeal_get(community=community, user=user, appeal_id=appeal_id)
    if not policies.can_handle(user, appeal):
        raise PermissionDenied()
    return [{"author": n.author.display_name, "text": n.text, "created_at": n.created_at}
            for n in appeal.notes.select_related("author")]


@router.post("/{int:appeal_id}/notes", response={201: NoteOut, **ERROR_RESPONSES}, summary="Add an internal note",
             auth=_staff)
def appeal_note_add(request, appeal_id: int, payload: TextIn):
    user = require_user(request)
    note = services.appeal_note_add(actor=user, community=require_community(request), appeal_id=appeal_id,
                                    text=payload.text)
    return 201, {"author": user.display_name, "text": note.text, "created_at": note.created_at}
